import { RtpError } from '../errors.js';

// abs-send-time (webrtc.org experiments): 24-bit 6.18 fixed-point seconds, the middle bits of the NTP
// timestamp. Wraps every 64 s.

/** Decodes the 24-bit raw value. */
export function decodeAbsSendTime(data: Uint8Array): number {
  if (data.length !== 3) throw new RtpError('bad-extension', 'abs-send-time must be 3 bytes');
  return (data[0]! << 16) | (data[1]! << 8) | data[2]!;
}

export function encodeAbsSendTime(raw: number): Uint8Array {
  return new Uint8Array([(raw >>> 16) & 0xff, (raw >>> 8) & 0xff, raw & 0xff]);
}

/** 6.18 fixed-point value for a time in milliseconds (any epoch; only seconds mod 64 survive). */
export function absSendTimeFromMs(ms: number): number {
  return Math.round((ms * 262144) / 1000) & 0xffffff;
}

/** Raw 6.18 value to milliseconds in [0, 64000). */
export function absSendTimeToMs(raw: number): number {
  return (raw * 1000) / 262144;
}
