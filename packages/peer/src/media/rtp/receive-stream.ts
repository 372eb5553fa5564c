// One incoming RTP stream, as the SDP describes it (mid, rid, SSRCs, payload types) and as the
// demultiplexer binds it to SSRCs (RFC 8843 §9.2), with reception statistics for receiver reports
// (RFC 3550 §6.4.1) and the NACK generator (RFC 4585 §6.2.1).
import { NackGenerator, ReceiveStatistics, Unwrapper } from '@rtc/rtp';
import { codecName, fmtpMap, type MediaCodec, type MediaKind } from '../codecs/capabilities.js';

/** Sequence numbers remembered for duplicate detection (a power of two, a multiple of 32). */
const SEEN_WINDOW = 2048;

export interface ReceiveStreamInit {
  kind: MediaKind;
  /** Negotiated codecs of the section (RTX entries included, their apt pointing at the media PT). */
  codecs: readonly MediaCodec[];
  mid?: string;
  /** RFC 8851 rid, for one layer of a simulcast reception. */
  rid?: string;
  /** Media SSRC from a=ssrc, when signalled; otherwise learned from mid/rid/payload type. */
  ssrc?: number;
  /** RTX SSRC from a=ssrc-group:FID, when signalled. */
  rtxSsrc?: number;
  /** Generate NACKs for gaps (default: when a codec lists rtcp-fb nack). */
  nack?: boolean;
  /**
   * Our SSRC on the same m-section (its transceiver's, a=ssrc in our description): the reporter of
   * this stream's reception report while that section sends nothing (rtcp-sender.ts).
   */
  reporterSsrc?: number;
}

/** The SR last received from this stream's sender (for remote-outbound-rtp and LSR). */
export interface RemoteSenderReport {
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  receivedAt: number;
  reportsReceived: number;
}

export class ReceiveStream {
  readonly kind: MediaKind;
  readonly mid: string | undefined;
  readonly rid: string | undefined;
  readonly codecs: readonly MediaCodec[];
  readonly reporterSsrc: number | undefined;
  ssrc: number | undefined;
  rtxSsrc: number | undefined;
  /** Media payload type -> clock rate; RTX payload type -> the payload type it repairs. */
  readonly clockRates = new Map<number, number>();
  readonly rtxApt = new Map<number, number>();
  readonly nack: NackGenerator | undefined;
  statistics: ReceiveStatistics | undefined;
  remoteSenderReport: RemoteSenderReport | undefined;
  /** Counters for inbound-rtp stats (W3C webrtc-stats names). */
  readonly counters = {
    packetsReceived: 0,
    bytesReceived: 0,
    headerBytesReceived: 0,
    retransmittedPacketsReceived: 0,
    retransmittedBytesReceived: 0,
    nackCount: 0,
    pliCount: 0,
    firCount: 0,
    lastPacketReceivedAt: undefined as number | undefined,
  };
  firSequenceNumber = 0;
  private readonly seqUnwrapper = new Unwrapper(16);
  private firstSeq: number | undefined;
  private highestSeq: number | undefined;
  /** One bit per extended sequence number of the last SEEN_WINDOW (which were received). */
  private readonly seen = new Uint32Array(SEEN_WINDOW / 32);

  constructor(init: ReceiveStreamInit) {
    this.kind = init.kind;
    this.mid = init.mid;
    this.rid = init.rid;
    this.codecs = init.codecs;
    this.reporterSsrc = init.reporterSsrc;
    this.ssrc = init.ssrc;
    this.rtxSsrc = init.rtxSsrc;
    for (const c of init.codecs) {
      if (codecName(c.mimeType) === 'rtx') {
        const apt = Number(fmtpMap(c.sdpFmtpLine).get('apt'));
        if (Number.isInteger(apt)) this.rtxApt.set(c.payloadType, apt);
      } else this.clockRates.set(c.payloadType, c.clockRate);
    }
    const wantsNack =
      init.nack ?? init.codecs.some((c) => c.rtcpFeedback.some((f) => f.type === 'nack' && !f.parameter));
    if (wantsNack) this.nack = new NackGenerator();
  }

  /**
   * Records a media packet's sequence number (RTX unwrapped) and its extended range (for
   * packetsLost). False when it was already received, or is older than the duplicate window.
   */
  accept(sequenceNumber: number): boolean {
    const seq = this.seqUnwrapper.unwrap(sequenceNumber);
    const high = this.highestSeq;
    if (high !== undefined) {
      if (seq <= high - SEEN_WINDOW) return false;
      if (seq > high) {
        for (let s = Math.max(high + 1, seq - SEEN_WINDOW + 1); s <= seq; s++) this.setSeen(s, false);
      } else if (this.wasSeen(seq)) return false;
    }
    this.setSeen(seq, true);
    if (this.firstSeq === undefined || seq < this.firstSeq) this.firstSeq = seq;
    if (high === undefined || seq > high) this.highestSeq = seq;
    return true;
  }

  private wasSeen(seq: number): boolean {
    const bit = ((seq % SEEN_WINDOW) + SEEN_WINDOW) % SEEN_WINDOW;
    return (this.seen[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  private setSeen(seq: number, on: boolean): void {
    const bit = ((seq % SEEN_WINDOW) + SEEN_WINDOW) % SEEN_WINDOW;
    if (on) this.seen[bit >>> 5]! |= 1 << (bit & 31);
    else this.seen[bit >>> 5]! &= ~(1 << (bit & 31));
  }

  /** RFC 3550 §6.4.1 cumulative number of packets lost: expected minus received (may be negative). */
  get packetsLost(): number {
    if (this.firstSeq === undefined || this.highestSeq === undefined) return 0;
    return this.highestSeq - this.firstSeq + 1 - (this.statistics?.packetsReceived ?? 0);
  }

  /** True when `payloadType` is one of this stream's media or RTX payload types. */
  hasPayloadType(payloadType: number): boolean {
    return this.clockRates.has(payloadType) || this.rtxApt.has(payloadType);
  }

  /** Starts the reception statistics at the first packet's clock rate. */
  statisticsFor(ssrc: number, payloadType: number): ReceiveStatistics | undefined {
    if (this.statistics) return this.statistics;
    const rate = this.clockRates.get(payloadType);
    if (rate === undefined) return undefined;
    this.statistics = new ReceiveStatistics(ssrc, rate);
    return this.statistics;
  }
}
