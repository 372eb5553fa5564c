import { StunError } from '../errors.js';
import type { DecodedStunMessage } from '../message.js';
import { transactionKey } from '../transaction-id.js';
import {
  ClientTransaction,
  type ClientTransactionEvent,
  type ClientTransactionOptions,
} from './client-transaction.js';

/** A transmission due from one of the table's transactions, with the caller's context (e.g. destination). */
export interface TableTransmit<C> {
  transaction: ClientTransaction;
  context: C;
  data: Uint8Array;
}

/** A transaction's final event, with the caller's context. */
export interface TableEvent<C> {
  transaction: ClientTransaction;
  context: C;
  event: ClientTransactionEvent;
}

/**
 * The pending client transactions of one endpoint, keyed by transaction id, so a received response finds
 * its request in O(1) (RFC 8489 §6.3.3 matching). Bounded: starting more than `maxPending` throws
 * StunError('limit-exceeded'). A transaction leaves the table as soon as it finishes; its event stays queued for pollEvent().
 */
export class TransactionTable<C = undefined> {
  private readonly pending = new Map<string, { tx: ClientTransaction; context: C }>();
  private readonly transmits: TableTransmit<C>[] = [];
  private readonly events: TableEvent<C>[] = [];

  constructor(readonly maxPending = 1024) {}

  get size(): number {
    return this.pending.size;
  }

  /** Starts a transaction for the encoded request; its first transmission is queued at once. */
  start(request: Uint8Array, context: C, now: number, options?: ClientTransactionOptions): ClientTransaction {
    if (this.pending.size >= this.maxPending) {
      throw new StunError('limit-exceeded', `more than ${this.maxPending} pending transactions`);
    }
    const tx = new ClientTransaction(request, now, options);
    if (this.pending.has(tx.key)) throw new StunError('invalid-argument', 'transaction id already pending');
    this.pending.set(tx.key, { tx, context });
    this.drain(tx, context);
    return tx;
  }

  /** The pending transaction whose id matches msg's, if any. */
  match(msg: DecodedStunMessage): ClientTransaction | undefined {
    return this.pending.get(transactionKey(msg.transactionId))?.tx;
  }

  /**
   * Delivers a response (integrity already checked by the caller) to its transaction. Returns the
   * transaction when it matched, else undefined (a stray or late response: drop it).
   */
  handleResponse(msg: DecodedStunMessage, now: number): ClientTransaction | undefined {
    const entry = this.pending.get(transactionKey(msg.transactionId));
    if (entry === undefined || !entry.tx.handleResponse(msg, now)) return undefined;
    this.pending.delete(entry.tx.key);
    this.drain(entry.tx, entry.context);
    return entry.tx;
  }

  /** Cancels a pending transaction: no event, no more transmissions. */
  cancel(tx: ClientTransaction): void {
    const entry = this.pending.get(tx.key);
    if (entry?.tx !== tx) return;
    tx.cancel();
    this.pending.delete(tx.key);
  }

  handleTimeout(now: number): void {
    for (const [key, entry] of this.pending) {
      const d = entry.tx.nextDeadline();
      if (d === undefined || d > now) continue;
      entry.tx.handleTimeout(now);
      this.drain(entry.tx, entry.context);
      if (entry.tx.state !== 'waiting') this.pending.delete(key);
    }
  }

  pollTransmit(): TableTransmit<C> | undefined {
    return this.transmits.shift();
  }

  pollEvent(): TableEvent<C> | undefined {
    return this.events.shift();
  }

  /** The earliest deadline of the pending transactions; undefined when none is pending. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const { tx } of this.pending.values()) {
      const d = tx.nextDeadline();
      if (d !== undefined && (min === undefined || d < min)) min = d;
    }
    return min;
  }

  private drain(tx: ClientTransaction, context: C): void {
    const data = tx.pollTransmit();
    if (data !== undefined) this.transmits.push({ transaction: tx, context, data });
    const event = tx.pollEvent();
    if (event !== undefined) this.events.push({ transaction: tx, context, event });
  }
}
