import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';
import { decodeExtensions, type Extension, encodeExtensions } from './extensions.js';

/** RFC 6347 §4.2.1 ClientHello (TLS 1.2 ClientHello plus a cookie). */
export interface ClientHello {
  readonly version: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cookie: Uint8Array;
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: Uint8Array;
  readonly extensions: readonly Extension[];
}

export function encodeClientHello(m: ClientHello): Uint8Array {
  const w = new Writer(256);
  w.u16(m.version).bytes(m.random).vec(1, m.sessionId).vec(1, m.cookie);
  w.nested(2, (x) => {
    for (const s of m.cipherSuites) x.u16(s);
  });
  w.vec(1, m.compressionMethods);
  encodeExtensions(w, m.extensions);
  return w.finish();
}

export function decodeClientHello(body: Uint8Array): ClientHello {
  const r = new Reader(body, 'ClientHello');
  const version = r.u16();
  const random = r.bytes(32);
  const sessionId = r.vec(1);
  const cookie = r.vec(1);
  const suites = new Reader(r.vec(2), 'cipher_suites');
  const cipherSuites: number[] = [];
  while (suites.remaining >= 2) cipherSuites.push(suites.u16());
  suites.end();
  const compressionMethods = r.vec(1);
  const extensions = decodeExtensions(r);
  r.end();
  return { version, random, sessionId, cookie, cipherSuites, compressionMethods, extensions };
}
