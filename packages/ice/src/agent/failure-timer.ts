/**
 * Declares a check list failed when the peer never signals end-of-candidates.
 *
 * RFC 8445 §8.1.2 / RFC 8838 §8: a check list whose pairs all failed only fails once the peer said it
 * has no more candidates; until then a trickled candidate may still arrive. A peer that never sends
 * end-of-candidates (many do not) would keep the agent 'checking' forever, so, as browsers do, the
 * agent gives up after `timeout` ms during which the list stayed exhausted (no pair succeeded, in
 * progress, waiting or frozen) and no new remote candidate arrived. One deadline, no polling.
 */
export class CheckListFailureTimer {
  /** Since when the list has been exhausted with nothing new from the peer; undefined when not. */
  private since: number | undefined;

  constructor(readonly timeout: number) {}

  /** A new remote candidate (or a restart): the wait starts over once the list is exhausted again. */
  reset(): void {
    this.since = undefined;
  }

  /** Feeds the current exhaustion; true once it has lasted `timeout` ms. */
  update(exhausted: boolean, now: number): boolean {
    if (!exhausted) {
      this.since = undefined;
      return false;
    }
    this.since ??= now;
    return now >= this.since + this.timeout;
  }

  /** When update() would first return true (undefined when the list is not exhausted). */
  deadline(): number | undefined {
    return this.since === undefined ? undefined : this.since + this.timeout;
  }
}
