import type { PublicKeyInfo } from '../crypto/backend.js';
import { SIGNATURE_SCHEME_IDS, type SignatureScheme, schemeById } from '../crypto/groups.js';
import { DtlsError } from '../errors.js';

/** Schemes we accept from peers (RFC 5246 §7.4.1.4.1 pairs / RFC 8446 codepoints). */
export const ACCEPTED_SCHEMES: readonly SignatureScheme[] = [
  'ecdsa_secp256r1_sha256',
  'ecdsa_secp384r1_sha384',
  'rsa_pss_rsae_sha256',
  'rsa_pkcs1_sha256',
  'rsa_pss_rsae_sha384',
  'rsa_pkcs1_sha384',
];

export const ACCEPTED_SCHEME_IDS: readonly number[] = ACCEPTED_SCHEMES.map((s) => SIGNATURE_SCHEME_IDS[s]);

/** The only scheme we sign with: our certificates are ECDSA P-256. */
export const OWN_SCHEME_ID = SIGNATURE_SCHEME_IDS.ecdsa_secp256r1_sha256;

/** Resolve a peer's scheme codepoint, refusing ones we did not offer or that do not fit its key. */
export function peerScheme(id: number, key: PublicKeyInfo): SignatureScheme {
  const scheme = schemeById(id);
  if (!scheme || !ACCEPTED_SCHEMES.includes(scheme)) {
    throw new DtlsError('illegal-parameter', `signature scheme 0x${id.toString(16)} was not offered`);
  }
  if (scheme.startsWith('rsa_') !== (key.kind === 'rsa')) {
    throw new DtlsError('illegal-parameter', 'signature scheme does not match the certificate key');
  }
  return scheme;
}
