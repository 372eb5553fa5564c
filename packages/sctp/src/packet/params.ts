import { SctpError } from '../errors.js';
import { pad4, read16, write16 } from './bytes.js';

/** A TLV parameter (RFC 9260 §3.2.1). `value` excludes the 4-byte header and the padding. */
export interface Param {
  type: number;
  value: Uint8Array;
}

/** Parameter types used in INIT/INIT-ACK (RFC 9260 §3.3.2, RFC 3758, RFC 5061, RFC 9653). */
export const ParamType = {
  HEARTBEAT_INFO: 1,
  IPV4: 5,
  IPV6: 6,
  STATE_COOKIE: 7,
  UNRECOGNIZED: 8,
  COOKIE_PRESERVATIVE: 9,
  HOSTNAME: 11,
  SUPPORTED_ADDRESS_TYPES: 12,
  ZERO_CHECKSUM_ACCEPTABLE: 0x8001,
  RANDOM: 0x8002,
  CHUNK_LIST: 0x8003,
  REQUESTED_HMAC: 0x8004,
  SUPPORTED_EXTENSIONS: 0x8008,
  FORWARD_TSN_SUPPORTED: 0xc000,
} as const;

/** Error Detection Method Identifier for "SCTP over DTLS" (RFC 9653 §7). */
export const EDMID_DTLS = 1;

/** Decode a sequence of padded TLVs in `b[off, end)`. The last one may omit its padding. */
export function decodeParams(b: Uint8Array, off: number, end: number): Param[] {
  const out: Param[] = [];
  while (off + 4 <= end) {
    const type = read16(b, off);
    const len = read16(b, off + 2);
    if (len < 4 || off + len > end) throw new SctpError('bad-length', `parameter ${type} length ${len}`);
    out.push({ type, value: b.subarray(off + 4, off + len) });
    off += pad4(len);
  }
  if (off < end) throw new SctpError('bad-length', 'trailing bytes after parameters');
  return out;
}

/**
 * Bytes the parameters add to a chunk's length field: RFC 9260 §3.2 counts the padding of every
 * parameter but the last one (the last one's padding is the chunk's own padding).
 */
export function paramsSize(params: readonly Param[]): number {
  let n = 0;
  for (const p of params) n = pad4(n) + 4 + p.value.length;
  return n;
}

/** Encode TLVs at `off`, padding each; returns the end offset. */
export function encodeParams(params: readonly Param[], out: Uint8Array, off: number): number {
  for (const p of params) {
    const len = 4 + p.value.length;
    if (len > 0xffff) throw new SctpError('invalid-argument', 'parameter too long');
    write16(out, off, p.type);
    write16(out, off + 2, len);
    out.set(p.value, off + 4);
    const end = off + pad4(len);
    out.fill(0, off + len, end);
    off = end;
  }
  return off;
}
