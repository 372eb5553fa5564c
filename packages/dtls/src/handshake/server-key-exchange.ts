import { DtlsError } from '../errors.js';
import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 8422 §5.4 ServerKeyExchange for ECDHE: named-curve params + a digitally-signed struct. */
export interface ServerKeyExchange {
  readonly namedGroup: number;
  readonly publicKey: Uint8Array;
  readonly signatureScheme: number;
  readonly signature: Uint8Array;
}

const NAMED_CURVE = 3;

/** ServerECDHParams: curve_type(3) || named_curve || ECPoint — the part covered by the signature. */
export function encodeEcdhParams(namedGroup: number, publicKey: Uint8Array): Uint8Array {
  return new Writer(100).u8(NAMED_CURVE).u16(namedGroup).vec(1, publicKey).finish();
}

export function encodeServerKeyExchange(m: ServerKeyExchange): Uint8Array {
  return new Writer(200)
    .bytes(encodeEcdhParams(m.namedGroup, m.publicKey))
    .u16(m.signatureScheme)
    .vec(2, m.signature)
    .finish();
}

export function decodeServerKeyExchange(body: Uint8Array): ServerKeyExchange {
  const r = new Reader(body, 'ServerKeyExchange');
  if (r.u8() !== NAMED_CURVE) throw new DtlsError('decode', 'ServerKeyExchange: only named curves');
  const namedGroup = r.u16();
  const publicKey = r.vec(1);
  const signatureScheme = r.u16();
  const signature = r.vec(2);
  r.end();
  return { namedGroup, publicKey, signatureScheme, signature };
}
