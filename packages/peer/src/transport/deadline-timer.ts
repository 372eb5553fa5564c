// One Node timer per connection, armed for the earliest deadline any protocol core reported and
// nothing else: an idle connection has at most one pending timer and does no work per tick.

export type Clock = () => number;

/** Milliseconds on a monotonic clock: the `now` every core in a connection is given. */
export const monotonicNow: Clock = () => performance.now();

export class DeadlineTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;
  #armedFor: number | undefined;
  readonly #fire: (now: number) => void;
  readonly #clock: Clock;
  /** The one callback every arming uses (not a closure per arming). */
  readonly #onDue = (): void => {
    this.#handle = undefined;
    this.#immediate = undefined;
    this.#armedFor = undefined;
    this.#fire(this.#clock());
  };

  constructor(fire: (now: number) => void, clock: Clock = monotonicNow) {
    this.#fire = fire;
    this.#clock = clock;
  }

  /** Arms the timer for `deadline` (or disarms it for undefined), replacing a later arming. */
  schedule(deadline: number | undefined): void {
    if (deadline === undefined) {
      this.cancel();
      return;
    }
    if (this.#armedFor !== undefined && this.#armedFor <= deadline) return;
    this.cancel();
    const delay = Math.ceil(deadline - this.#clock());
    this.#armedFor = deadline;
    const fire = this.#onDue;
    // Sockets, not timers, decide whether a process stays alive.
    if (delay <= 0) {
      // Due now (a paced check, a DTLS flight to start): Node's setTimeout(0) waits >= 1 ms and a
      // timers phase; setImmediate runs right after the pending I/O callbacks. It stays ref'd: an
      // unref'd immediate does not stop the poll phase from blocking, so it could wait for unrelated
      // I/O; a ref'd one only lives until the next loop turn.
      this.#immediate = setImmediate(fire);
    } else {
      this.#handle = setTimeout(fire, delay);
      this.#handle.unref?.();
    }
  }

  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#handle = undefined;
    this.#immediate = undefined;
    this.#armedFor = undefined;
  }

  get armedFor(): number | undefined {
    return this.#armedFor;
  }
}
