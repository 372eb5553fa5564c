/**
 * The per-packet primitives SRTP needs, behind one interface so that the node:crypto (OpenSSL,
 * AES-NI) path and the portable @noble path are interchangeable and tested on the same vectors.
 * Each factory prepares a key once (per session direction); the returned object is then used for
 * every packet.
 */
export interface CryptoBackend {
  readonly name: string;
  /** AES in counter mode (RFC 3711 §4.1.1) with a 16/24/32-octet key. */
  aesCtr(key: Uint8Array): AesCtr;
  /** HMAC-SHA1 (RFC 2104) with the session authentication key. */
  hmacSha1(key: Uint8Array): HmacSha1;
  /** AES-GCM with a 16-octet tag (RFC 7714 §8, §9) and a 16/32-octet key. */
  aesGcm(key: Uint8Array): AesGcm;
}

export interface AesCtr {
  /**
   * XOR `input` with the keystream whose first counter block is `iv` (16 octets) and write the
   * result to `output` (same length as `input`; may be a view into a larger packet buffer).
   */
  xor(iv: Uint8Array, input: Uint8Array, output: Uint8Array): void;
  /**
   * Encrypt whole 16-octet blocks independently (AES-ECB) and return the result: the keystream
   * of any set of counter blocks, so that callers can build keystream for several packets in one
   * call (see transform/keystream-cache.ts).
   */
  encryptBlocks(blocks: Uint8Array): Uint8Array;
}

export interface HmacSha1 {
  /** The full 20-octet HMAC-SHA1 of `data || trailer` (trailer: the ROC for SRTP, RFC 3711 §4.2). */
  mac(data: Uint8Array, trailer: Uint8Array | undefined): Uint8Array;
}

export interface AesGcm {
  /** Encrypt `plaintext` into `output` (length plaintext + 16): ciphertext || tag. */
  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, output: Uint8Array): void;
  /**
   * Verify and decrypt `sealed` (ciphertext || 16-octet tag) into `output` (length sealed - 16).
   * Returns false, leaving `output` meaningless, if the tag does not verify.
   */
  open(iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array, output: Uint8Array): boolean;
}

/** GCM tag length used by every SRTP AEAD profile (RFC 7714 §14.2). */
export const GCM_TAG_LENGTH = 16;
