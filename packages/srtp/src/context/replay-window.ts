import type { DropReason } from '../errors.js';

/** RFC 3711 §3.3.2: the window SHOULD be at least 64 packets. */
export const MIN_REPLAY_WINDOW = 64;
/**
 * Larger windows would reach back more than 2^15 packets, beyond which the ROC estimate of
 * RFC 3711 §3.3.1 can no longer place a packet; refuse them.
 */
export const MAX_REPLAY_WINDOW = 0x8000;
export const DEFAULT_REPLAY_WINDOW = 1024;

/**
 * A sliding replay window over packet indices (RFC 3711 §3.3.2; RFC 4303 Appendix A style
 * bitmap). Bits live in a ring whose capacity is a power of two >= the window size, so that
 * advancing by one costs O(1) and memory is bounded by the configured size.
 */
export class ReplayWindow {
  readonly size: number;
  readonly #bits: Uint32Array;
  readonly #capacity: number;
  #highest = -1;

  constructor(size: number) {
    this.size = size;
    let capacity = 32;
    while (capacity < size) capacity *= 2;
    this.#capacity = capacity;
    this.#bits = new Uint32Array(capacity / 32);
  }

  /** Highest index accepted so far, or -1 before the first. */
  get highest(): number {
    return this.#highest;
  }

  /** Whether `index` may be accepted (checked before authentication, to drop replays cheaply). */
  check(index: number): DropReason | undefined {
    const highest = this.#highest;
    if (index > highest) return undefined;
    if (highest - index >= this.size) return 'too-old';
    return this.#isSet(index) ? 'replayed' : undefined;
  }

  /** Record `index` as received; call only after the packet authenticated and passed check(). */
  accept(index: number): void {
    const highest = this.#highest;
    if (index > highest) {
      const advance = highest < 0 ? this.#capacity : index - highest;
      if (advance >= this.#capacity) {
        this.#bits.fill(0);
      } else {
        // Forget the slots the window slides over (they held indices a full ring ago).
        for (let i = highest + 1; i <= index; i++) this.#clear(i);
      }
      this.#highest = index;
    }
    this.#set(index);
  }

  #slot(index: number): number {
    return index % this.#capacity;
  }

  #isSet(index: number): boolean {
    const s = this.#slot(index);
    return (((this.#bits[s >>> 5] as number) >>> (s & 31)) & 1) === 1;
  }

  #set(index: number): void {
    const s = this.#slot(index);
    this.#bits[s >>> 5] = (this.#bits[s >>> 5] as number) | (1 << (s & 31));
  }

  #clear(index: number): void {
    const s = this.#slot(index);
    this.#bits[s >>> 5] = (this.#bits[s >>> 5] as number) & ~(1 << (s & 31));
  }
}
