export { AlertDescription, alertName } from './alert.js';
export { Certificate, type CertificateOptions } from './certificate/certificate.js';
export {
  computeFingerprint,
  type Fingerprint,
  type FingerprintAlgorithm,
  formatFingerprint,
  matchesFingerprint,
  parseFingerprint,
} from './certificate/fingerprint.js';
export type {
  Aead,
  CryptoBackend,
  KeyShare,
  PublicKeyInfo,
  RecordAeadFactory,
  SigningKey,
} from './crypto/backend.js';
export type { NamedGroup, SignatureScheme } from './crypto/groups.js';
export { nobleCrypto } from './crypto/noble-backend.js';
export { nodeCrypto } from './crypto/node-backend.js';
export { pHash, prf } from './crypto/prf.js';
export {
  type AeadAlgorithm,
  CIPHER_SUITES,
  type CipherSuite,
  type CipherSuiteName,
} from './crypto/suites.js';
export { DtlsEndpoint, type DtlsEndpointOptions, MAX_PLAINTEXT } from './endpoint.js';
export { DtlsError, type DtlsErrorCode } from './errors.js';
export type { DtlsEvent, DtlsStats } from './events.js';
export { MIN_RECORD_SIZE_LIMIT } from './handshake/extensions.js';
export {
  DEFAULT_SRTP_PROFILES,
  SRTP_KEYING_MATERIAL_LENGTH,
  SRTP_PROFILE_IDS,
  type SrtpProfile,
} from './srtp-profiles.js';
