import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 6347 §4.2.1 HelloVerifyRequest: server_version + cookie<0..2^8-1>. */
export interface HelloVerifyRequest {
  readonly version: number;
  readonly cookie: Uint8Array;
}

export function encodeHelloVerifyRequest(m: HelloVerifyRequest): Uint8Array {
  return new Writer(40).u16(m.version).vec(1, m.cookie).finish();
}

export function decodeHelloVerifyRequest(body: Uint8Array): HelloVerifyRequest {
  const r = new Reader(body, 'HelloVerifyRequest');
  const version = r.u16();
  const cookie = r.vec(1);
  r.end();
  return { version, cookie };
}
