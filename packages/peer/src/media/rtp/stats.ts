// webrtc-stats (W3C Identifiers for WebRTC's Statistics API) dictionaries for the RTP streams of a
// MediaSession: outbound-rtp, remote-inbound-rtp, inbound-rtp, remote-outbound-rtp and codec, with
// the W3C member names and units (seconds for jitter and round-trip time, ms for timestamps).
// `timestamp` is the caller's `now`; the RTCPeerConnection passes its performance-timeline time.
import { unixMsFromNtp } from '@rtc/rtp';
import type { MediaCodec } from '../codecs/capabilities.js';
import type { ReceiveStream } from './receive-stream.js';
import type { SendStream } from './send-stream.js';

export type RtpStatsReport = Record<string, unknown> & { id: string; type: string; timestamp: number };

export function codecStats(codec: MediaCodec, transportId: string, now: number): RtpStatsReport {
  const r: RtpStatsReport = {
    id: `CO${transportId}_${codec.payloadType}`,
    type: 'codec',
    timestamp: now,
    payloadType: codec.payloadType,
    mimeType: codec.mimeType,
    clockRate: codec.clockRate,
    transportId,
  };
  if (codec.channels !== undefined) r.channels = codec.channels;
  if (codec.sdpFmtpLine !== undefined) r.sdpFmtpLine = codec.sdpFmtpLine;
  return r;
}

/** outbound-rtp and, once a report block arrived, remote-inbound-rtp for one send stream. */
export function sendStreamStats(s: SendStream, transportId: string, now: number): RtpStatsReport[] {
  const id = `OT${transportId}_${s.ssrc}`;
  const remoteId = `RI${transportId}_${s.ssrc}`;
  const out: RtpStatsReport = {
    id,
    type: 'outbound-rtp',
    timestamp: now,
    ssrc: s.ssrc,
    kind: s.kind,
    transportId,
    codecId: `CO${transportId}_${s.payloadType}`,
    ...s.counters,
  };
  if (s.mid !== undefined) out.mid = s.mid;
  if (s.rid !== undefined) out.rid = s.rid;
  if (s.rtxSsrc !== undefined) out.rtxSsrc = s.rtxSsrc;
  const reports = [out];
  const rr = s.remoteReport;
  if (rr) {
    out.remoteId = remoteId;
    const remote: RtpStatsReport = {
      id: remoteId,
      type: 'remote-inbound-rtp',
      timestamp: rr.receivedAt,
      ssrc: s.ssrc,
      kind: s.kind,
      transportId,
      codecId: out.codecId,
      localId: id,
      packetsLost: rr.packetsLost,
      fractionLost: rr.fractionLost,
      jitter: rr.jitter,
      totalRoundTripTime: s.totalRoundTripTime,
      roundTripTimeMeasurements: s.roundTripTimeMeasurements,
    };
    if (rr.roundTripTimeMs !== undefined) remote.roundTripTime = rr.roundTripTimeMs / 1000;
    reports.push(remote);
  }
  return reports;
}

/** inbound-rtp and, once an SR arrived, remote-outbound-rtp for one receive stream (none before its SSRC is known). */
export function receiveStreamStats(r: ReceiveStream, transportId: string, now: number): RtpStatsReport[] {
  if (r.ssrc === undefined) return [];
  const id = `IT${transportId}_${r.ssrc}`;
  const remoteId = `RO${transportId}_${r.ssrc}`;
  const { lastPacketReceivedAt, ...counters } = r.counters;
  const inbound: RtpStatsReport = {
    id,
    type: 'inbound-rtp',
    timestamp: now,
    ssrc: r.ssrc,
    kind: r.kind,
    transportId,
    trackIdentifier: '',
    ...counters,
    packetsLost: r.packetsLost,
    jitter: (r.statistics?.jitterMs ?? 0) / 1000,
  };
  if (lastPacketReceivedAt !== undefined) inbound.lastPacketReceivedTimestamp = lastPacketReceivedAt;
  if (r.mid !== undefined) inbound.mid = r.mid;
  if (r.rid !== undefined) inbound.rid = r.rid;
  const reports = [inbound];
  const sr = r.remoteSenderReport;
  if (sr) {
    inbound.remoteId = remoteId;
    reports.push({
      id: remoteId,
      type: 'remote-outbound-rtp',
      timestamp: sr.receivedAt,
      ssrc: r.ssrc,
      kind: r.kind,
      transportId,
      localId: id,
      packetsSent: sr.packetCount,
      bytesSent: sr.octetCount,
      remoteTimestamp: unixMsFromNtp(sr.ntpTimestamp),
      reportsSent: sr.reportsReceived,
    });
  }
  return reports;
}
