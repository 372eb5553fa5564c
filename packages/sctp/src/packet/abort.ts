import type { ChunkType } from './chunk-type.js';
import { decodeCauses, type ErrorCause } from './error-cause.js';

/** ABORT (RFC 9260 §3.3.7) and ERROR (§3.3.10): a list of error causes. ABORT uses the T flag. */
export interface AbortChunk {
  type: typeof ChunkType.ABORT | typeof ChunkType.ERROR;
  flags: number;
  causes: ErrorCause[];
}

export function decodeAbort(
  type: typeof ChunkType.ABORT | typeof ChunkType.ERROR,
  b: Uint8Array,
  off: number,
  len: number,
  flags: number,
): AbortChunk {
  return { type, flags, causes: decodeCauses(b, off + 4, off + len) };
}
