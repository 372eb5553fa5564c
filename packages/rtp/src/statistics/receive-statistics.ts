import { RtpError } from '../errors.js';
import { ntpMiddle32 } from '../packet/ntp.js';
import { Unwrapper } from '../packet/sequence.js';
import type { ReportBlock } from '../rtcp/report-block.js';

/**
 * Per-source reception statistics for RTCP receiver report blocks (RFC 3550 §6.4.1, Appendix A.3
 * and A.8), sans-I/O: the caller passes arrival times in milliseconds on its monotonic clock.
 * Source validation (A.1 probation) is left to the caller: the first packet fixes the base.
 */
export class ReceiveStatistics {
  private readonly unwrapper = new Unwrapper(16);
  private base: number | undefined;
  private highest = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private lastTransit: number | undefined;
  /** RFC 3550 A.8 interarrival jitter in timestamp units (kept fractional, reported rounded). */
  private jitterUnits = 0;
  private lastSr: { middle: number; arrivalMs: number } | undefined;

  constructor(
    readonly ssrc: number,
    private readonly clockRate: number,
  ) {
    if (!(clockRate > 0)) throw new RtpError('bad-value', 'clock rate must be positive');
  }

  handlePacket(sequenceNumber: number, rtpTimestamp: number, arrivalMs: number): void {
    const seq = this.unwrapper.unwrap(sequenceNumber);
    if (this.base === undefined) {
      this.base = seq;
      this.highest = seq;
    } else if (seq > this.highest) this.highest = seq;
    this.received++;
    // RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, with transit = arrival (in RTP units) - timestamp.
    const transit = (arrivalMs * this.clockRate) / 1000 - rtpTimestamp;
    if (this.lastTransit !== undefined) {
      let d = transit - this.lastTransit;
      // timestamps wrap at 2^32: take the shortest distance
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.jitterUnits += (Math.abs(d) - this.jitterUnits) / 16;
    }
    this.lastTransit = transit;
  }

  /** Records an arriving sender report from this source (for LSR/DLSR, RFC 3550 §6.4.1). */
  handleSenderReport(ntpTimestamp: bigint, arrivalMs: number): void {
    this.lastSr = { middle: ntpMiddle32(ntpTimestamp), arrivalMs };
  }

  /** Builds the report block and starts a new reporting interval (for the fraction lost). */
  reportBlock(nowMs: number): ReportBlock | undefined {
    if (this.base === undefined) return undefined;
    // RFC 3550 A.3
    const expected = this.highest - this.base + 1;
    const lost = expected - this.received;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(fractionLost, 255),
      // clamp to the signed 24-bit field
      packetsLost: Math.max(-0x800000, Math.min(0x7fffff, lost)),
      highestSequence: (this.highest % 2 ** 32) >>> 0,
      jitter: Math.round(this.jitterUnits) >>> 0,
      lsr: this.lastSr?.middle ?? 0,
      // delay since last SR in 1/65536 s
      dlsr: this.lastSr ? Math.max(0, Math.round(((nowMs - this.lastSr.arrivalMs) * 65536) / 1000)) >>> 0 : 0,
    };
  }

  /** Interarrival jitter in milliseconds. */
  get jitterMs(): number {
    return (this.jitterUnits * 1000) / this.clockRate;
  }

  get packetsReceived(): number {
    return this.received;
  }
}
