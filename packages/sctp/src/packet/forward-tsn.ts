import { SctpError } from '../errors.js';
import { read16, read32, write16, write32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';

/** FORWARD-TSN (RFC 3758 §3.2). `streams` is flattened [streamId0, ssn0, streamId1, ssn1...]. */
export interface ForwardTsnChunk {
  type: typeof ChunkType.FORWARD_TSN;
  flags: number;
  newCumulativeTsn: number;
  streams: number[];
}

export function decodeForwardTsn(b: Uint8Array, off: number, len: number, flags: number): ForwardTsnChunk {
  if (len < 8 || (len - 8) % 4 !== 0) throw new SctpError('bad-length', `FORWARD-TSN chunk length ${len}`);
  const n = (len - 8) / 4;
  const streams = new Array<number>(n * 2);
  for (let i = 0; i < n; i++) {
    streams[2 * i] = read16(b, off + 8 + 4 * i);
    streams[2 * i + 1] = read16(b, off + 10 + 4 * i);
  }
  return { type: ChunkType.FORWARD_TSN, flags, newCumulativeTsn: read32(b, off + 4), streams };
}

export function forwardTsnSize(c: ForwardTsnChunk): number {
  return 8 + c.streams.length * 2;
}

export function encodeForwardTsn(c: ForwardTsnChunk, out: Uint8Array, off: number): number {
  write32(out, off + 4, c.newCumulativeTsn);
  let p = off + 8;
  for (const v of c.streams) {
    write16(out, p, v);
    p += 2;
  }
  return p;
}
