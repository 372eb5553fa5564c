import { DataFlags } from '../packet/chunk-type.js';
import { DATA_HEADER, writeData } from '../packet/data.js';
import type { SackChunk } from '../packet/sack.js';
import { CongestionControl } from './congestion.js';
import { OutChunk, type OutMessage } from './outbound.js';
import { SendQueue } from './queues.js';
import type { RtoEstimator } from './rto.js';
import { OutstandingChunks } from './sender-outstanding.js';
import { tsnAdd, tsnDiff, tsnLt } from './serial.js';

export type { SenderStats } from './sender-outstanding.js';

export interface SenderConfig {
  /** Bytes available for chunks in one packet: path MTU minus the 12-byte common header. */
  mtu: number;
  initialCwnd: number;
  /** RFC 9260 §7.2.4... Max.Burst: packets of new data per send opportunity (0 = unlimited). */
  maxBurst: number;
}

/**
 * The data sender: send queue, in-flight chunks indexed by TSN, retransmission, congestion control
 * (RFC 9260 §6, §7) and partial reliability (RFC 3758). The chunks with TSNs and their accounting
 * live in OutstandingChunks (sender-outstanding.ts); this class cuts messages into DATA chunks and
 * processes SACKs and T3-rtx expiries.
 */
export class Sender extends OutstandingChunks {
  nextTsn: number;
  private readonly queue = new SendQueue();
  private fastRtxBypass = false;
  peerRwnd: number;
  readonly cc: CongestionControl;
  t3At: number | undefined;
  /** The next packet retransmits the first outstanding chunk: restart T3-rtx (RFC 9260 §7.2.4 4). */
  private t3Restart = false;
  /** When cwnd was last reduced: a retransmission sent before then was lost in the congestion
   * that reduction answered, so its loss does not reduce cwnd again. */
  private reducedAt = Number.NEGATIVE_INFINITY;
  /** Consecutive T3 expirations without a SACK (RFC 9260 §8.1 association error counter). */
  errorCount = 0;
  burstBudget: number;
  private outSsn = new Map<number, number>();

  constructor(
    initialTsn: number,
    peerRwnd: number,
    private readonly cfg: SenderConfig,
    private readonly rto: RtoEstimator,
  ) {
    super(initialTsn);
    this.nextTsn = initialTsn;
    this.peerRwnd = peerRwnd;
    this.cc = new CongestionControl(cfg.mtu, cfg.initialCwnd, peerRwnd);
    this.burstBudget = cfg.maxBurst || Number.POSITIVE_INFINITY;
  }

  get cwnd(): number {
    return this.cc.cwnd;
  }

  get ssthresh(): number {
    return this.cc.ssthresh;
  }

  /** Bytes of queued messages not yet cut into chunks. */
  get queuedBytes(): number {
    return this.queue.bytes;
  }

  enqueue(m: OutMessage): void {
    this.queue.push(m);
    this.stats.messagesSent++;
  }

  get queueLength(): number {
    return this.queue.length;
  }

  /** True if fill() could put a DATA chunk into a packet now. */
  canSend(): boolean {
    if (!this.rtx.empty && (this.fastRtxBypass || this.flightSize < this.cwnd)) return true;
    if (this.queue.empty || this.burstBudget <= 0) return false;
    return this.flightSize < this.cwnd && (this.peerRwnd > 0 || this.flightSize === 0);
  }

  /** Open a new send opportunity (a SACK, a timer, or an API call on an idle path). */
  refillBurst(): void {
    this.burstBudget = this.cfg.maxBurst || Number.POSITIVE_INFINITY;
  }

  resetStreamSsn(streamId: number): void {
    this.outSsn.delete(streamId);
  }

  /**
   * Write DATA chunks into out[off, end). Returns the new offset. A retransmission cut for a larger
   * PLPMTU than today's (a TSN cannot be fragmented again, RFC 9260 §6.9) goes first in its packet,
   * up to `limit`.
   */
  fill(out: Uint8Array, off: number, end: number, now: number, limit = end): number {
    const start = off;
    // Retransmissions first (RFC 9260 §6.1 C: before new data).
    while (!this.rtx.empty) {
      const c = this.rtx.peek();
      if (!c.rtx) {
        this.rtx.shift();
        continue;
      }
      if (!this.fastRtxBypass && this.flightSize >= this.cwnd) break;
      if (now >= c.msg.expiresAt) {
        this.abandon(c.msg);
        continue;
      }
      const need = off + DATA_HEADER + c.len;
      if (need > end && !(off === start && need <= limit)) break;
      off = writeData(
        out,
        off,
        c.flags,
        c.tsn,
        c.msg.streamId,
        c.msg.ssn & 0xffff,
        c.msg.ppid,
        c.msg.data,
        c.offset,
        c.len,
      );
      c.rtx = false;
      c.inFlight = true;
      c.txCount++;
      c.sentAt = now;
      this.flightSize += c.len;
      this.stats.retransmissions++;
      this.rtx.shift();
    }
    this.fastRtxBypass = false;
    if (this.burstBudget > 0) {
      let wroteNew = false;
      while (!this.queue.empty) {
        if (this.flightSize >= this.cwnd) break;
        const m = this.queue.peek();
        if (m.abandoned || now >= m.expiresAt) {
          if (!m.abandoned) this.abandon(m);
          this.queue.pop(m);
          continue;
        }
        const remaining = m.data.length - m.offset;
        const space = end - off - DATA_HEADER;
        if (space <= 0 || (remaining > space && space < 128)) break;
        const len = Math.min(remaining, space);
        // RFC 9260 §6.1 A: respect the peer's window, but allow one chunk when nothing is in flight
        // (zero window probe).
        if (len > this.peerRwnd && this.flightSize > 0) break;
        if (this.peerRwnd === 0 && this.flightSize > 0) break;
        let flags = 0;
        if (m.offset === 0) {
          flags |= DataFlags.BEGIN;
          if (!m.unordered) {
            const ssn = this.outSsn.get(m.streamId) ?? 0;
            m.ssn = ssn;
            this.outSsn.set(m.streamId, (ssn + 1) & 0xffff);
          } else m.ssn = 0;
        }
        if (m.offset + len === m.data.length) flags |= DataFlags.END;
        if (m.unordered) flags |= DataFlags.UNORDERED;
        const c = new OutChunk(this.nextTsn, m, m.offset, len, flags);
        off = writeData(out, off, flags, c.tsn, m.streamId, m.ssn, m.ppid, m.data, m.offset, len);
        this.nextTsn = tsnAdd(this.nextTsn, 1);
        m.offset += len;
        c.txCount = 1;
        c.sentAt = now;
        c.inFlight = true;
        this.sent.push(c);
        this.flightSize += len;
        this.outstandingBytes += len;
        this.peerRwnd = Math.max(0, this.peerRwnd - len);
        this.queue.bytes -= len;
        this.stats.bytesSent += len;
        wroteNew = true;
        if (m.offset === m.data.length) this.queue.pop(m);
        else break; // the packet is full
        if (this.peerRwnd === 0) break;
      }
      if (wroteNew) this.burstBudget--;
    }
    if (off !== start && (this.t3At === undefined || this.t3Restart)) this.t3At = now + this.rto.rto;
    this.t3Restart = false;
    return off;
  }

  /** Process a SACK (RFC 9260 §6.2.1, §7.2). Returns false if it is invalid (acks unsent TSNs). */
  onSack(s: SackChunk, now: number): boolean {
    const cum = s.cumulativeTsnAck;
    // §6.2.1 D i): a SACK older than the current cumulative point is out of order; ignore it.
    if (tsnLt(cum, this.cumAck)) return true;
    if (!tsnLt(cum, this.nextTsn)) return false;
    this.errorCount = 0;
    const flightBefore = this.flightSize;
    let bytesAcked = 0;
    let rttSample = -1;
    const advanced = cum !== this.cumAck;
    // Cumulative ack: drop chunks up to cum.
    const n = tsnDiff(cum, this.cumAck);
    for (let k = 0; k < n; k++) {
      const c = this.sent[this.sHead]!;
      this.sent[this.sHead++] = undefined as unknown as OutChunk;
      if (!c.acked && !c.abandoned) {
        bytesAcked += c.len;
        this.outstandingBytes -= c.len;
        if (c.txCount === 1) rttSample = now - c.sentAt;
      }
      if (c.inFlight) this.flightSize -= c.len;
      c.inFlight = false;
      c.rtx = false;
      c.acked = true;
      if (!c.abandoned) this.release(c.msg, c.len);
    }
    this.cumAck = cum;
    if (this.sHead > 4096 && this.sHead * 2 > this.sent.length) {
      this.sent.splice(0, this.sHead);
      this.sHead = 0;
    } else if (this.sHead === this.sent.length) {
      this.sent.length = 0;
      this.sHead = 0;
    }
    // Gap ack blocks. htna: the Highest TSN Newly Acknowledged (RFC 9260 §7.2.4); highestReported:
    // the end of the last gap block.
    const g = s.gapBlocks;
    let highestReported = cum;
    let htna = cum;
    for (let i = 0; i + 1 < g.length; i += 2) {
      const from = this.sHead + g[i]! - 1;
      const to = Math.min(this.sHead + g[i + 1]! - 1, this.sent.length - 1);
      for (let k = from; k <= to; k++) {
        const c = this.sent[k]!;
        if (c.acked) continue;
        c.acked = true;
        c.rtx = false;
        if (!c.abandoned) {
          bytesAcked += c.len;
          this.outstandingBytes -= c.len;
          if (c.txCount === 1) rttSample = now - c.sentAt;
        }
        if (c.inFlight) {
          c.inFlight = false;
          this.flightSize -= c.len;
        }
        htna = c.tsn;
      }
      if (to >= from && to >= this.sHead) highestReported = this.sent[to]!.tsn;
    }
    if (rttSample >= 0) this.rto.measure(rttSample);
    // §6.2.1: rwnd = a_rwnd minus bytes still outstanding.
    this.peerRwnd = Math.max(0, s.advertisedRwnd - this.outstandingBytes);

    this.cc.onSack(cum, advanced, bytesAcked, flightBefore, this.sHead === this.sent.length);
    // §7.2.4: miss indications, by the HTNA rule: only for TSNs below the highest TSN newly
    // acknowledged by this SACK; in Fast Recovery, a SACK that advances the cumulative ack counts
    // for every TSN it reports missing.
    if (g.length) {
      let marked = false;
      let newCongestion = false;
      const limit = this.cc.inFastRecovery && advanced ? highestReported : htna;
      for (let k = this.sHead; k < this.sent.length; k++) {
        const c = this.sent[k]!;
        if (!tsnLt(c.tsn, limit)) break;
        if (c.acked || c.abandoned || !c.inFlight) continue;
        // RFC 9260 fast-retransmits a TSN once and leaves a lost retransmission to T3-rtx: an RTO
        // wait and cwnd down to one MTU. Like the BSD stack (usrsctp), a fast-retransmitted TSN
        // gathers misses again, but only from SACKs that newly ack data sent after its
        // retransmission: proof that the retransmission itself was lost.
        if (c.fastRtxDone && tsnLt(htna, c.fastRtxTsn)) continue;
        if (++c.misses >= 3) {
          // A retransmission sent since the last reduction and lost: congestion that outlived it.
          const lostAfterReduction = c.fastRtxDone && c.sentAt >= this.reducedAt;
          c.fastRtxDone = true;
          c.fastRtxTsn = this.nextTsn;
          c.misses = 0;
          if (this.markRtx(c, now)) {
            marked = true;
            if (lostAfterReduction) newCongestion = true;
            this.stats.fastRetransmits++;
          }
        }
      }
      // §7.2.4 2, 3 and 6: entering Fast Recovery reduces cwnd once, and the first retransmission
      // packet goes out regardless of cwnd; later marks inside Fast Recovery wait for cwnd. A
      // retransmission lost after the last reduction starts a new recovery: one reduction per
      // window of data, as for any loss.
      const highest = tsnAdd(this.nextTsn, -1);
      const entered = newCongestion
        ? this.cc.onLostRetransmission(highest)
        : marked && this.cc.onFastRetransmit(highest);
      if (entered) {
        this.reducedAt = now;
        this.fastRtxBypass = true;
        // §7.2.4 4: retransmitting the first outstanding chunk restarts T3-rtx.
        if (this.sent[this.sHead]?.rtx) this.t3Restart = true;
      }
    }
    // Chunks marked for retransmission and acked since (by this SACK) no longer count.
    this.rtx.trim();
    // §6.3.2 R2/R3: T3 stops when nothing is outstanding, restarts when the cum point advanced.
    if (this.flightSize === 0 && this.rtx.empty) this.t3At = undefined;
    else if (advanced) this.t3At = now + this.rto.rto;
    this.updateAckPoint();
    if (this.forwardTsnPending && this.t3At === undefined) this.t3At = now + this.rto.rto;
    this.refillBurst();
    return true;
  }

  /** T3-rtx expiry (RFC 9260 §6.3.3). */
  onT3(now: number): void {
    this.t3At = undefined;
    this.stats.t3Expirations++;
    this.errorCount++;
    this.rto.backoff();
    this.cc.onT3();
    this.reducedAt = now;
    for (let k = this.sHead; k < this.sent.length; k++) {
      const c = this.sent[k]!;
      if (c.acked || c.abandoned || !c.inFlight) continue;
      this.markRtx(c, now);
      // A fast-retransmitted TSN sent again here counts misses only against data sent after this.
      if (c.fastRtxDone) {
        c.fastRtxTsn = this.nextTsn;
        c.misses = 0;
      }
    }
    this.updateAckPoint();
    if (tsnLt(this.cumAck, this.ackPoint)) this.forwardTsnPending = true;
    this.refillBurst();
    if (!this.rtx.empty || this.forwardTsnPending) this.t3At = now + this.rto.rto;
  }

  /**
   * COOKIE-ECHO goes again (T1-cookie expired, RFC 9260 §5.1 C): the DATA that rode with it cannot
   * be sent on its own before COOKIE-ACK, so it goes again with the COOKIE-ECHO. Not a congestion
   * signal: T1 already backs off, and T3-rtx does not run before the association is up.
   */
  resendWithCookie(now: number): void {
    this.t3At = undefined;
    for (let k = this.sHead; k < this.sent.length; k++) {
      const c = this.sent[k]!;
      if (!c.acked && !c.abandoned && c.inFlight) this.markRtx(c, now);
    }
  }

  /** The association is up: DATA sent with COOKIE-ECHO is now covered by T3-rtx (RFC 9260 §6.3.2 R1). */
  armT3(now: number): void {
    if (this.t3At === undefined && (this.flightSize > 0 || !this.rtx.empty)) this.t3At = now + this.rto.rto;
  }

  /** Whether every queued message has been sent and acknowledged (for SHUTDOWN, RFC 9260 §9.2). */
  get idle(): boolean {
    return this.queue.empty && this.sHead === this.sent.length;
  }

  /** Drop everything (abort / restart). */
  clear(): void {
    this.queue.clear();
    this.sent = [];
    this.sHead = 0;
    this.rtx.clear();
    this.flightSize = 0;
    this.outstandingBytes = 0;
    this.t3At = undefined;
  }
}
