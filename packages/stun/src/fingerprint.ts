import { FINGERPRINT_XOR } from './constants.js';

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320, the zlib one), slicing-by-4 tables built lazily.
let tables: Uint32Array | undefined;

function buildTables(): Uint32Array {
  const t = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c >>> 0;
    }
  }
  return t;
}

/** CRC-32 of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = (tables ??= buildTables());
  let crc = 0xffffffff;
  let i = start;
  // Four bytes per step (slicing-by-4): STUN messages are small but this halves the loop cost.
  for (; i + 4 <= end; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc =
      t[768 + (crc & 0xff)]! ^
      t[512 + ((crc >>> 8) & 0xff)]! ^
      t[256 + ((crc >>> 16) & 0xff)]! ^
      t[crc >>> 24]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** RFC 8489 §14.7: the FINGERPRINT value for the message bytes that precede the attribute. */
export function fingerprintValue(bytes: Uint8Array, end: number): number {
  return (crc32(bytes, 0, end) ^ FINGERPRINT_XOR) >>> 0;
}
