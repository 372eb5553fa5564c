import type { NamedGroup, SignatureScheme } from './groups.js';
import type { AeadAlgorithm } from './suites.js';

/** An AEAD keyed once for one direction of one epoch. */
export interface Aead {
  /** Returns ciphertext || 16-byte tag. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Write ciphertext || tag into `out` at `offset` (room for plaintext.length + 16 bytes). */
  sealInto(out: Uint8Array, offset: number, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void;
  /** Returns the plaintext, or undefined when the tag does not verify. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

/**
 * A source of record AEADs to use instead of the backend's, e.g. @rtc/srtp's `tableGcmFactory()`
 * (AES-GCM without a cipher object per record). Returns undefined for algorithms (or hosts) it
 * does not handle; DTLS then uses the backend. The returned AEAD must be a correct AES-GCM or
 * ChaCha20-Poly1305 for `key` with 12-byte nonces and 16-byte tags, and its `open` must return
 * undefined, decrypting nothing usable, for any input whose tag does not verify.
 */
export type RecordAeadFactory = (algorithm: AeadAlgorithm, key: Uint8Array) => Aead | undefined;

/** One ephemeral ECDHE key pair (RFC 8422 §5.4). */
export interface KeyShare {
  readonly group: NamedGroup;
  /** X25519: 32 bytes; NIST curves: uncompressed point (0x04 || X || Y). */
  readonly publicKey: Uint8Array;
  /** The shared secret (X25519 output or the X coordinate); throws DtlsError('illegal-parameter') on a bad point. */
  deriveSecret(peerPublicKey: Uint8Array): Uint8Array;
}

/** A peer's public key as found in its certificate's SubjectPublicKeyInfo. */
export type PublicKeyInfo =
  | {
      readonly kind: 'ec';
      readonly curve: 'P-256' | 'P-384';
      readonly point: Uint8Array;
      readonly spki: Uint8Array;
    }
  | { readonly kind: 'rsa'; readonly spki: Uint8Array };

/** An ECDSA P-256 signing key (the only key type we generate). */
export interface SigningKey {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * The primitives DTLS needs, behind one interface: `nodeCrypto` (OpenSSL via node:crypto, the fast
 * path on Node) and `nobleCrypto` (pure JS, portable). Both are tested against the same vectors.
 */
export interface CryptoBackend {
  readonly name: string;
  createAead(alg: AeadAlgorithm, key: Uint8Array): Aead;
  generateKeyShare(group: NamedGroup): KeyShare;
  /** A fresh ECDSA P-256 key pair (for a self-signed certificate). */
  generateSigningKey(): SigningKey;
  /** ECDSA P-256 with SHA-256, DER-encoded signature (RFC 8422 §5.10 ecdsa_secp256r1_sha256). */
  sign(key: SigningKey, data: Uint8Array): Uint8Array;
  verify(key: PublicKeyInfo, scheme: SignatureScheme, data: Uint8Array, signature: Uint8Array): boolean;
}
