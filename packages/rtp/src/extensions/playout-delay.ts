import { RtpError } from '../errors.js';

/** playout-delay (webrtc.org experiments): two 12-bit values in 10 ms units. */
export interface PlayoutDelay {
  minMs: number;
  maxMs: number;
}

export function decodePlayoutDelay(data: Uint8Array): PlayoutDelay {
  if (data.length !== 3) throw new RtpError('bad-extension', 'playout delay must be 3 bytes');
  const v = (data[0]! << 16) | (data[1]! << 8) | data[2]!;
  return { minMs: (v >>> 12) * 10, maxMs: (v & 0xfff) * 10 };
}

export function encodePlayoutDelay(value: PlayoutDelay): Uint8Array {
  const min = Math.round(value.minMs / 10);
  const max = Math.round(value.maxMs / 10);
  if (min < 0 || min > 0xfff || max < 0 || max > 0xfff) {
    throw new RtpError('bad-value', 'playout delay must be 0-40950 ms');
  }
  return new Uint8Array([min >>> 4, ((min & 0x0f) << 4) | (max >>> 8), max & 0xff]);
}
