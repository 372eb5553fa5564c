import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';
import { decodeExtensions, type Extension, encodeExtensions } from './extensions.js';

/** RFC 5246 §7.4.1.3 ServerHello. */
export interface ServerHello {
  readonly version: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuite: number;
  readonly compressionMethod: number;
  readonly extensions: readonly Extension[];
}

export function encodeServerHello(m: ServerHello): Uint8Array {
  const w = new Writer(128);
  w.u16(m.version).bytes(m.random).vec(1, m.sessionId).u16(m.cipherSuite).u8(m.compressionMethod);
  encodeExtensions(w, m.extensions);
  return w.finish();
}

export function decodeServerHello(body: Uint8Array): ServerHello {
  const r = new Reader(body, 'ServerHello');
  const version = r.u16();
  const random = r.bytes(32);
  const sessionId = r.vec(1);
  const cipherSuite = r.u16();
  const compressionMethod = r.u8();
  const extensions = decodeExtensions(r);
  r.end();
  return { version, random, sessionId, cipherSuite, compressionMethod, extensions };
}
