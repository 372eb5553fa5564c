import { DtlsError } from '../errors.js';
import type { PrfHash } from './prf.js';

export type AeadAlgorithm = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
export type CipherSuiteName =
  | 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'
  | 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
  | 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'
  | 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'
  | 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
  | 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256';

export interface CipherSuite {
  readonly id: number;
  readonly name: CipherSuiteName;
  /** Key type of the server certificate the suite requires. */
  readonly auth: 'ecdsa' | 'rsa';
  readonly aead: AeadAlgorithm;
  readonly prfHash: PrfHash;
  readonly keyLength: number;
  /** RFC 5288: 4-byte implicit salt + 8-byte explicit nonce; RFC 7905: 12-byte IV, no explicit part. */
  readonly fixedIvLength: number;
  readonly explicitNonceLength: number;
}

const gcm128 = {
  aead: 'aes-128-gcm',
  prfHash: 'sha256',
  keyLength: 16,
  fixedIvLength: 4,
  explicitNonceLength: 8,
} as const;
const gcm256 = {
  aead: 'aes-256-gcm',
  prfHash: 'sha384',
  keyLength: 32,
  fixedIvLength: 4,
  explicitNonceLength: 8,
} as const;
const chacha = {
  aead: 'chacha20-poly1305',
  prfHash: 'sha256',
  keyLength: 32,
  fixedIvLength: 12,
  explicitNonceLength: 0,
} as const;

export const CIPHER_SUITES: readonly CipherSuite[] = [
  { id: 0xc02b, name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', auth: 'ecdsa', ...gcm128 },
  { id: 0xc02c, name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', auth: 'ecdsa', ...gcm256 },
  { id: 0xcca9, name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', auth: 'ecdsa', ...chacha },
  { id: 0xc02f, name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', auth: 'rsa', ...gcm128 },
  { id: 0xc030, name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', auth: 'rsa', ...gcm256 },
  { id: 0xcca8, name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', auth: 'rsa', ...chacha },
];

export const DEFAULT_CIPHER_SUITES: readonly CipherSuiteName[] = CIPHER_SUITES.map((s) => s.name);

export function suiteById(id: number): CipherSuite | undefined {
  return CIPHER_SUITES.find((s) => s.id === id);
}

export function suiteByName(name: CipherSuiteName): CipherSuite {
  const s = CIPHER_SUITES.find((c) => c.name === name);
  if (!s) throw new DtlsError('invalid-argument', `unknown cipher suite ${name}`);
  return s;
}
