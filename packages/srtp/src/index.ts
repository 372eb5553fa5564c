export {
  DEFAULT_REPLAY_WINDOW,
  MAX_REPLAY_WINDOW,
  MIN_REPLAY_WINDOW,
  ReplayWindow,
} from './context/replay-window.js';
export { estimateIndex } from './context/roc.js';
export type { AesCtr, AesGcm, CryptoBackend, HmacSha1 } from './crypto/backend.js';
export {
  ChaCha20Poly1305,
  type ChaCha20Poly1305Options,
  createChaCha20Poly1305,
} from './crypto/chacha20-poly1305.js';
export { defaultCryptoBackend, nodeCryptoBackend } from './crypto/default.js';
export { nobleCryptoBackend } from './crypto/noble.js';
export { createNodeCryptoBackend, type NodeCrypto } from './crypto/node.js';
export { recordAeadFactory } from './crypto/record-aead.js';
export {
  createTableGcm,
  TableGcm,
  type TableGcmOptions,
  tableGcmFactory,
} from './crypto/table-gcm.js';
export { type DropReason, SrtpError, type SrtpErrorCode } from './errors.js';
export { deriveKey, deriveSessionKeys, KDF_LABEL, type MasterKey, type SessionKeys } from './kdf.js';
export {
  DTLS_SRTP_EXPORTER_LABEL,
  type DtlsRole,
  exporterLength,
  type SrtpKeys,
  srtpKeysFromExporter,
} from './keying.js';
export {
  DEFAULT_DTLS_SRTP_PROFILES,
  profileById,
  resolveProfile,
  SRTP_PROFILES,
  type SrtpCipher,
  type SrtpProfile,
  type SrtpProfileName,
} from './profiles.js';
export {
  DEFAULT_MAX_SSRCS,
  SrtpSession,
  type SrtpSessionOptions,
  type UnprotectResult,
} from './session.js';
export type { DropCounts, SrtpSessionStats } from './stats.js';
export type { GcmMode } from './transform/aead-gcm.js';
export { createTransform, DEFAULT_GCM_MODE } from './transform/create.js';
export type { PacketTransform } from './transform/transform.js';
