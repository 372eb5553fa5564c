import { tsnAdd, tsnDiff, tsnLt } from './serial.js';

/**
 * Received-TSN bookkeeping for the SACK (RFC 9260 §6.2): the cumulative TSN plus a sorted list of
 * out-of-order ranges above it. In-order arrival (the common case) touches only `cum`.
 */
export class TsnTracker {
  /** Cumulative TSN ack point: every TSN up to and including it has been received. */
  cum: number;
  /** Sorted, disjoint, non-adjacent ranges above cum+1, flattened [start0, end0, start1, end1...]. */
  private ranges: number[] = [];
  /** Duplicates seen since the last SACK (RFC 9260 §3.3.4), bounded. */
  dups: number[] = [];

  constructor(initialTsn: number) {
    this.cum = tsnAdd(initialTsn, -1);
  }

  get highest(): number {
    return this.ranges.length ? this.ranges[this.ranges.length - 1]! : this.cum;
  }

  has(tsn: number): boolean {
    if (tsnDiff(tsn, this.cum) <= 0) return true;
    const r = this.ranges;
    for (let i = r.length - 2; i >= 0; i -= 2) {
      if (tsnLt(tsn, r[i]!)) continue;
      return tsnDiff(tsn, r[i + 1]!) <= 0;
    }
    return false;
  }

  /** Record a TSN known to be new (caller checked `has`). */
  add(tsn: number): void {
    const r = this.ranges;
    if (tsn === tsnAdd(this.cum, 1)) {
      this.cum = tsn;
      if (r.length && r[0] === tsnAdd(tsn, 1)) {
        this.cum = r[1]!;
        r.splice(0, 2);
      }
      return;
    }
    // Find the first range whose start is above tsn, searching from the end (arrivals are mostly ascending).
    let i = r.length;
    while (i > 0 && tsnLt(tsn, r[i - 2]!)) i -= 2;
    const joinsPrev = i > 0 && r[i - 1] === tsnAdd(tsn, -1);
    const joinsNext = i < r.length && r[i] === tsnAdd(tsn, 1);
    if (joinsPrev && joinsNext) {
      r[i - 1] = r[i + 1]!;
      r.splice(i, 2);
    } else if (joinsPrev) r[i - 1] = tsn;
    else if (joinsNext) r[i] = tsn;
    else r.splice(i, 0, tsn, tsn);
  }

  recordDuplicate(tsn: number): void {
    if (this.dups.length < 16) this.dups.push(tsn);
  }

  /** FORWARD-TSN (RFC 3758 §3.6): treat every TSN up to newCum as received. */
  forwardTo(newCum: number): void {
    if (tsnDiff(newCum, this.cum) <= 0) return;
    this.cum = newCum;
    const r = this.ranges;
    while (r.length && tsnDiff(r[0]!, tsnAdd(newCum, 1)) <= 0) {
      if (tsnDiff(r[1]!, newCum) > 0) {
        this.cum = r[1]!;
      }
      r.splice(0, 2);
    }
  }

  /** Gap ack blocks as 16-bit offsets from cum (RFC 9260 §3.3.4), at most `max` blocks. */
  gapBlocks(max: number): number[] {
    const r = this.ranges;
    const out: number[] = [];
    for (let i = 0; i < r.length && out.length < max * 2; i += 2) {
      const s = tsnDiff(r[i]!, this.cum);
      const e = tsnDiff(r[i + 1]!, this.cum);
      if (e > 0xffff) break;
      out.push(s, e);
    }
    return out;
  }

  get hasGaps(): boolean {
    return this.ranges.length > 0;
  }
}
