export { DtlsEndpoint, MAX_PLAINTEXT, type DtlsEndpointOptions } from './endpoint.js';
export type { DtlsEvent, DtlsStats } from './events.js';
export { DtlsError, type DtlsErrorCode } from './errors.js';
export { Certificate, type CertificateOptions } from './certificate/certificate.js';
export {
  type Fingerprint,
  type FingerprintAlgorithm,
  computeFingerprint,
  formatFingerprint,
  matchesFingerprint,
  parseFingerprint,
} from './certificate/fingerprint.js';
export type { CryptoBackend, Aead, KeyShare, PublicKeyInfo, SigningKey } from './crypto/backend.js';
export { nodeCrypto } from './crypto/node-backend.js';
export { nobleCrypto } from './crypto/noble-backend.js';
export type { NamedGroup, SignatureScheme } from './crypto/groups.js';
export { CIPHER_SUITES, type CipherSuite, type CipherSuiteName } from './crypto/suites.js';
export { prf, pHash } from './crypto/prf.js';
export {
  DEFAULT_SRTP_PROFILES,
  SRTP_KEYING_MATERIAL_LENGTH,
  SRTP_PROFILE_IDS,
  type SrtpProfile,
} from './srtp-profiles.js';
export { AlertDescription, alertName } from './alert.js';
