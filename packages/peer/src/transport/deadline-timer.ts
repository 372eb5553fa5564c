// One Node timer per connection, armed for the earliest deadline any protocol core reported and
// nothing else: an idle connection has at most one pending timer and does no work per tick.

export type Clock = () => number;

/** Milliseconds on a monotonic clock: the `now` every core in a connection is given. */
export const monotonicNow: Clock = () => performance.now();

export class DeadlineTimer {
  #handle: ReturnType<typeof setTimeout> | undefined;
  #armedFor: number | undefined;
  readonly #fire: (now: number) => void;
  readonly #clock: Clock;

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
    const delay = Math.max(0, Math.ceil(deadline - this.#clock()));
    this.#armedFor = deadline;
    this.#handle = setTimeout(() => {
      this.#handle = undefined;
      this.#armedFor = undefined;
      this.#fire(this.#clock());
    }, delay);
    // Sockets, not timers, decide whether a process stays alive.
    this.#handle.unref?.();
  }

  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#armedFor = undefined;
  }

  get armedFor(): number | undefined {
    return this.#armedFor;
  }
}
