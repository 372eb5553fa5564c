import { ChunkType, DataFlags } from '../packet/chunk-type.js';
import type { DataChunk } from '../packet/data.js';
import type { SackChunk } from '../packet/sack.js';
import { type InboundMessage, Reassembly } from './reassembly.js';
import { tsnDiff } from './serial.js';
import { TsnTracker } from './tsn-tracker.js';

export interface ReceiverConfig {
  receiveWindow: number;
  maxMessageSize: number;
  delayedAckTime: number;
  /** Reject TSNs further than this above the cumulative point (RFC 9260 §6.2: outside the window). */
  maxTsnAhead: number;
  /** Cap on fragments held for reassembly (memory bound against tiny-chunk floods). */
  maxChunks: number;
}

export type DataVerdict = 'new' | 'duplicate' | 'dropped' | 'too-large';

/** The data receiver: TSN bookkeeping, reassembly, SACK scheduling and the advertised window. */
export class Receiver {
  readonly tsns: TsnTracker;
  readonly reasm: Reassembly;
  /** Bytes delivered as events but not yet taken by the application (pollEvent); part of the window. */
  undelivered = 0;
  /** A SACK must go out with the next packet. */
  sackNow = false;
  /** A SACK is owed; it goes out at sackAt, or earlier with any packet. */
  sackOwed = false;
  sackAt: number | undefined;
  private packetsSinceSack = 0;
  /** The window we last advertised was small; a window update is due when it opens (RFC 9260 §6.2). */
  private lastAdvertised: number;

  constructor(
    initialTsn: number,
    private readonly cfg: ReceiverConfig,
    deliver: (m: InboundMessage) => void,
  ) {
    this.tsns = new TsnTracker(initialTsn);
    this.reasm = new Reassembly(cfg.maxMessageSize, deliver);
    this.lastAdvertised = cfg.receiveWindow;
  }

  get window(): number {
    return Math.max(0, this.cfg.receiveWindow - this.reasm.bytes - this.undelivered);
  }

  /** Handle one DATA chunk (RFC 9260 §6.2). Delivery happens through the deliver callback. */
  onData(c: DataChunk): DataVerdict {
    return this.onDataFields(c.tsn, c.flags, c.streamId, c.ssn, c.ppid, c.userData, 0, c.userData.length);
  }

  /** The allocation-free form: the user data is buf[start, end). */
  onDataFields(
    tsn: number,
    flags: number,
    streamId: number,
    ssn: number,
    ppid: number,
    buf: Uint8Array,
    start: number,
    end: number,
  ): DataVerdict {
    const t = this.tsns;
    const d = tsnDiff(tsn, t.cum);
    if (d <= 0 || t.has(tsn)) {
      // §6.2: a duplicate must be reported and acked at once.
      t.recordDuplicate(tsn);
      this.sackNow = true;
      return 'duplicate';
    }
    if (d > this.cfg.maxTsnAhead) {
      this.sackNow = true;
      return 'dropped';
    }
    // §6.2: with no room, drop chunks beyond the highest TSN received; holes below it may still be
    // filled (they are what lets the window reopen).
    const full = end - start > this.window || this.reasm.chunks >= this.cfg.maxChunks;
    if (full && tsnDiff(tsn, t.highest) > 0) {
      this.sackNow = true;
      return 'dropped';
    }
    t.add(tsn);
    if (tsnDiff(tsn, t.cum) > 0) this.sackNow = true; // out of order: report the gap now (§6.7)
    if (flags & DataFlags.IMMEDIATE) this.sackNow = true;
    const r = this.reasm.add(tsn, flags, streamId, ssn, ppid, buf, start, end);
    return r === 'too-large' ? 'too-large' : 'new';
  }

  /** Mark a TSN received without keeping its data (invalid stream id, RFC 9260 §6.5). */
  acceptWithoutData(tsn: number): void {
    if (!this.tsns.has(tsn)) this.tsns.add(tsn);
    this.sackNow = true;
  }

  /** After all chunks of one packet: §6.2 says ack at least every second packet with new data. */
  endOfPacket(hadData: boolean, now: number): void {
    if (!hadData) return;
    if (this.tsns.hasGaps) this.sackNow = true;
    if (++this.packetsSinceSack >= 2) this.sackNow = true;
    if (!this.sackNow && !this.sackOwed) {
      this.sackOwed = true;
      this.sackAt = now + this.cfg.delayedAckTime;
    }
  }

  onTimer(now: number): void {
    if (this.sackAt !== undefined && now >= this.sackAt) {
      this.sackAt = undefined;
      this.sackNow = true;
    }
  }

  /** The application took `n` bytes of delivered messages: maybe the window re-opened enough to say so. */
  consumed(n: number): void {
    this.undelivered -= n;
    const w = this.window;
    // Send a window update when the window grew by a quarter of the buffer since the last SACK.
    if (w - this.lastAdvertised >= this.cfg.receiveWindow / 4) this.sackNow = true;
  }

  buildSack(maxBytes: number): SackChunk {
    const maxGaps = Math.max(0, Math.min(64, (maxBytes - 16 - this.tsns.dups.length * 4) >> 2));
    const gapBlocks = this.tsns.gapBlocks(maxGaps);
    const duplicateTsns = this.tsns.dups;
    this.tsns.dups = [];
    this.sackNow = false;
    this.sackOwed = false;
    this.sackAt = undefined;
    this.packetsSinceSack = 0;
    this.lastAdvertised = this.window;
    return {
      type: ChunkType.SACK,
      flags: 0,
      cumulativeTsnAck: this.tsns.cum,
      advertisedRwnd: this.lastAdvertised,
      gapBlocks,
      duplicateTsns,
    };
  }

  /** FORWARD-TSN (RFC 3758 §3.6). */
  onForwardTsn(newCum: number, streams: readonly number[]): void {
    if (tsnDiff(newCum, this.tsns.cum) <= 0) {
      this.sackNow = true; // stale: still ack so the sender learns our point
      return;
    }
    this.tsns.forwardTo(newCum);
    this.reasm.forward(newCum, streams);
    this.sackNow = true;
  }
}
