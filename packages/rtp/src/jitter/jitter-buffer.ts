import type { RtpDepacketizer } from '../codecs/codec.js';
import { RtpError } from '../errors.js';
import type { RtpPacket } from '../packet/rtp-packet.js';
import { Unwrapper } from '../packet/sequence.js';

/** A complete frame, in order, assembled by the codec's depacketizer. */
export interface AssembledFrame {
  timestamp: number;
  data: Uint8Array;
  keyframe: boolean;
  firstSequenceNumber: number;
  lastSequenceNumber: number;
  packetCount: number;
  /** Arrival time (caller's clock) of the last packet of the frame. */
  completedAt: number;
  /** True when packets before this frame were given up on (the decoder may need a key frame). */
  afterGap: boolean;
}

export interface JitterBufferOptions {
  depacketizer: RtpDepacketizer;
  /** Packets held at most; beyond it the oldest incomplete frames are dropped. Default 1024. */
  maxPackets?: number;
  /** How long a missing packet is waited for (NACK/RTX time) before its frame is skipped. Default 150 ms. */
  maxWaitMs?: number;
  /** Start, and restart after a gap, only at a key frame. Default true (video); false suits audio. */
  waitForKeyframe?: boolean;
}

export interface JitterBufferStats {
  packetsReceived: number;
  duplicates: number;
  /** Packets for frames already emitted or skipped. */
  late: number;
  /** Packets whose payload the codec rejected or frames that failed to assemble. */
  malformed: number;
  framesEmitted: number;
  /** Frames given up on (gap timeout, overflow, or waiting for a key frame). */
  framesDropped: number;
  overflows: number;
}

interface Slot {
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
  arrival: number;
  frameStart: boolean | undefined;
}

/**
 * Receive-side jitter buffer and frame assembler (sans-I/O). Reorders by sequence number, detects
 * gaps, emits complete frames (delimited by the marker bit and timestamp changes, per RFC 3550 §5.1)
 * in order, drops late packets, and skips a frame whose missing packets did not arrive within
 * `maxWaitMs`. Payloads are copied on insert, so the caller may reuse its receive buffer.
 */
export class JitterBuffer {
  readonly stats: JitterBufferStats = {
    packetsReceived: 0,
    duplicates: 0,
    late: 0,
    malformed: 0,
    framesEmitted: 0,
    framesDropped: 0,
    overflows: 0,
  };
  private readonly depacketizer: RtpDepacketizer;
  private readonly maxPackets: number;
  private readonly maxWaitMs: number;
  private readonly waitForKeyframe: boolean;
  private readonly unwrapper = new Unwrapper(16);
  private readonly slots = new Map<number, Slot>();
  private readonly frames: AssembledFrame[] = [];
  /** Extended sequence number the next frame starts at; undefined until a start is known. */
  private next: number | undefined;
  /** Packets below this extended sequence number are late. */
  private floor = Number.NEGATIVE_INFINITY;
  private highest: number | undefined;
  /** When the packet at `next` was first found missing while later packets were held. */
  private gapSince: number | undefined;
  private needKeyframe: boolean;
  private pendingGap = false;

  constructor(options: JitterBufferOptions) {
    this.depacketizer = options.depacketizer;
    this.maxPackets = options.maxPackets ?? 1024;
    this.maxWaitMs = options.maxWaitMs ?? 150;
    this.waitForKeyframe = options.waitForKeyframe ?? true;
    this.needKeyframe = this.waitForKeyframe;
    if (this.maxPackets < 1) throw new RtpError('bad-value', 'maxPackets must be at least 1');
  }

  handlePacket(packet: RtpPacket, now: number): void {
    this.stats.packetsReceived++;
    const seq = this.unwrapper.unwrap(packet.sequenceNumber);
    if (seq < this.floor) {
      this.stats.late++;
      return;
    }
    if (this.slots.has(seq)) {
      this.stats.duplicates++;
      return;
    }
    let frameStart: boolean | undefined;
    try {
      frameStart = this.depacketizer.isFrameStart(packet.payload);
    } catch {
      this.stats.malformed++;
      return;
    }
    this.slots.set(seq, {
      timestamp: packet.timestamp,
      marker: packet.marker,
      payload: packet.payload.slice(),
      arrival: now,
      frameStart,
    });
    if (this.highest === undefined || seq > this.highest) this.highest = seq;
    let guard = this.slots.size;
    while (this.slots.size > this.maxPackets && guard-- > 0) {
      this.stats.overflows++;
      this.skipFrame();
    }
    this.drain(now);
  }

  /** Skips frames whose missing packets waited longer than `maxWaitMs`. */
  handleTimeout(now: number): void {
    let guard = this.slots.size + 1;
    while (this.gapSince !== undefined && now - this.gapSince >= this.maxWaitMs && guard-- > 0) {
      this.skipFrame();
      this.drain(now);
    }
  }

  nextDeadline(): number | undefined {
    return this.gapSince === undefined ? undefined : this.gapSince + this.maxWaitMs;
  }

  pollFrame(): AssembledFrame | undefined {
    return this.frames.shift();
  }

  /** Number of packets held. */
  get size(): number {
    return this.slots.size;
  }

  /** True when `k` is known to begin a frame: codec flag, or the packet before it ended a frame. */
  private isKnownStart(k: number): boolean {
    if (k === this.next) return true;
    const s = this.slots.get(k)!;
    if (s.frameStart === true) return true;
    const prev = this.slots.get(k - 1);
    return prev !== undefined && (prev.marker || prev.timestamp !== s.timestamp);
  }

  private drain(now: number): void {
    for (;;) {
      if (this.next === undefined) {
        // Not yet committed to a start (stream start or after a skip): with reordering, an older frame
        // may still arrive, so only a key frame start (when one is needed) is committed to.
        this.next = this.knownStartFrom(this.floor, this.needKeyframe);
        if (this.next === undefined) {
          this.gapSince = this.slots.size > 0 ? (this.gapSince ?? now) : undefined;
          return;
        }
      }
      const end = this.completeFrameEnd(this.next);
      if (end === undefined) {
        const waiting = this.highest !== undefined && this.highest >= this.next;
        this.gapSince = waiting ? (this.gapSince ?? now) : undefined;
        return;
      }
      this.gapSince = undefined;
      this.emit(this.next, end);
      this.next = end + 1;
      this.floor = end + 1;
    }
  }

  /** Last sequence number of the frame starting at `start`, if all its packets are present. */
  private completeFrameEnd(start: number): number | undefined {
    const first = this.slots.get(start);
    if (!first) return undefined;
    let seq = start;
    let s = first;
    for (;;) {
      if (s.marker) return seq;
      const n = this.slots.get(seq + 1);
      if (!n) return undefined;
      // Frames end at the marker or a timestamp change (RFC 3550 §5.1); codec start flags are not
      // used here because H.264 may carry an SPS after an AUD inside one access unit.
      if (n.timestamp !== first.timestamp) return seq;
      seq++;
      s = n;
    }
  }

  private emit(start: number, end: number): void {
    const payloads: Uint8Array[] = [];
    const first = this.slots.get(start)!;
    let completedAt = first.arrival;
    for (let q = start; q <= end; q++) {
      const s = this.slots.get(q)!;
      payloads.push(s.payload);
      if (s.arrival > completedAt) completedAt = s.arrival;
      this.slots.delete(q);
    }
    let keyframe: boolean;
    let data: Uint8Array;
    try {
      // H.264 may open a key frame with an AUD or SEI packet: any packet of the frame may say "key".
      keyframe = false;
      for (const p of payloads) if (this.depacketizer.isKeyframe(p)) keyframe = true;
      data = this.depacketizer.assemble(payloads);
    } catch {
      this.stats.malformed++;
      this.dropped();
      return;
    }
    if (this.needKeyframe && !keyframe) {
      this.stats.framesDropped++;
      this.pendingGap = true;
      return;
    }
    this.needKeyframe = false;
    this.stats.framesEmitted++;
    this.frames.push({
      timestamp: first.timestamp,
      data,
      keyframe,
      firstSequenceNumber: start & 0xffff,
      lastSequenceNumber: end & 0xffff,
      packetCount: end - start + 1,
      completedAt,
      afterGap: this.pendingGap,
    });
    this.pendingGap = false;
    if (this.frames.length > this.maxPackets) this.frames.shift();
  }

  private dropped(): void {
    this.stats.framesDropped++;
    this.pendingGap = true;
    if (this.waitForKeyframe) this.needKeyframe = true;
  }

  /**
   * Gives up on the frame at `next` (or on the oldest held packets when no start is known): drops
   * packets up to the next known frame start. Without one, everything held is dropped and the
   * packets up to the highest seen count as late from now on.
   */
  private skipFrame(): void {
    this.dropped();
    this.gapSince = undefined;
    const base = this.next ?? this.floor;
    this.next = undefined;
    const start = this.knownStartFrom(base + 1);
    const limit = start ?? (this.highest ?? base) + 1;
    for (const k of [...this.slots.keys()]) if (k < limit) this.slots.delete(k);
    this.floor = limit;
    this.next = start;
  }

  /** Smallest held sequence number >= `from` that is a known frame start (and a key frame if asked). */
  private knownStartFrom(from: number, keyframeOnly = false): number | undefined {
    let best: number | undefined;
    for (const k of this.slots.keys()) {
      if (k >= from && (best === undefined || k < best) && this.isKnownStart(k)) {
        if (keyframeOnly && !this.startsKeyframe(k)) continue;
        best = k;
      }
    }
    return best;
  }

  /** True when a held packet of the frame starting at `k` (same timestamp, consecutive) is a key frame start. */
  private startsKeyframe(k: number): boolean {
    const ts = this.slots.get(k)!.timestamp;
    for (let q = k; ; q++) {
      const s = this.slots.get(q);
      if (!s || s.timestamp !== ts) return false;
      try {
        if (this.depacketizer.isKeyframe(s.payload)) return true;
      } catch {
        return false;
      }
      if (s.marker) return false;
    }
  }
}
