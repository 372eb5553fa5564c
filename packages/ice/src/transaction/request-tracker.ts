import { transactionKey } from '@rtc/stun';

/** Retransmission settings of one STUN request (RFC 8489 §6.2.1). */
export interface RetransmitPolicy {
  /** First retransmission timeout in ms. */
  rto: number;
  /** Upper bound for the doubled RTO (RFC 8489 leaves it to the implementation). */
  maxRto: number;
  /** Total transmissions including the first (RFC 8489 §6.2.1 Rc, default 7). */
  maxTransmissions: number;
  /**
   * Over TCP/TLS nothing is retransmitted (RFC 8489 §6.2.2); the request fails after this many ms
   * (39.5 s there).
   */
  reliableTimeout?: number;
}

export interface PendingRequest<T> {
  readonly key: string;
  readonly context: T;
  readonly firstSentAt: number;
  lastSentAt: number;
  transmissions: number;
  nextAt: number;
  rto: number;
}

interface Entry<T> extends PendingRequest<T> {
  send: () => void;
  onTimeout: (ctx: T, now: number) => void;
  policy: RetransmitPolicy;
}

/** A bound on outstanding requests so a busy agent cannot grow this map without limit. */
const MAX_PENDING = 512;

/**
 * Outstanding STUN client transactions keyed by transaction id: retransmits on a doubling RTO and
 * reports timeouts. Used by connectivity checks, consent, server-reflexive gathering and TURN.
 */
export class RequestTracker<T> {
  private readonly pending = new Map<string, Entry<T>>();

  get size(): number {
    return this.pending.size;
  }

  start(
    transactionId: Uint8Array,
    context: T,
    send: () => void,
    onTimeout: (ctx: T, now: number) => void,
    policy: RetransmitPolicy,
    now: number,
  ): boolean {
    if (this.pending.size >= MAX_PENDING) return false;
    const key = transactionKey(transactionId);
    const reliable = policy.reliableTimeout !== undefined;
    const entry: Entry<T> = {
      key,
      context,
      firstSentAt: now,
      lastSentAt: now,
      transmissions: 1,
      rto: policy.rto,
      nextAt: now + (reliable ? policy.reliableTimeout! : policy.rto),
      send,
      onTimeout,
      policy,
    };
    this.pending.set(key, entry);
    send();
    return true;
  }

  /** Removes and returns the request a response answers. */
  take(transactionId: Uint8Array): PendingRequest<T> | undefined {
    const key = transactionKey(transactionId);
    const e = this.pending.get(key);
    if (e) this.pending.delete(key);
    return e;
  }

  peek(transactionId: Uint8Array): PendingRequest<T> | undefined {
    return this.pending.get(transactionKey(transactionId));
  }

  /** Drops requests whose context matches, without calling onTimeout. */
  cancel(predicate: (ctx: T) => boolean): void {
    for (const [k, e] of this.pending) if (predicate(e.context)) this.pending.delete(k);
  }

  has(predicate: (ctx: T) => boolean): boolean {
    for (const e of this.pending.values()) if (predicate(e.context)) return true;
    return false;
  }

  handleTimeout(now: number): void {
    for (const [k, e] of this.pending) {
      if (e.nextAt > now) continue;
      const reliable = e.policy.reliableTimeout !== undefined;
      if (reliable || e.transmissions >= e.policy.maxTransmissions) {
        this.pending.delete(k);
        e.onTimeout(e.context, now);
        continue;
      }
      e.transmissions++;
      e.lastSentAt = now;
      e.rto = Math.min(e.rto * 2, e.policy.maxRto);
      // RFC 8489 §6.2.1: the last transmission waits Rm * RTO (Rm = 16); we cap that at the max RTO.
      e.nextAt = now + e.rto;
      e.send();
    }
  }

  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const e of this.pending.values()) if (min === undefined || e.nextAt < min) min = e.nextAt;
    return min;
  }

  clear(): void {
    this.pending.clear();
  }
}
