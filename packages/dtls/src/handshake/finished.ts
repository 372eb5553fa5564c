import { DtlsError } from '../errors.js';

/** RFC 5246 §7.4.9: verify_data is 12 bytes for every TLS 1.2 suite we support. */
export const VERIFY_DATA_LENGTH = 12;

export function decodeFinished(body: Uint8Array): Uint8Array {
  if (body.length !== VERIFY_DATA_LENGTH) throw new DtlsError('decode', 'Finished: bad length');
  return body;
}
