import { DtlsError } from '../errors.js';
import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** RFC 5246 §7.4.2 Certificate: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>. */
export function encodeCertificateMessage(chain: readonly Uint8Array[]): Uint8Array {
  const w = new Writer(1024);
  w.nested(3, (x) => {
    for (const c of chain) x.vec(3, c);
  });
  return w.finish();
}

const MAX_CHAIN = 8;

export function decodeCertificateMessage(body: Uint8Array): Uint8Array[] {
  const r = new Reader(body, 'Certificate');
  const list = new Reader(r.vec(3), 'certificate_list');
  r.end();
  const out: Uint8Array[] = [];
  while (list.remaining > 0) {
    const c = list.vec(3);
    if (c.length === 0) throw new DtlsError('decode', 'Certificate: empty entry');
    out.push(c);
    if (out.length > MAX_CHAIN) throw new DtlsError('decode', 'Certificate: chain too long');
  }
  return out;
}
