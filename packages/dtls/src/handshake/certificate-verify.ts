import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 5246 §7.4.8 CertificateVerify: a digitally-signed struct over the handshake so far. */
export interface CertificateVerify {
  readonly signatureScheme: number;
  readonly signature: Uint8Array;
}

export function encodeCertificateVerify(m: CertificateVerify): Uint8Array {
  return new Writer(80).u16(m.signatureScheme).vec(2, m.signature).finish();
}

export function decodeCertificateVerify(body: Uint8Array): CertificateVerify {
  const r = new Reader(body, 'CertificateVerify');
  const signatureScheme = r.u16();
  const signature = r.vec(2);
  r.end();
  return { signatureScheme, signature };
}
