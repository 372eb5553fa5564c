/** What the sender needs from a data channel to keep bufferedAmount (W3C) up to date. */
export interface BufferedOwner {
  bufferedAmount: number;
  /** Messages of this owner not yet fully fragmented onto TSNs (a stream reset waits for zero). */
  queuedMessages: number;
  onBufferedDecrease(before: number): void;
  onAllQueuedAssigned(): void;
}

/** A user message in the send queue (RFC 9260 §6.9 fragments it lazily, when TSNs are assigned). */
export class OutMessage {
  /** SSN, assigned when the first fragment gets its TSN so abandoned unsent messages leave no SSN hole. */
  ssn = -1;
  /** Bytes already cut into chunks. */
  offset = 0;
  abandoned = false;
  /** Bytes of this message still counted in the owner's bufferedAmount. */
  accounted: number;
  constructor(
    readonly streamId: number,
    readonly ppid: number,
    readonly data: Uint8Array,
    readonly unordered: boolean,
    /** Retransmissions allowed (RFC 3758 + RFC 8831 maxRetransmits); -1 = reliable. */
    readonly maxRetransmits: number,
    /** Abandon after this time (maxPacketLifeTime); Infinity = reliable. */
    readonly expiresAt: number,
    readonly owner: BufferedOwner | undefined,
    /** Bytes that count toward bufferedAmount (0 for the one-byte empty-message payload). */
    accounted: number,
  ) {
    this.accounted = accounted;
  }
}

/** One DATA chunk that has a TSN: in flight, acked by a gap block, waiting for retransmission or abandoned. */
export class OutChunk {
  sentAt = 0;
  txCount = 0;
  /** Acked by a gap block (may still be reneged in theory; we treat it as delivered). */
  acked = false;
  abandoned = false;
  /** Counted in flightSize. */
  inFlight = false;
  /** Marked for retransmission (in the retransmission queue). */
  rtx = false;
  /** Miss indications (RFC 9260 §7.2.4), counted again from zero after each fast retransmission. */
  misses = 0;
  /** Fast-retransmitted at least once. */
  fastRtxDone = false;
  /** The next new TSN when it was last fast-retransmitted: a SACK newly acking one at or above it
   * shows data sent after the retransmission arrived while the retransmission did not. */
  fastRtxTsn = 0;
  constructor(
    readonly tsn: number,
    readonly msg: OutMessage,
    readonly offset: number,
    readonly len: number,
    readonly flags: number,
  ) {}
}
