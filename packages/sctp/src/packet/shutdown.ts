import { SctpError } from '../errors.js';
import { read32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';

/** SHUTDOWN (RFC 9260 §3.3.8): the cumulative TSN ack of the sender. */
export interface ShutdownChunk {
  type: typeof ChunkType.SHUTDOWN;
  flags: number;
  cumulativeTsnAck: number;
}

export function decodeShutdown(b: Uint8Array, off: number, len: number, flags: number): ShutdownChunk {
  if (len !== 8) throw new SctpError('bad-length', `SHUTDOWN chunk length ${len} != 8`);
  return { type: ChunkType.SHUTDOWN, flags, cumulativeTsnAck: read32(b, off + 4) };
}

/** Chunks with no body: SHUTDOWN-ACK (§3.3.9), COOKIE-ACK (§3.3.12), SHUTDOWN-COMPLETE (§3.3.13, T flag). */
export interface EmptyChunk {
  type: typeof ChunkType.SHUTDOWN_ACK | typeof ChunkType.COOKIE_ACK | typeof ChunkType.SHUTDOWN_COMPLETE;
  flags: number;
}
