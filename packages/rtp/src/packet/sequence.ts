// Wrapping arithmetic for RTP sequence numbers (16 bit, RFC 3550 §A.1) and timestamps (32 bit).

/** Signed distance from `a` to `b` modulo 2^16, in [-32768, 32767]: positive when `b` is newer. */
export function seqDelta(a: number, b: number): number {
  return (((b - a) & 0xffff) << 16) >> 16;
}

/** True when `a` comes after `b` in 16-bit sequence space (RFC 1982 style). */
export function seqNewer(a: number, b: number): boolean {
  return seqDelta(b, a) > 0;
}

/** Signed distance from `a` to `b` modulo 2^32, in [-2^31, 2^31). */
export function timestampDelta(a: number, b: number): number {
  return (b - a) | 0;
}

/** True when timestamp `a` comes after `b` (modulo 2^32). */
export function timestampNewer(a: number, b: number): boolean {
  return timestampDelta(b, a) > 0;
}

/**
 * Maps a wrapping counter (16-bit sequence numbers or 32-bit timestamps) to an extended, monotone
 * number safe up to 2^53. Values older than the last one (within half the range) map backwards,
 * so reordered packets keep their place.
 */
export class Unwrapper {
  private readonly range: number;
  private readonly half: number;
  private last: number | undefined;

  constructor(bits: 16 | 32 = 16) {
    this.range = 2 ** bits;
    this.half = this.range / 2;
  }

  unwrap(value: number): number {
    if (this.last === undefined) {
      this.last = value;
      return value;
    }
    const lastMod = this.last % this.range;
    let diff = value - lastMod;
    if (diff > this.half) diff -= this.range;
    else if (diff < -this.half) diff += this.range;
    const ext = this.last + diff;
    if (ext > this.last) this.last = ext;
    return ext;
  }

  /** The highest extended value seen, if any. */
  get highest(): number | undefined {
    return this.last;
  }
}
