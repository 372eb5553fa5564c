import { RtpError } from '../errors.js';

// AV1 bitstream §4.10.5 leb128(): little-endian base-128, at most 8 bytes, value < 2^32 here.

export interface Leb128 {
  value: number;
  size: number;
}

export function readLeb128(b: Uint8Array, offset: number): Leb128 {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    if (offset + i >= b.length) throw new RtpError('bad-format', 'LEB128 value truncated');
    const byte = b[offset + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (value > 0xffffffff) throw new RtpError('bad-format', 'LEB128 value too large');
      return { value, size: i + 1 };
    }
  }
  throw new RtpError('bad-format', 'LEB128 longer than 8 bytes');
}

export function leb128Size(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

export function writeLeb128(out: Uint8Array, offset: number, value: number): number {
  let o = offset;
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out[o++] = byte;
  } while (value > 0);
  return o - offset;
}
