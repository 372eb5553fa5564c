// One outgoing RTP stream (an SSRC, RFC 3550 §3) with its RTX partner (RFC 4588), the send-side
// history that answers NACKs, the counters for sender reports, and what the remote reported.
import { PacketHistory, type ReportBlock, SendStatistics } from '@rtc/rtp';
import type { MediaKind } from '../codecs/capabilities.js';

export interface SendStreamInit {
  kind: MediaKind;
  ssrc: number;
  /** Default payload type for `MediaSession.sendRtp`. */
  payloadType: number;
  clockRate: number;
  /** RFC 4588 RTX: set both to answer NACKs with RTX; without them NACKs resend the original. */
  rtxSsrc?: number;
  rtxPayloadType?: number;
  /** Written in the mid header extension when negotiated (RFC 8843 §9.1). */
  mid?: string;
  /** Written in the rid header extension when sending simulcast (RFC 8852). */
  rid?: string;
  /** Packets kept for retransmission; default 1024 for video, 0 (no NACK answers) for audio. */
  historyCapacity?: number;
  /** Initial sequence number; RFC 3550 §5.1 wants it random (the session draws one when omitted). */
  initialSequenceNumber?: number;
}

/** What the remote's report blocks say about this stream (for remote-inbound-rtp). */
export interface RemoteReceptionReport {
  fractionLost: number;
  packetsLost: number;
  highestSequence: number;
  jitter: number;
  /** RFC 3550 §6.4.1 round-trip time from LSR/DLSR, in ms, when the block carried an LSR. */
  roundTripTimeMs: number | undefined;
  receivedAt: number;
}

export class SendStream {
  readonly kind: MediaKind;
  readonly ssrc: number;
  readonly rtxSsrc: number | undefined;
  readonly rtxPayloadType: number | undefined;
  readonly clockRate: number;
  readonly mid: string | undefined;
  readonly rid: string | undefined;
  payloadType: number;
  readonly statistics: SendStatistics;
  readonly history: PacketHistory | undefined;
  /** Counters for outbound-rtp stats (W3C webrtc-stats names). */
  readonly counters = {
    packetsSent: 0,
    bytesSent: 0,
    headerBytesSent: 0,
    retransmittedPacketsSent: 0,
    retransmittedBytesSent: 0,
    nackCount: 0,
    pliCount: 0,
    firCount: 0,
  };
  remoteReport: RemoteReceptionReport | undefined;
  /** webrtc-stats remote-inbound-rtp totalRoundTripTime (s) and roundTripTimeMeasurements. */
  totalRoundTripTime = 0;
  roundTripTimeMeasurements = 0;
  /** Next sequence number to send. */
  sequenceNumber: number;
  /** The RTP timestamp and time of the last packet sent: SRs extrapolate from it (RFC 3550 §6.4.1). */
  lastTimestamp: number | undefined;
  lastSentAt = 0;
  /** Packets sent since the last RTCP report (RFC 3550 §6.3: we_sent). */
  sentSinceReport = false;
  /** Last FIR sequence number seen per requester (RFC 5104 §4.3.1.2: repeats are the same request). */
  readonly firSeen = new Map<number, number>();

  constructor(init: SendStreamInit, initialSequenceNumber: number) {
    this.kind = init.kind;
    this.ssrc = init.ssrc >>> 0;
    this.payloadType = init.payloadType;
    this.clockRate = init.clockRate;
    this.rtxSsrc = init.rtxSsrc;
    this.rtxPayloadType = init.rtxPayloadType;
    this.mid = init.mid;
    this.rid = init.rid;
    this.sequenceNumber = (init.initialSequenceNumber ?? initialSequenceNumber) & 0xffff;
    this.statistics = new SendStatistics(this.ssrc);
    const capacity = init.historyCapacity ?? (init.kind === 'video' ? 1024 : 0);
    if (capacity > 0) {
      const rtx =
        init.rtxSsrc !== undefined && init.rtxPayloadType !== undefined
          ? {
              payloadType: init.rtxPayloadType,
              ssrc: init.rtxSsrc,
              initialSequenceNumber: initialSequenceNumber ^ 0x5a5a,
            }
          : undefined;
      this.history = new PacketHistory(rtx ? { capacity, rtx } : { capacity });
    }
  }

  /** The RTP timestamp of wall-clock instant `now` on this stream's media clock (for SRs). */
  rtpTimestampAt(now: number): number {
    if (this.lastTimestamp === undefined) return 0;
    return (this.lastTimestamp + Math.round(((now - this.lastSentAt) * this.clockRate) / 1000)) >>> 0;
  }

  handleReportBlock(block: ReportBlock, rttMs: number | undefined, now: number): void {
    if (rttMs !== undefined) {
      this.totalRoundTripTime += rttMs / 1000;
      this.roundTripTimeMeasurements++;
    }
    this.remoteReport = {
      fractionLost: block.fractionLost / 256,
      packetsLost: block.packetsLost,
      highestSequence: block.highestSequence,
      jitter: block.jitter / this.clockRate,
      roundTripTimeMs: rttMs,
      receivedAt: now,
    };
  }
}
