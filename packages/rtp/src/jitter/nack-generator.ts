import { RtpError } from '../errors.js';
import { Unwrapper } from '../packet/sequence.js';

export interface NackGeneratorOptions {
  /** Requests per missing packet before giving up. Default 10. */
  maxRetries?: number;
  /** Round-trip time estimate: a packet is re-requested after this long. Default 100 ms; see setRtt. */
  rttMs?: number;
  /** Missing packets tracked at most (oldest forgotten first). Default 1000. */
  maxTracked?: number;
  /** A missing packet older than this is given up on. Default 1000 ms. */
  maxAgeMs?: number;
}

export interface NackGeneratorStats {
  /** Sequence numbers requested (each retry counts). */
  requested: number;
  /** Missing packets that arrived afterwards. */
  recovered: number;
  /** Missing packets given up on (retries, age or tracking limit). */
  givenUp: number;
}

interface Missing {
  firstSeenAt: number;
  sentAt: number | undefined;
  retries: number;
}

/**
 * Generates RFC 4585 generic NACK requests from sequence-number gaps (sans-I/O). Feed every received
 * sequence number with `handlePacket`; call `handleTimeout(now)` by `nextDeadline()`; take the
 * sequence numbers to request with `pollNack()` and send them as a `{ type: 'nack' }` RTCP packet.
 */
export class NackGenerator {
  readonly stats: NackGeneratorStats = { requested: 0, recovered: 0, givenUp: 0 };
  private readonly maxRetries: number;
  private readonly maxTracked: number;
  private readonly maxAgeMs: number;
  private rttMs: number;
  private readonly unwrapper = new Unwrapper(16);
  private highest: number | undefined;
  /** Extended sequence number -> state; Map keeps insertion (ascending) order. */
  private readonly missing = new Map<number, Missing>();
  private due: number[] | undefined;

  constructor(options: NackGeneratorOptions = {}) {
    this.maxRetries = options.maxRetries ?? 10;
    this.rttMs = options.rttMs ?? 100;
    this.maxTracked = options.maxTracked ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 1000;
    if (this.maxTracked < 1 || this.maxRetries < 1)
      throw new RtpError('bad-value', 'limits must be positive');
  }

  setRtt(rttMs: number): void {
    this.rttMs = Math.max(1, rttMs);
  }

  handlePacket(sequenceNumber: number, now: number): void {
    const seq = this.unwrapper.unwrap(sequenceNumber);
    if (this.highest === undefined) {
      this.highest = seq;
      return;
    }
    if (seq <= this.highest) {
      if (this.missing.delete(seq)) this.stats.recovered++;
      return;
    }
    // A jump larger than we can track: forget the old holes and keep the newest ones only.
    const from = Math.max(this.highest + 1, seq - this.maxTracked);
    if (from > this.highest + 1) {
      this.stats.givenUp += this.missing.size + (from - this.highest - 1);
      this.missing.clear();
    }
    for (let s = from; s < seq; s++) this.missing.set(s, { firstSeenAt: now, sentAt: undefined, retries: 0 });
    this.highest = seq;
    while (this.missing.size > this.maxTracked) {
      const oldest = this.missing.keys().next().value as number;
      this.missing.delete(oldest);
      this.stats.givenUp++;
    }
  }

  /** Collects the sequence numbers due for a (re)request at `now`. */
  handleTimeout(now: number): void {
    let list: number[] | undefined;
    for (const [seq, m] of this.missing) {
      if (now - m.firstSeenAt > this.maxAgeMs) {
        this.missing.delete(seq);
        this.stats.givenUp++;
        continue;
      }
      if (m.sentAt !== undefined && now - m.sentAt < this.rttMs) continue;
      if (m.retries >= this.maxRetries) {
        this.missing.delete(seq);
        this.stats.givenUp++;
        continue;
      }
      m.retries++;
      m.sentAt = now;
      this.stats.requested++;
      (list ??= []).push(seq & 0xffff);
    }
    if (list) this.due = this.due ? this.due.concat(list) : list;
  }

  /** Sequence numbers to put in a generic NACK now, or undefined. */
  pollNack(): number[] | undefined {
    const d = this.due;
    this.due = undefined;
    return d;
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const m of this.missing.values()) {
      const t =
        m.sentAt === undefined
          ? m.firstSeenAt
          : Math.min(m.sentAt + this.rttMs, m.firstSeenAt + this.maxAgeMs);
      if (next === undefined || t < next) next = t;
    }
    return next;
  }

  /** Number of sequence numbers currently considered missing. */
  get missingCount(): number {
    return this.missing.size;
  }
}
