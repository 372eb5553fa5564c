import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 8422 §5.7 ClientKeyExchange (ECDHE): the client's ephemeral public point. */
export function encodeClientKeyExchange(publicKey: Uint8Array): Uint8Array {
  return new Writer(100).vec(1, publicKey).finish();
}

export function decodeClientKeyExchange(body: Uint8Array): Uint8Array {
  const r = new Reader(body, 'ClientKeyExchange');
  const pub = r.vec(1);
  r.end();
  return pub;
}
