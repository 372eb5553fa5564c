import { ChunkType } from '../packet/chunk-type.js';
import type { ForwardTsnChunk } from '../packet/forward-tsn.js';
import type { OutChunk, OutMessage } from './outbound.js';
import { RetransmitQueue } from './queues.js';
import { tsnAdd, tsnDiff, tsnLt } from './serial.js';

export interface SenderStats {
  messagesSent: number;
  bytesSent: number;
  retransmissions: number;
  fastRetransmits: number;
  t3Expirations: number;
  abandoned: number;
}

/**
 * The sender's chunks that have TSNs, in TSN order, with their accounting: the cumulative ack point,
 * bytes outstanding and in flight (RFC 9260 §6.1, §7.2), the retransmission queue, and abandoning
 * messages with the Advanced.Peer.Ack.Point and FORWARD-TSN (RFC 3758 §3.5). Sender (sender.ts)
 * adds the send queue, SACK and T3-rtx processing on top.
 */
export abstract class OutstandingChunks {
  /** Highest TSN cumulatively acked by the peer. */
  cumAck: number;
  /** RFC 3758 §3.5 Advanced.Peer.Ack.Point. */
  protected ackPoint: number;
  /** Chunks with TSN > cumAck in TSN order; sent[sHead].tsn === cumAck + 1. */
  protected sent: OutChunk[] = [];
  protected sHead = 0;
  protected readonly rtx = new RetransmitQueue();
  /** Bytes of chunks neither acked nor abandoned. */
  outstandingBytes = 0;
  flightSize = 0;
  forwardTsnPending = false;
  readonly stats: SenderStats = {
    messagesSent: 0,
    bytesSent: 0,
    retransmissions: 0,
    fastRetransmits: 0,
    t3Expirations: 0,
    abandoned: 0,
  };

  constructor(initialTsn: number) {
    this.cumAck = tsnAdd(initialTsn, -1);
    this.ackPoint = this.cumAck;
  }

  get hasOutstanding(): boolean {
    return this.sHead < this.sent.length;
  }

  /** RFC 3758 §3.5 / RFC 8831 §6.6: give up on a message; its chunks will be skipped by FORWARD-TSN. */
  abandon(m: OutMessage): void {
    if (m.abandoned) return;
    m.abandoned = true;
    this.stats.abandoned++;
    if (m.offset > 0 && m.ssn >= 0) {
      // Chunks with TSNs are consecutive; find the first one still tracked.
      for (let i = this.sHead; i < this.sent.length; i++) {
        const c = this.sent[i]!;
        if (c.msg !== m) continue;
        for (let k = i; k < this.sent.length && this.sent[k]!.msg === m; k++) {
          const x = this.sent[k]!;
          if (x.acked || x.abandoned) continue;
          x.abandoned = true;
          x.rtx = false;
          if (x.inFlight) {
            x.inFlight = false;
            this.flightSize -= x.len;
          }
          this.outstandingBytes -= x.len;
        }
        break;
      }
    }
    this.release(m, m.accounted);
    this.updateAckPoint();
  }

  protected release(m: OutMessage, n: number): void {
    if (n <= 0) return;
    const take = Math.min(n, m.accounted);
    m.accounted -= take;
    const o = m.owner;
    if (o && take > 0) {
      const before = o.bufferedAmount;
      o.bufferedAmount -= take;
      o.onBufferedDecrease(before);
    }
  }

  /** RFC 3758 §3.5 C1/C2: move the ack point over abandoned chunks; a FORWARD-TSN is due if it moved. */
  protected updateAckPoint(): void {
    if (tsnLt(this.ackPoint, this.cumAck)) this.ackPoint = this.cumAck;
    let i = this.sHead + tsnDiff(this.ackPoint, this.cumAck);
    // Beyond C1, also step over gap-acked single-chunk messages: the peer holds them whole, so a
    // FORWARD-TSN past them loses nothing, and interleaved reliable traffic no longer limits
    // skipping to one abandoned message per round trip.
    while (i < this.sent.length) {
      const c = this.sent[i]!;
      if (c.abandoned) this.ackPoint = c.tsn;
      else if (!(c.acked && (c.flags & 3) === 3)) break;
      i++;
    }
    if (tsnLt(this.cumAck, this.ackPoint)) this.forwardTsnPending = true;
  }

  /** Build the FORWARD-TSN chunk (RFC 3758 §3.2) listing the last skipped SSN of each ordered stream. */
  forwardTsn(): ForwardTsnChunk {
    const last = new Map<number, number>();
    const n = tsnDiff(this.ackPoint, this.cumAck);
    for (let i = this.sHead; i < this.sHead + n && i < this.sent.length; i++) {
      const c = this.sent[i]!;
      if (c.abandoned && !c.msg.unordered) last.set(c.msg.streamId, c.msg.ssn);
    }
    const streams: number[] = [];
    for (const [s, ssn] of last) streams.push(s, ssn);
    this.forwardTsnPending = false;
    return { type: ChunkType.FORWARD_TSN, flags: 0, newCumulativeTsn: this.ackPoint, streams };
  }

  /** Mark one chunk for retransmission, or abandon its message by the PR policy. True if marked. */
  protected markRtx(c: OutChunk, now: number): boolean {
    const m = c.msg;
    if ((m.maxRetransmits >= 0 && c.txCount > m.maxRetransmits) || now >= m.expiresAt) {
      this.abandon(m);
      return false;
    }
    if (c.inFlight) {
      c.inFlight = false;
      this.flightSize -= c.len;
    }
    if (!c.rtx) {
      c.rtx = true;
      this.rtx.add(c);
    }
    return true;
  }
}
