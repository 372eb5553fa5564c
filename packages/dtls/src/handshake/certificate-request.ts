import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 5246 §7.4.4 CertificateRequest. */
export interface CertificateRequest {
  /** ClientCertificateType: rsa_sign(1), ecdsa_sign(64). */
  readonly certificateTypes: Uint8Array;
  readonly signatureSchemes: readonly number[];
  readonly authorities: Uint8Array;
}

export function encodeCertificateRequest(m: CertificateRequest): Uint8Array {
  const w = new Writer(64).vec(1, m.certificateTypes);
  w.nested(2, (x) => {
    for (const s of m.signatureSchemes) x.u16(s);
  });
  return w.vec(2, m.authorities).finish();
}

export function decodeCertificateRequest(body: Uint8Array): CertificateRequest {
  const r = new Reader(body, 'CertificateRequest');
  const certificateTypes = r.vec(1);
  const list = new Reader(r.vec(2), 'supported_signature_algorithms');
  const signatureSchemes: number[] = [];
  while (list.remaining >= 2) signatureSchemes.push(list.u16());
  list.end();
  const authorities = r.vec(2);
  r.end();
  return { certificateTypes, signatureSchemes, authorities };
}
