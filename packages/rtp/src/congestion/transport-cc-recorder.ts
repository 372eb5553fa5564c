import { RtpError } from '../errors.js';
import { Unwrapper } from '../packet/sequence.js';
import { buildTransportCc, type TransportCcFeedback } from '../rtcp/transport-cc.js';

export interface TransportCcRecorderOptions {
  senderSsrc: number;
  mediaSsrc: number;
  /** Feedback interval (libwebrtc sends every 50-250 ms). Default 100 ms. */
  intervalMs?: number;
  /** Arrivals kept at most before the oldest are dropped unreported. Default 4096. */
  maxPending?: number;
}

/**
 * Receiver side of transport-wide congestion control (sans-I/O): records the arrival time of each
 * transport-wide sequence number and emits feedback packets every `intervalMs`. Call
 * `handlePacket(seq, nowMs)` per received RTP packet carrying the extension, `handleTimeout(nowMs)`
 * by `nextDeadline()`, and send what `pollFeedback()` returns inside RTCP.
 */
export class TransportCcRecorder {
  private readonly unwrapper = new Unwrapper(16);
  private readonly arrivals = new Map<number, number>();
  private readonly intervalMs: number;
  private readonly maxPending: number;
  /** First extended sequence number not yet reported. */
  private nextToReport: number | undefined;
  private highest: number | undefined;
  private fbPktCount = 0;
  private deadline: number | undefined;
  private readonly out: TransportCcFeedback[] = [];

  constructor(private readonly options: TransportCcRecorderOptions) {
    this.intervalMs = options.intervalMs ?? 100;
    this.maxPending = options.maxPending ?? 4096;
    if (!(this.intervalMs > 0) || this.maxPending < 1) throw new RtpError('bad-value', 'bad recorder limits');
  }

  handlePacket(transportSequenceNumber: number, nowMs: number): void {
    const seq = this.unwrapper.unwrap(transportSequenceNumber);
    if (this.nextToReport !== undefined && seq < this.nextToReport) return; // already reported as lost
    if (this.arrivals.has(seq)) return;
    this.arrivals.set(seq, nowMs);
    if (this.nextToReport === undefined || seq < this.nextToReport) this.nextToReport = seq;
    if (this.highest === undefined || seq > this.highest) this.highest = seq;
    // Bound memory: forget the oldest range beyond the limit.
    if (this.highest - this.nextToReport + 1 > this.maxPending) {
      const floor = this.highest - this.maxPending + 1;
      for (const k of this.arrivals.keys()) if (k < floor) this.arrivals.delete(k);
      this.nextToReport = floor;
      while (!this.arrivals.has(this.nextToReport) && this.nextToReport < this.highest) this.nextToReport++;
    }
    this.deadline ??= nowMs + this.intervalMs;
  }

  handleTimeout(nowMs: number): void {
    if (this.deadline === undefined || nowMs < this.deadline) return;
    this.deadline = undefined;
    this.flush();
  }

  /** Builds feedback for everything recorded so far, now. */
  flush(): void {
    if (this.nextToReport === undefined || this.highest === undefined) return;
    let start = this.nextToReport;
    while (start <= this.highest && !this.arrivals.has(start)) start++;
    while (start <= this.highest) {
      // One feedback covers at most 0xffff packets and deltas that fit 16 bits (signed, 250 us).
      const arrivals: (number | undefined)[] = [];
      let last = this.arrivals.get(start)! * 1000;
      let end = start;
      for (let s = start; s <= this.highest && arrivals.length < 0xffff; s++) {
        const t = this.arrivals.get(s);
        if (t !== undefined) {
          const us = t * 1000;
          if (s !== start && Math.abs(us - last) >= 0x7fff * 250) break;
          last = us;
        }
        arrivals.push(t === undefined ? undefined : t * 1000);
        end = s;
      }
      this.out.push(
        buildTransportCc({
          senderSsrc: this.options.senderSsrc,
          mediaSsrc: this.options.mediaSsrc,
          fbPktCount: this.fbPktCount,
          baseSequenceNumber: start & 0xffff,
          arrivals,
        }),
      );
      this.fbPktCount = (this.fbPktCount + 1) & 0xff;
      for (let s = start; s <= end; s++) this.arrivals.delete(s);
      start = end + 1;
      while (start <= this.highest && !this.arrivals.has(start)) start++;
    }
    this.nextToReport = this.highest + 1;
  }

  pollFeedback(): TransportCcFeedback | undefined {
    return this.out.shift();
  }

  nextDeadline(): number | undefined {
    return this.deadline;
  }
}
