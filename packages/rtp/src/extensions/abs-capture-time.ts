import { RtpError } from '../errors.js';

/**
 * abs-capture-time (webrtc.org experiments): UQ32.32 NTP capture timestamp, optionally followed by
 * a Q32.32 signed estimated capture clock offset.
 */
export interface AbsCaptureTime {
  absoluteCaptureTimestamp: bigint;
  estimatedCaptureClockOffset?: bigint;
}

function readU64(data: Uint8Array, o: number): bigint {
  const hi = ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
  const lo = ((data[o + 4]! << 24) | (data[o + 5]! << 16) | (data[o + 6]! << 8) | data[o + 7]!) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function writeU64(out: Uint8Array, o: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  const hi = Number(u >> 32n);
  const lo = Number(u & 0xffffffffn);
  out[o] = hi >>> 24;
  out[o + 1] = (hi >>> 16) & 0xff;
  out[o + 2] = (hi >>> 8) & 0xff;
  out[o + 3] = hi & 0xff;
  out[o + 4] = lo >>> 24;
  out[o + 5] = (lo >>> 16) & 0xff;
  out[o + 6] = (lo >>> 8) & 0xff;
  out[o + 7] = lo & 0xff;
}

export function decodeAbsCaptureTime(data: Uint8Array): AbsCaptureTime {
  if (data.length !== 8 && data.length !== 16) {
    throw new RtpError('bad-extension', 'abs-capture-time must be 8 or 16 bytes');
  }
  const absoluteCaptureTimestamp = readU64(data, 0);
  if (data.length === 8) return { absoluteCaptureTimestamp };
  return { absoluteCaptureTimestamp, estimatedCaptureClockOffset: BigInt.asIntN(64, readU64(data, 8)) };
}

export function encodeAbsCaptureTime(value: AbsCaptureTime): Uint8Array {
  const out = new Uint8Array(value.estimatedCaptureClockOffset === undefined ? 8 : 16);
  writeU64(out, 0, value.absoluteCaptureTimestamp);
  if (value.estimatedCaptureClockOffset !== undefined) writeU64(out, 8, value.estimatedCaptureClockOffset);
  return out;
}
