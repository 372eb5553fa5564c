import type { OutChunk, OutMessage } from './outbound.js';
import { tsnDiff, tsnLt } from './serial.js';

/**
 * The send queue: user messages not yet fully cut into DATA chunks, first in first out (RFC 9260
 * §6.9 fragments a message lazily, as its chunks get TSNs). An array with a moving head, compacted
 * now and then, so that popping is O(1).
 */
export class SendQueue {
  private items: OutMessage[] = [];
  private head = 0;
  /** Bytes of queued messages not yet cut into chunks. */
  bytes = 0;

  push(m: OutMessage): void {
    this.items.push(m);
    this.bytes += m.data.length;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  get empty(): boolean {
    return this.head === this.items.length;
  }

  /** The oldest message; only call when not empty. */
  peek(): OutMessage {
    return this.items[this.head]!;
  }

  /** Remove the oldest message `m` (fully cut into chunks, or abandoned). */
  pop(m: OutMessage): void {
    this.head++;
    if (m.offset < m.data.length) this.bytes -= m.data.length - m.offset;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    } else if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    const o = m.owner;
    if (o && --o.queuedMessages === 0) o.onAllQueuedAssigned();
  }

  /** Drop everything, marking the messages abandoned. */
  clear(): void {
    for (let i = this.head; i < this.items.length; i++) this.items[i]!.abandoned = true;
    this.items = [];
    this.head = 0;
    this.bytes = 0;
  }
}

/** Chunks marked for retransmission, kept in TSN order (RFC 9260 §6.1 C: lowest TSN first). */
export class RetransmitQueue {
  private items: OutChunk[] = [];
  private head = 0;

  get empty(): boolean {
    return this.head === this.items.length;
  }

  /** The lowest marked chunk; only call when not empty. */
  peek(): OutChunk {
    return this.items[this.head]!;
  }

  shift(): void {
    if (++this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
  }

  /** Drop head entries that need no retransmission any more (acked or abandoned since marked). */
  trim(): void {
    while (this.head < this.items.length && !this.items[this.head]!.rtx) this.shift();
  }

  add(c: OutChunk): void {
    const q = this.items;
    q.push(c);
    if (q.length - 1 > this.head && tsnLt(c.tsn, q[q.length - 2]!.tsn)) {
      this.items = q.slice(this.head).sort((a, b) => tsnDiff(a.tsn, b.tsn));
      this.head = 0;
    }
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
