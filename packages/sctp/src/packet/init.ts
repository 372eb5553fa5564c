import { SctpError } from '../errors.js';
import { read16, read32, write16, write32 } from './bytes.js';
import type { ChunkType } from './chunk-type.js';
import { decodeParams, encodeParams, type Param, paramsSize } from './params.js';

/** INIT (RFC 9260 §3.3.2) and INIT-ACK (§3.3.3) share one layout. */
export interface InitChunk {
  type: typeof ChunkType.INIT | typeof ChunkType.INIT_ACK;
  flags: number;
  initiateTag: number;
  advertisedRwnd: number;
  outboundStreams: number;
  inboundStreams: number;
  initialTsn: number;
  params: Param[];
}

export function decodeInit(
  type: typeof ChunkType.INIT | typeof ChunkType.INIT_ACK,
  b: Uint8Array,
  off: number,
  len: number,
  flags: number,
): InitChunk {
  if (len < 20) throw new SctpError('bad-length', `INIT chunk length ${len} < 20`);
  return {
    type,
    flags,
    initiateTag: read32(b, off + 4),
    advertisedRwnd: read32(b, off + 8),
    outboundStreams: read16(b, off + 12),
    inboundStreams: read16(b, off + 14),
    initialTsn: read32(b, off + 16),
    params: decodeParams(b, off + 20, off + len),
  };
}

export function initSize(c: InitChunk): number {
  return 20 + paramsSize(c.params);
}

export function encodeInit(c: InitChunk, out: Uint8Array, off: number): number {
  write32(out, off + 4, c.initiateTag);
  write32(out, off + 8, c.advertisedRwnd);
  write16(out, off + 12, c.outboundStreams);
  write16(out, off + 14, c.inboundStreams);
  write32(out, off + 16, c.initialTsn);
  return encodeParams(c.params, out, off + 20);
}
