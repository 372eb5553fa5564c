import { SctpError } from '../errors.js';
import { type AbortChunk, decodeAbort } from './abort.js';
import { pad4, write16, write32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';
import { type CookieEchoChunk, decodeCookieEcho } from './cookie-echo.js';
import { DATA_HEADER, type DataChunk, decodeData } from './data.js';
import { causesSize, encodeCauses } from './error-cause.js';
import { decodeForwardTsn, encodeForwardTsn, type ForwardTsnChunk, forwardTsnSize } from './forward-tsn.js';
import { decodeHeartbeat, encodeHeartbeat, type HeartbeatChunk, heartbeatSize } from './heartbeat.js';
import { decodeInit, encodeInit, type InitChunk, initSize } from './init.js';
import { decodeReconfig, encodeReconfig, type ReconfigChunk, reconfigSize } from './reconfig.js';
import { decodeSack, encodeSack, type SackChunk, sackSize } from './sack.js';
import { decodeShutdown, type EmptyChunk, type ShutdownChunk } from './shutdown.js';

/** A chunk of a type this package does not interpret (e.g. I-DATA, AUTH, PAD). `value` excludes the header. */
export interface UnknownChunk {
  /** -1 keeps the union discriminable; the wire type is in `chunkType`. */
  type: -1;
  chunkType: number;
  flags: number;
  value: Uint8Array;
}

export type Chunk =
  | DataChunk
  | InitChunk
  | SackChunk
  | HeartbeatChunk
  | AbortChunk
  | ShutdownChunk
  | EmptyChunk
  | CookieEchoChunk
  | ForwardTsnChunk
  | ReconfigChunk
  | UnknownChunk;

/** Decode the chunk whose header starts at `off`; `len` is its length field (already bounds-checked). */
export function decodeChunk(b: Uint8Array, off: number, len: number): Chunk {
  const type = b[off]!;
  const flags = b[off + 1]!;
  switch (type) {
    case ChunkType.DATA:
      return decodeData(b, off, len, flags);
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      return decodeInit(type, b, off, len, flags);
    case ChunkType.SACK:
      return decodeSack(b, off, len, flags);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return decodeHeartbeat(type, b, off, len, flags);
    case ChunkType.ABORT:
    case ChunkType.ERROR:
      return decodeAbort(type, b, off, len, flags);
    case ChunkType.SHUTDOWN:
      return decodeShutdown(b, off, len, flags);
    case ChunkType.SHUTDOWN_ACK:
    case ChunkType.COOKIE_ACK:
    case ChunkType.SHUTDOWN_COMPLETE:
      return { type, flags };
    case ChunkType.COOKIE_ECHO:
      return decodeCookieEcho(b, off, len, flags);
    case ChunkType.FORWARD_TSN:
      return decodeForwardTsn(b, off, len, flags);
    case ChunkType.RE_CONFIG:
      return decodeReconfig(b, off, len, flags);
    default:
      return { type: -1, chunkType: type, flags, value: b.subarray(off + 4, off + len) };
  }
}

/** Encoded size of a chunk, header included, padding excluded. */
export function chunkSize(c: Chunk): number {
  if (c.type === -1) return 4 + c.value.length;
  switch (c.type) {
    case ChunkType.DATA:
      return DATA_HEADER + c.userData.length;
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      return initSize(c);
    case ChunkType.SACK:
      return sackSize(c);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return heartbeatSize(c);
    case ChunkType.ABORT:
    case ChunkType.ERROR:
      return 4 + causesSize(c.causes);
    case ChunkType.SHUTDOWN:
      return 8;
    case ChunkType.COOKIE_ECHO:
      return 4 + c.cookie.length;
    case ChunkType.FORWARD_TSN:
      return forwardTsnSize(c);
    case ChunkType.RE_CONFIG:
      return 4 + reconfigSize(c);
    default:
      return 4;
  }
}

/** Encode a chunk at `off` (header, body, zero padding). Returns the offset after the padding. */
export function encodeChunk(c: Chunk, out: Uint8Array, off: number): number {
  const len = chunkSize(c);
  if (len > 0xffff) throw new SctpError('invalid-argument', `chunk of ${len} bytes exceeds 65535`);
  out[off] = c.type === -1 ? c.chunkType : c.type;
  out[off + 1] = c.flags;
  write16(out, off + 2, len);
  if (c.type === -1) out.set(c.value, off + 4);
  else
    switch (c.type) {
      case ChunkType.DATA:
        write32(out, off + 4, c.tsn);
        write16(out, off + 8, c.streamId);
        write16(out, off + 10, c.ssn);
        write32(out, off + 12, c.ppid);
        out.set(c.userData, off + DATA_HEADER);
        break;
      case ChunkType.INIT:
      case ChunkType.INIT_ACK:
        encodeInit(c, out, off);
        break;
      case ChunkType.SACK:
        encodeSack(c, out, off);
        break;
      case ChunkType.HEARTBEAT:
      case ChunkType.HEARTBEAT_ACK:
        encodeHeartbeat(c, out, off);
        break;
      case ChunkType.ABORT:
      case ChunkType.ERROR:
        encodeCauses(c.causes, out, off + 4);
        break;
      case ChunkType.SHUTDOWN:
        write32(out, off + 4, c.cumulativeTsnAck);
        break;
      case ChunkType.COOKIE_ECHO:
        out.set(c.cookie, off + 4);
        break;
      case ChunkType.FORWARD_TSN:
        encodeForwardTsn(c, out, off);
        break;
      case ChunkType.RE_CONFIG:
        encodeReconfig(c, out, off);
        break;
    }
  const end = off + pad4(len);
  out.fill(0, off + len, end);
  return end;
}
