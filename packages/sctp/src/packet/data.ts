import { SctpError } from '../errors.js';
import { read16, read32, write16, write32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';

/** DATA chunk (RFC 9260 §3.3.1). `userData` is a view into the packet. */
export interface DataChunk {
  type: typeof ChunkType.DATA;
  /** U (4), B (2), E (1) and I (8) bits. */
  flags: number;
  tsn: number;
  streamId: number;
  ssn: number;
  ppid: number;
  userData: Uint8Array;
}

export const DATA_HEADER = 16;

export function decodeData(b: Uint8Array, off: number, len: number, flags: number): DataChunk {
  // RFC 9260 §3.3.1: a DATA chunk carries at least one byte of user data.
  if (len < DATA_HEADER + 1) throw new SctpError('bad-length', `DATA chunk length ${len} < 17`);
  return {
    type: ChunkType.DATA,
    flags,
    tsn: read32(b, off + 4),
    streamId: read16(b, off + 8),
    ssn: read16(b, off + 10),
    ppid: read32(b, off + 12),
    userData: b.subarray(off + DATA_HEADER, off + len),
  };
}

/**
 * Write a DATA chunk straight into a packet buffer, copying `len` bytes of `src` from `srcStart`.
 * Returns the offset after the chunk's padding. The hot path of the sender uses this directly.
 */
export function writeData(
  out: Uint8Array,
  off: number,
  flags: number,
  tsn: number,
  streamId: number,
  ssn: number,
  ppid: number,
  src: Uint8Array,
  srcStart: number,
  len: number,
): number {
  const chunkLen = DATA_HEADER + len;
  out[off] = ChunkType.DATA;
  out[off + 1] = flags;
  write16(out, off + 2, chunkLen);
  write32(out, off + 4, tsn);
  write16(out, off + 8, streamId);
  write16(out, off + 10, ssn);
  write32(out, off + 12, ppid);
  out.set(
    len === src.length && srcStart === 0 ? src : src.subarray(srcStart, srcStart + len),
    off + DATA_HEADER,
  );
  let end = off + chunkLen;
  while (end & 3) out[end++] = 0;
  return end;
}
