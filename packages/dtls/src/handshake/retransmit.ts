import type { FlightEntry } from './flight.js';

export const MAX_RETRANSMIT_MS = 60_000;

/**
 * RFC 6347 §4.2.4 flight timer: the last flight is kept; when no answer arrives before the timer
 * expires the whole flight is sent again and the timer doubles, up to 60 s. A flight that expects
 * no answer (the final one) keeps no timer and is resent only when the peer retransmits.
 */
export class FlightTimer {
  private flight: readonly FlightEntry[] = [];
  private timeout: number;
  private deadlineAt: number | undefined;
  private startedAt = 0;
  private retransmits = 0;

  constructor(
    private initialMs: number,
    private readonly maxRetransmits: number,
  ) {
    this.timeout = initialMs;
  }

  get entries(): readonly FlightEntry[] {
    return this.flight;
  }

  get deadline(): number | undefined {
    return this.deadlineAt;
  }

  /** A new flight: the timer restarts at its initial value (§4.2.4.1). */
  start(flight: readonly FlightEntry[], now: number, awaitsReply: boolean): void {
    this.flight = flight;
    this.timeout = this.initialMs;
    this.retransmits = 0;
    this.startedAt = now;
    this.deadlineAt = awaitsReply ? now + this.timeout : undefined;
  }

  /**
   * A new initial timer value for the flights that follow, and for the flight in progress if it has
   * not been retransmitted yet (its first timeout is counted from when it was sent).
   */
  setInitial(ms: number): void {
    this.initialMs = ms;
    if (this.deadlineAt === undefined || this.retransmits > 0) return;
    this.timeout = ms;
    this.deadlineAt = this.startedAt + ms;
  }

  /** Called at the deadline: 'resend' (timer doubled), 'give-up', or 'idle' when not due. */
  expire(now: number): 'resend' | 'give-up' | 'idle' {
    if (this.deadlineAt === undefined || now < this.deadlineAt) return 'idle';
    if (this.retransmits >= this.maxRetransmits) {
      this.deadlineAt = undefined;
      return 'give-up';
    }
    this.retransmits++;
    this.timeout = Math.min(this.timeout * 2, MAX_RETRANSMIT_MS);
    this.deadlineAt = now + this.timeout;
    return 'resend';
  }

  /** The peer answered (its next flight began): stop the timer but keep the flight for resends. */
  stop(): void {
    this.deadlineAt = undefined;
  }

  clear(): void {
    this.flight = [];
    this.deadlineAt = undefined;
  }
}
