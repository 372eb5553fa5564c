// webrtc-stats for the RTP streams of one RTCPeerConnection: codec, outbound-rtp, remote-inbound-rtp,
// inbound-rtp, remote-outbound-rtp and media-source (W3C names, via media/rtp/stats.ts), for
// pc.getStats() and for RTCRtpSender/RTCRtpReceiver.getStats().

import { sourceOf } from '../media/nonstandard/bindings.js';
import { codecStats, receiveStreamStats, sendStreamStats } from '../media/rtp/stats.js';
import type { MediaStreamTrack } from '../media/track.js';
import type { RTCStats } from '../w3c/stats.js';
import type { TransceiverEntry } from './media-state.js';
import type { PeerState } from './peer-state.js';

const TRANSPORT_ID = 'T01';

/** Session-clock times (performance.now()) become DOMHighResTimeStamps since the time origin. */
function toOrigin(r: Record<string, unknown>): RTCStats {
  const out = { ...r } as RTCStats;
  out.timestamp = performance.timeOrigin + (r.timestamp as number);
  if (typeof r.lastPacketReceivedTimestamp === 'number')
    out.lastPacketReceivedTimestamp = performance.timeOrigin + r.lastPacketReceivedTimestamp;
  return out;
}

function senderReports(s: PeerState, e: TransceiverEntry, now: number): RTCStats[] {
  const transport = s.media.transport;
  const stream = transport?.streamsOf(e).send;
  if (!stream) return [];
  const out = sendStreamStats(stream, TRANSPORT_ID, now).map(toOrigin);
  const outbound = out[0]!;
  const codec = e.negotiated?.codecs.find((c) => c.payloadType === stream.payloadType);
  if (codec) out.push(toOrigin(codecStats(codec, TRANSPORT_ID, now)));
  const track = e.transceiver.sender.track;
  if (track) {
    const id = `SO${stream.ssrc}`;
    outbound.mediaSourceId = id;
    const source = sourceOf(track);
    const media: RTCStats = {
      id,
      type: 'media-source',
      timestamp: performance.timeOrigin + now,
      kind: track.kind,
      trackIdentifier: track.id,
    };
    if (source && track.kind === 'video') media.frames = source.stats.framesSent;
    out.push(media);
    if (source && track.kind === 'video') outbound.framesSent = source.stats.framesSent;
  }
  if (e.transceiver.mid !== null) outbound.mid = e.transceiver.mid;
  return out;
}

function receiverReports(s: PeerState, e: TransceiverEntry, now: number): RTCStats[] {
  const transport = s.media.transport;
  if (!transport) return [];
  const out: RTCStats[] = [];
  for (const stream of transport.streamsOf(e).receive) {
    const reports = receiveStreamStats(stream, TRANSPORT_ID, now).map(toOrigin);
    const inbound = reports[0];
    if (!inbound) continue;
    inbound.trackIdentifier = e.transceiver.receiver.track.id;
    const pt = transport.lastPayloadType(stream);
    const codec = e.negotiated?.codecs.find((c) => c.payloadType === pt);
    if (codec) {
      const c = toOrigin(codecStats(codec, TRANSPORT_ID, now));
      inbound.codecId = c.id;
      reports.push(c);
    }
    out.push(...reports);
  }
  return out;
}

function report(list: RTCStats[]): Map<string, RTCStats> {
  return new Map(list.map((r) => [r.id, r]));
}

export function senderStats(s: PeerState, e: TransceiverEntry): Map<string, RTCStats> {
  return report(s.stack ? senderReports(s, e, s.stack.now()) : []);
}

export function receiverStats(s: PeerState, e: TransceiverEntry): Map<string, RTCStats> {
  return report(s.stack ? receiverReports(s, e, s.stack.now()) : []);
}

/** Everything for pc.getStats(), or for the sender/receiver of `track` (webrtc-pc §8.2 selector). */
export function mediaStats(s: PeerState, track?: MediaStreamTrack): RTCStats[] {
  if (!s.stack) return [];
  const now = s.stack.now();
  const out: RTCStats[] = [];
  for (const e of s.media.entries) {
    const t = e.transceiver;
    if (!track || t.sender.track === track) out.push(...senderReports(s, e, now));
    if (!track || t.receiver.track === track) out.push(...receiverReports(s, e, now));
  }
  return out;
}
