/**
 * RFC 6347 §4.1.2.6 anti-replay window: a record is accepted once, and only if it is newer than
 * (highest - WINDOW). Marking happens only after the record authenticated, so forged records
 * cannot move the window.
 */
export class ReplayWindow {
  static readonly SIZE = 64;
  private highest = -1;
  private readonly seen = new Uint8Array(ReplayWindow.SIZE);

  /** True when `seq` is new and inside the window. */
  check(seq: number): boolean {
    if (seq > this.highest) return true;
    if (this.highest - seq >= ReplayWindow.SIZE) return false;
    return this.seen[seq % ReplayWindow.SIZE] === 0;
  }

  mark(seq: number): void {
    const W = ReplayWindow.SIZE;
    if (seq > this.highest) {
      const clear = Math.min(seq - this.highest, W);
      for (let i = 1; i <= clear; i++) this.seen[(this.highest + i + W) % W] = 0;
      this.highest = seq;
    }
    this.seen[seq % W] = 1;
  }
}
