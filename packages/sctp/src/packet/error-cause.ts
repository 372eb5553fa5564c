import { SctpError } from '../errors.js';
import { pad4, read16, write16 } from './bytes.js';

/** An error cause carried by ABORT and ERROR (RFC 9260 §3.3.10). `info` excludes the 4-byte header. */
export interface ErrorCause {
  code: number;
  info: Uint8Array;
}

export const CauseCode = {
  INVALID_STREAM_ID: 1,
  MISSING_PARAM: 2,
  STALE_COOKIE: 3,
  OUT_OF_RESOURCE: 4,
  UNRESOLVABLE_ADDRESS: 5,
  UNRECOGNIZED_CHUNK: 6,
  INVALID_MANDATORY_PARAM: 7,
  UNRECOGNIZED_PARAMS: 8,
  NO_USER_DATA: 9,
  COOKIE_WHILE_SHUTTING_DOWN: 10,
  RESTART_WITH_NEW_ADDRESSES: 11,
  USER_INITIATED_ABORT: 12,
  PROTOCOL_VIOLATION: 13,
} as const;

export function decodeCauses(b: Uint8Array, off: number, end: number): ErrorCause[] {
  const out: ErrorCause[] = [];
  while (off + 4 <= end) {
    const code = read16(b, off);
    const len = read16(b, off + 2);
    if (len < 4 || off + len > end) throw new SctpError('bad-length', `error cause ${code} length ${len}`);
    out.push({ code, info: b.subarray(off + 4, off + len) });
    off += pad4(len);
  }
  return out;
}

export function causesSize(causes: readonly ErrorCause[]): number {
  let n = 0;
  for (const c of causes) n = pad4(n) + 4 + c.info.length; // last cause unpadded (RFC 9260 §3.2)
  return n;
}

export function encodeCauses(causes: readonly ErrorCause[], out: Uint8Array, off: number): number {
  for (const c of causes) {
    write16(out, off, c.code);
    write16(out, off + 2, 4 + c.info.length);
    out.set(c.info, off + 4);
    const end = off + pad4(4 + c.info.length);
    out.fill(0, off + 4 + c.info.length, end);
    off = end;
  }
  return off;
}
