/**
 * RFC 7675 consent freshness timing for the selected pair. The agent sends a consent check every
 * `interval` +-20% (§5.1: the jitter avoids synchronised checks), counts a response as a refresh,
 * reports 'disconnected' after `disconnectedTimeout` without one and expires consent (sending stops)
 * after `consentTimeout` (§5.1: 30 s).
 */
export class ConsentTimer {
  lastRefresh = 0;
  nextCheckAt: number | undefined;
  expired = false;
  disconnected = false;

  constructor(
    private readonly interval: number,
    private readonly disconnectedTimeout: number,
    private readonly consentTimeout: number,
    private readonly unit: () => number,
  ) {}

  /** A new selected pair starts with fresh consent (its check just succeeded). */
  start(now: number): void {
    this.lastRefresh = now;
    this.expired = false;
    this.disconnected = false;
    this.nextCheckAt = now + this.jittered();
  }

  stop(): void {
    this.nextCheckAt = undefined;
  }

  private jittered(): number {
    // RFC 7675 §5.1: uniformly between 0.8 and 1.2 times the interval.
    return this.interval * (0.8 + 0.4 * this.unit());
  }

  refreshed(now: number): void {
    if (this.expired) return;
    this.lastRefresh = now;
    this.disconnected = false;
  }

  /** True when a consent check is due now (and schedules the next one). */
  checkDue(now: number): boolean {
    if (this.expired || this.nextCheckAt === undefined || now < this.nextCheckAt) return false;
    this.nextCheckAt = now + this.jittered();
    return true;
  }

  /** Updates the disconnected/expired flags; returns true when something changed. */
  evaluate(now: number): boolean {
    if (this.expired || this.nextCheckAt === undefined) return false;
    const silent = now - this.lastRefresh;
    if (silent >= this.consentTimeout) {
      this.expired = true;
      this.nextCheckAt = undefined;
      return true;
    }
    const disconnected = silent >= this.disconnectedTimeout;
    if (disconnected !== this.disconnected) {
      this.disconnected = disconnected;
      return true;
    }
    return false;
  }

  nextDeadline(): number | undefined {
    if (this.expired || this.nextCheckAt === undefined) return undefined;
    const expiry = this.lastRefresh + this.consentTimeout;
    const disc = this.disconnected ? expiry : this.lastRefresh + this.disconnectedTimeout;
    return Math.min(this.nextCheckAt, disc, expiry);
  }
}
