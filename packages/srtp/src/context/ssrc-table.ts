/**
 * Per-SSRC contexts created on demand, with a hard bound on how many exist, so that a peer (or
 * an attacker with valid keys) cannot make the session grow without limit.
 */
export class SsrcTable<T> {
  readonly limit: number;
  readonly #entries = new Map<number, T>();

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(ssrc: number): T | undefined {
    return this.#entries.get(ssrc);
  }

  get full(): boolean {
    return this.#entries.size >= this.limit;
  }

  /** Insert; the caller has checked `full` first. */
  set(ssrc: number, value: T): void {
    this.#entries.set(ssrc, value);
  }

  delete(ssrc: number): boolean {
    return this.#entries.delete(ssrc);
  }
}
