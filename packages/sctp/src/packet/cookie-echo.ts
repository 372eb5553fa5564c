import { ChunkType } from './chunk-type.js';

/** COOKIE-ECHO (RFC 9260 §3.3.11): the State Cookie from INIT-ACK, echoed verbatim. */
export interface CookieEchoChunk {
  type: typeof ChunkType.COOKIE_ECHO;
  flags: number;
  cookie: Uint8Array;
}

export function decodeCookieEcho(b: Uint8Array, off: number, len: number, flags: number): CookieEchoChunk {
  return { type: ChunkType.COOKIE_ECHO, flags, cookie: b.subarray(off + 4, off + len) };
}
