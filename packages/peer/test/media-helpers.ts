// Shared pieces of the two-peer media tests: synthetic VP8 and Opus frames, an IVF built in memory,
// and a sink that records what arrives.
import { type AssembledFrame, IvfWriter, type RtpPacket } from '@rtc/rtp';
import type { MediaStreamTrack } from '../src/index.js';
import { TrackSink, type TrackSinkOptions } from '../src/media/nonstandard/index.js';

/**
 * A VP8-like frame (RFC 6386 §9.1 frame tag): bit 0 of the first octet is 0 for a key frame, and a key
 * frame carries the start code 9d 01 2a and a 16-bit width and height. The rest is filler with the
 * frame number in it, so frames are told apart byte for byte.
 */
export function vp8Frame(n: number, keyframe: boolean, size = 900): Uint8Array {
  const f = new Uint8Array(size);
  for (let i = 0; i < size; i++) f[i] = (n * 31 + i * 7) & 0xff;
  f[0] = keyframe ? 0x10 : 0x11;
  if (keyframe) f.set([0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00], 3);
  return f;
}

/** An IVF file (VP80, 30 fps) of `count` frames, a key frame every `gop`. */
export function vp8Ivf(count: number, gop = 30): { file: Uint8Array; frames: Uint8Array[] } {
  const writer = new IvfWriter({
    fourcc: 'VP80',
    width: 320,
    height: 240,
    timebaseDenominator: 30,
    timebaseNumerator: 1,
  });
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    // Some frames span several RTP packets (1200-octet payloads).
    const f = vp8Frame(i, i % gop === 0, i % gop === 0 ? 3000 : 700 + (i % 5) * 200);
    frames.push(f);
    writer.addFrame(f, i);
  }
  return { file: writer.finish(), frames };
}

/** Opus packets (RFC 6716 §3.1 TOC 0xfc: CELT fullband 20 ms, one frame) with a counter. */
export function opusPacket(n: number): Uint8Array {
  return new Uint8Array([0xfc, n & 0xff, (n >> 8) & 0xff, 0x55, 0xaa]);
}

/** A bound sink that keeps every packet and frame it is given. */
export function recordingSink(track: MediaStreamTrack, options: Omit<TrackSinkOptions, 'track'> = {}) {
  const sink = new TrackSink({ ...options, track });
  const packets: RtpPacket[] = [];
  const frames: AssembledFrame[] = [];
  sink.onpacket = (e) => packets.push(e.packet);
  sink.onframe = (e) => frames.push(e.frame);
  return { sink, packets, frames };
}

/** True when the sequence numbers (mod 2^16) follow each other with no gap. */
export function contiguous(packets: readonly RtpPacket[]): boolean {
  for (let i = 1; i < packets.length; i++)
    if (((packets[i - 1]!.sequenceNumber + 1) & 0xffff) !== packets[i]!.sequenceNumber) return false;
  return true;
}
