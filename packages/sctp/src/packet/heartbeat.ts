import { SctpError } from '../errors.js';
import { write16 } from './bytes.js';
import type { ChunkType } from './chunk-type.js';
import { decodeParams, ParamType } from './params.js';

/** HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT-ACK (§3.3.6): one Heartbeat Info parameter, opaque to the peer. */
export interface HeartbeatChunk {
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK;
  flags: number;
  info: Uint8Array;
}

export function decodeHeartbeat(
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK,
  b: Uint8Array,
  off: number,
  len: number,
  flags: number,
): HeartbeatChunk {
  const params = decodeParams(b, off + 4, off + len);
  const info = params.find((p) => p.type === ParamType.HEARTBEAT_INFO);
  if (!info) throw new SctpError('invalid-chunk', 'HEARTBEAT without Heartbeat Info');
  return { type, flags, info: info.value };
}

export function heartbeatSize(c: HeartbeatChunk): number {
  return 8 + c.info.length;
}

export function encodeHeartbeat(c: HeartbeatChunk, out: Uint8Array, off: number): number {
  write16(out, off + 4, ParamType.HEARTBEAT_INFO);
  write16(out, off + 6, 4 + c.info.length);
  out.set(c.info, off + 8);
  return off + 8 + c.info.length;
}
