import { HEADER_LENGTH } from '../constants.js';
import { StunError } from '../errors.js';
import type { DecodedStunMessage } from '../message.js';
import { transactionKey } from '../transaction-id.js';

export interface ClientTransactionOptions {
  /**
   * True over TCP/TLS: one transmission and a single timeout of `reliableTimeout` (RFC 8489 §6.2.2).
   * False (default) over UDP: retransmissions per RFC 8489 §6.2.1.
   */
  reliable?: boolean | undefined;
  /** Initial retransmission timeout in ms (RTO, default 500; RFC 8489 §6.2.1). */
  rto?: number | undefined;
  /** Total number of transmissions over UDP (Rc, default 7). */
  maxTransmissions?: number | undefined;
  /** After the last transmission, wait this many initial RTOs before giving up (Rm, default 16). */
  lastWaitFactor?: number | undefined;
  /** Timeout for reliable transports in ms (Ti, default 39500). */
  reliableTimeout?: number | undefined;
}

export type ClientTransactionEvent =
  /**
   * A success or error response arrived. `rtt` is measured only when the request was sent once
   * (Karn's rule: a response to a retransmitted request cannot be attributed to one transmission).
   */
  | { type: 'response'; message: DecodedStunMessage; rtt: number | undefined }
  /** No response within the RFC 8489 §6.2.1 schedule (39.5 s with the defaults). */
  | { type: 'timeout' };

export type ClientTransactionState = 'waiting' | 'completed' | 'timed-out' | 'cancelled';

/**
 * A STUN client transaction, sans I/O (RFC 8489 §6.2). Construct it with the encoded request and the
 * current time; the first transmission is ready at once. Then:
 *   - send everything pollTransmit() returns;
 *   - call handleTimeout(now) at nextDeadline();
 *   - feed responses (decoded, integrity already checked by the caller) to handleResponse(msg, now);
 *   - drain pollEvent() for exactly one 'response' or 'timeout' event.
 *
 * With the defaults over UDP the request goes out at 0, 500, 1500, 3500, 7500, 15500 and 31500 ms and
 * the transaction times out at 39500 ms.
 */
export class ClientTransaction {
  readonly request: Uint8Array;
  /** transactionKey() of the request's transaction id, for maps. */
  readonly key: string;
  readonly startedAt: number;
  private readonly reliable: boolean;
  private readonly initialRto: number;
  private readonly maxTransmissions: number;
  private readonly lastWait: number;
  private rto: number;
  private transmissions = 0;
  private deadline: number | undefined;
  private transmitPending = true;
  private event: ClientTransactionEvent | undefined;
  private _state: ClientTransactionState = 'waiting';

  constructor(request: Uint8Array, now: number, options: ClientTransactionOptions = {}) {
    if (request.length < HEADER_LENGTH)
      throw new StunError('invalid-argument', 'request is not a STUN message');
    this.request = request;
    this.key = transactionKey(request.subarray(8, 20));
    this.startedAt = now;
    this.reliable = options.reliable ?? false;
    this.initialRto = positive(options.rto ?? 500, 'rto');
    this.maxTransmissions = positive(options.maxTransmissions ?? 7, 'maxTransmissions');
    this.lastWait = positive(options.lastWaitFactor ?? 16, 'lastWaitFactor') * this.initialRto;
    this.rto = this.initialRto;
    this.transmissions = 1;
    this.deadline = this.reliable
      ? now + positive(options.reliableTimeout ?? 39_500, 'reliableTimeout')
      : this.scheduleAfterTransmit(now);
  }

  get state(): ClientTransactionState {
    return this._state;
  }

  /** The 12-byte transaction id (a view of the request). */
  get transactionId(): Uint8Array {
    return this.request.subarray(8, 20);
  }

  /** How many times the request has been handed out by pollTransmit (or is about to be). */
  get transmitCount(): number {
    return this.transmissions;
  }

  /**
   * Offers a received message. Returns true when it is this transaction's success or error response
   * (the transaction then completes); false otherwise (wrong id, not a response, already finished).
   */
  handleResponse(msg: DecodedStunMessage, now: number): boolean {
    if (this._state !== 'waiting') return false;
    if (msg.class !== 'success' && msg.class !== 'error') return false;
    if (transactionKey(msg.transactionId) !== this.key) return false;
    this._state = 'completed';
    this.deadline = undefined;
    this.transmitPending = false;
    this.event = {
      type: 'response',
      message: msg,
      rtt: this.transmissions === 1 ? now - this.startedAt : undefined,
    };
    return true;
  }

  /** Runs the retransmission timer: queues a retransmission or the timeout when due. */
  handleTimeout(now: number): void {
    if (this._state !== 'waiting' || this.deadline === undefined || now < this.deadline) return;
    if (!this.reliable && this.transmissions < this.maxTransmissions) {
      // RFC 8489 §6.2.1: retransmit, doubling the RTO each time.
      this.rto *= 2;
      this.transmissions++;
      this.transmitPending = true;
      this.deadline = this.scheduleAfterTransmit(now);
      return;
    }
    this._state = 'timed-out';
    this.deadline = undefined;
    this.transmitPending = false;
    this.event = { type: 'timeout' };
  }

  /** The request bytes when a (re)transmission is due, else undefined. */
  pollTransmit(): Uint8Array | undefined {
    if (!this.transmitPending) return undefined;
    this.transmitPending = false;
    return this.request;
  }

  /** The final event, once. */
  pollEvent(): ClientTransactionEvent | undefined {
    const e = this.event;
    this.event = undefined;
    return e;
  }

  /** When handleTimeout should next run; undefined once the transaction has finished. */
  nextDeadline(): number | undefined {
    return this.deadline;
  }

  /** Stops the transaction without an event (e.g. the ICE pair was pruned). */
  cancel(): void {
    if (this._state !== 'waiting') return;
    this._state = 'cancelled';
    this.deadline = undefined;
    this.transmitPending = false;
  }

  private scheduleAfterTransmit(now: number): number {
    // After the last of Rc transmissions, wait Rm * initial RTO (RFC 8489 §6.2.1); else the current RTO.
    return this.transmissions >= this.maxTransmissions ? now + this.lastWait : now + this.rto;
  }
}

function positive(x: number, what: string): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new StunError('invalid-argument', `${what} must be positive`);
  return x;
}
