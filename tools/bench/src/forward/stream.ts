/**
 * The forwarded stream: 1 Mbit/s of VP8 at 30 frames/s with a key frame every 2 s, packetized
 * once with @rtc/rtp's VP8 packetizer (RFC 7741 descriptor with a 15-bit picture ID) into RTP
 * packets of at most 1200 octets and protected once as the sender would. Both forwarders read
 * the same SRTP bytes (@rtc/srtp and werift-rtp produce identical SRTP for the same keys; the
 * SRTP bench checks that).
 */
import { type RtpPacket, Vp8Packetizer, writeRtpPacket } from '@rtc/rtp';
import { SrtpSession } from '@rtc/srtp';

export type ForwardProfile = 'SRTP_AES128_CM_HMAC_SHA1_80' | 'SRTP_AEAD_AES_128_GCM';

export const FPS = 30;
export const BITRATE = 1_000_000;
export const KEYFRAME_INTERVAL_FRAMES = 2 * FPS;
/** Key frames are this many times the size of a delta frame (typical for libvpx at 1 Mbit/s). */
const KEY_TO_DELTA = 10;
export const RTP_CLOCK = 90_000;
export const MAX_RTP_PAYLOAD = 1188; // 12-octet header + 1188 = 1200-octet RTP packets
export const IN_SSRC = 0x1234_5678;
export const OUT_SSRC = 0x0bad_cafe;
export const PAYLOAD_TYPE = 96;

export interface Keys {
  key: Buffer;
  salt: Buffer;
}

export function keysFor(profile: ForwardProfile, seed: number): Keys {
  const saltLength = profile === 'SRTP_AEAD_AES_128_GCM' ? 12 : 14;
  return {
    key: Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 29 + seed) & 0xff)),
    salt: Buffer.from(Array.from({ length: saltLength }, (_, i) => (i * 41 + seed * 7) & 0xff)),
  };
}

/** Deterministic pseudo-random octets (xorshift32). */
function filler(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  };
}

/**
 * A VP8 frame of `size` octets with a valid uncompressed data chunk (RFC 6386 §9.1): the 3-octet
 * frame tag (key-frame bit, version 0, show_frame, first partition size) and, for key frames,
 * the start code 9d 01 2a and 640x360. The rest stands in for the compressed partitions.
 */
function vp8Frame(size: number, key: boolean, index: number): Uint8Array {
  const f = new Uint8Array(size);
  const rnd = filler(index * 2654435761);
  for (let i = 0; i < size; i++) f[i] = rnd();
  const firstPartition = Math.min(size - 10, Math.floor(size / 4));
  const tag = (key ? 0 : 1) | (0 << 1) | (1 << 4) | (firstPartition << 5);
  f[0] = tag & 0xff;
  f[1] = (tag >>> 8) & 0xff;
  f[2] = (tag >>> 16) & 0xff;
  if (key) {
    f.set([0x9d, 0x01, 0x2a, 640 & 0xff, 640 >> 8, 360 & 0xff, 360 >> 8], 3);
  }
  return f;
}

/** Frame sizes over `seconds`: deltas vary +-25% around their mean; each GOP sums to its share. */
function frameSizes(seconds: number): number[] {
  const gopOctets = (BITRATE / 8) * (KEYFRAME_INTERVAL_FRAMES / FPS);
  const delta = gopOctets / (KEY_TO_DELTA + KEYFRAME_INTERVAL_FRAMES - 1);
  const rnd = filler(12345);
  const sizes: number[] = [];
  for (let f = 0; f < seconds * FPS; f++) {
    const inGop = f % KEYFRAME_INTERVAL_FRAMES;
    if (inGop === 0) sizes.push(Math.round(delta * KEY_TO_DELTA));
    else {
      // Pair the variations so that each pair of deltas keeps the mean (and the GOP its total).
      const v = inGop % 2 === 1 ? (rnd() / 255 - 0.5) * 0.5 : -((sizes.at(-1) as number) / delta - 1);
      sizes.push(Math.round(delta * (1 + v)));
    }
  }
  return sizes;
}

export interface Stream {
  frames: Uint8Array[];
  /** The frames' RTP packets as the sender protected them. */
  srtp: Buffer[];
  /** Arrival time (ms) of each packet: its frame's capture time. */
  arrival: number[];
  seconds: number;
  octetsPerSecond: number;
}

export function makeStream(profile: ForwardProfile, seconds: number): Stream {
  const sender = new SrtpSession({
    profile,
    keys: { local: keysFor(profile, 1), remote: keysFor(profile, 1) },
  });
  const packetizer = new Vp8Packetizer(100);
  const sizes = frameSizes(seconds);
  const frames: Uint8Array[] = [];
  const srtp: Buffer[] = [];
  const arrival: number[] = [];
  let seq = 1000;
  let octets = 0;
  for (let i = 0; i < sizes.length; i++) {
    const frame = vp8Frame(sizes[i] as number, i % KEYFRAME_INTERVAL_FRAMES === 0, i);
    frames.push(frame);
    octets += frame.length;
    const payloads = packetizer.packetize(frame, MAX_RTP_PAYLOAD);
    payloads.forEach((payload, k) => {
      const packet: RtpPacket = {
        marker: k === payloads.length - 1,
        payloadType: PAYLOAD_TYPE,
        sequenceNumber: seq++ & 0xffff,
        timestamp: (i * (RTP_CLOCK / FPS)) >>> 0,
        ssrc: IN_SSRC,
        csrcs: [],
        extension: undefined,
        payload,
        paddingLength: 0,
      };
      const bytes = new Uint8Array(1500);
      const n = writeRtpPacket(packet, bytes, 0);
      srtp.push(Buffer.from(sender.protectRtp(bytes.subarray(0, n))));
      arrival.push((i * 1000) / FPS);
    });
  }
  return { frames, srtp, arrival, seconds, octetsPerSecond: octets / seconds };
}
