// Records what a bound @rtc/peer TrackSink (from `@rtc/peer/media`) delivers for one received track:
// RTP sequence coverage (gaps, duplicates), frames and key frames assembled, and the time from a
// key frame request (PLI/FIR sent through the sink) to the first packet and to the complete key frame
// that answers it. Typed structurally so the harness does not depend on the sink's class.
import { parseVp8Descriptor } from '@rtc/rtp';

interface PacketLike {
  sequenceNumber: number;
  payloadType: number;
  ssrc: number;
  payload: Uint8Array;
}
interface FrameLike {
  keyframe: boolean;
  data: Uint8Array;
  packetCount: number;
}

/** The parts of a bound TrackSink the recorder uses. */
export interface SinkLike {
  readonly codec: string | undefined;
  addEventListener(type: 'packet', listener: (e: { packet: PacketLike }) => void): void;
  addEventListener(type: 'frame', listener: (e: { frame: FrameLike }) => void): void;
  requestKeyframe(method?: 'pli' | 'fir'): boolean;
  close(): void;
}

export interface KeyframeTiming {
  /** Whether the sink sent the request (false before the stream's SSRC is known). */
  sent: boolean;
  /** ms from the request to the first packet of a key frame. */
  firstPacketMs: number | undefined;
  /** ms from the request to the complete key frame out of the sink. */
  frameMs: number | undefined;
}

export interface TrackRecord {
  readonly kind: string;
  readonly sink: SinkLike;
  readonly packets: number;
  /** Sequence numbers between the first and the highest seen that never arrived. */
  readonly missing: number;
  readonly duplicates: number;
  readonly frames: number;
  readonly keyframes: number;
  readonly frameBytes: number;
  readonly ssrcs: ReadonlySet<number>;
  readonly payloadTypes: ReadonlySet<number>;
  /** Asks for a key frame and waits (up to timeoutMs) for one to arrive. */
  requestKeyframe(method: 'pli' | 'fir', timeoutMs: number): Promise<KeyframeTiming>;
  summary(): Record<string, unknown>;
  stop(): void;
}

/** A VP8 packet that starts a key frame (RFC 7741 §4.2-4.3: S=1, PID=0, P bit of the frame tag 0). */
export function isVp8KeyframeStart(payload: Uint8Array): boolean {
  try {
    const d = parseVp8Descriptor(payload);
    return d.start && d.partitionId === 0 && payload.length > d.size && (payload[d.size]! & 1) === 0;
  } catch {
    return false;
  }
}

export function recordTrack(kind: string, sink: SinkLike): TrackRecord {
  const seen = new Set<number>();
  const ssrcs = new Set<number>();
  const payloadTypes = new Set<number>();
  const state = { packets: 0, duplicates: 0, frames: 0, keyframes: 0, frameBytes: 0 };
  let first: number | undefined;
  let highest = 0;
  let stopped = false;
  const keyPacketWaiters: Array<() => void> = [];
  const keyFrameWaiters: Array<() => void> = [];
  sink.addEventListener('packet', ({ packet }) => {
    if (stopped) return;
    state.packets++;
    ssrcs.add(packet.ssrc);
    payloadTypes.add(packet.payloadType);
    // Extend the 16-bit sequence number to the value nearest the highest seen so far.
    const seq = packet.sequenceNumber;
    let ext = seq;
    if (first !== undefined) {
      const delta = (((seq - (highest & 0xffff)) & 0xffff) << 16) >> 16;
      ext = highest + delta;
    } else {
      first = ext;
      highest = ext;
    }
    if (seen.has(ext)) state.duplicates++;
    else seen.add(ext);
    if (ext > highest) highest = ext;
    if (ext < first!) first = ext;
    if (kind === 'video' && /vp8/i.test(sink.codec ?? '') && isVp8KeyframeStart(packet.payload))
      for (const w of keyPacketWaiters.splice(0)) w();
  });
  sink.addEventListener('frame', ({ frame }) => {
    if (stopped) return;
    state.frames++;
    state.frameBytes += frame.data.length;
    if (frame.keyframe) {
      state.keyframes++;
      for (const w of keyFrameWaiters.splice(0)) w();
    }
  });
  const missing = () => (first === undefined ? 0 : highest - first + 1 - seen.size);
  return {
    kind,
    sink,
    get packets() {
      return state.packets;
    },
    get missing() {
      return missing();
    },
    get duplicates() {
      return state.duplicates;
    },
    get frames() {
      return state.frames;
    },
    get keyframes() {
      return state.keyframes;
    },
    get frameBytes() {
      return state.frameBytes;
    },
    ssrcs,
    payloadTypes,
    async requestKeyframe(method, timeoutMs) {
      const timing: KeyframeTiming = { sent: false, firstPacketMs: undefined, frameMs: undefined };
      const t0 = performance.now();
      const packet = new Promise<void>((r) => keyPacketWaiters.push(r)).then(() => {
        timing.firstPacketMs = performance.now() - t0;
      });
      const frame = new Promise<void>((r) => keyFrameWaiters.push(r)).then(() => {
        timing.frameMs = performance.now() - t0;
      });
      timing.sent = sink.requestKeyframe(method);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all([packet, frame]),
        new Promise<void>((r) => {
          timer = setTimeout(r, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      return timing;
    },
    summary() {
      return {
        kind,
        codec: sink.codec,
        packets: state.packets,
        missing: missing(),
        duplicates: state.duplicates,
        frames: state.frames,
        keyframes: state.keyframes,
        frameBytes: state.frameBytes,
        ssrcs: [...ssrcs],
        payloadTypes: [...payloadTypes],
      };
    },
    stop() {
      stopped = true;
      keyPacketWaiters.length = 0;
      keyFrameWaiters.length = 0;
      sink.close();
    },
  };
}
