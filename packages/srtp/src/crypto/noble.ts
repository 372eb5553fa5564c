import { ctr, ecb, gcm } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { type AesCtr, type AesGcm, type CryptoBackend, GCM_TAG_LENGTH, type HmacSha1 } from './backend.js';

/**
 * Portable backend on @noble/ciphers and @noble/hashes (pure JS, runs anywhere). Slower than
 * node:crypto (no AES-NI) but byte-identical; used where node:crypto is absent, and in tests.
 */
class NobleAesCtr implements AesCtr {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = Uint8Array.from(key);
  }

  xor(iv: Uint8Array, input: Uint8Array, output: Uint8Array): void {
    if (input.length === 0) return;
    output.set(ctr(this.#key, iv).encrypt(input));
  }

  encryptBlocks(blocks: Uint8Array): Uint8Array {
    return ecb(this.#key, { disablePadding: true }).encrypt(blocks);
  }
}

class NobleHmacSha1 implements HmacSha1 {
  // The keyed HMAC state is prepared once and cloned per packet (saves two SHA-1 key blocks).
  readonly #prepared: ReturnType<typeof hmac.create>;

  constructor(key: Uint8Array) {
    this.#prepared = hmac.create(sha1, key);
  }

  mac(data: Uint8Array, trailer: Uint8Array | undefined): Uint8Array {
    const h = this.#prepared.clone().update(data);
    if (trailer !== undefined) h.update(trailer);
    return h.digest();
  }
}

class NobleAesGcm implements AesGcm {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    this.#key = Uint8Array.from(key);
  }

  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, output: Uint8Array): void {
    output.set(gcm(this.#key, iv, aad).encrypt(plaintext));
  }

  open(iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array, output: Uint8Array): boolean {
    if (sealed.length < GCM_TAG_LENGTH) return false;
    try {
      // noble checks the tag in constant time and throws on mismatch.
      output.set(gcm(this.#key, iv, aad).decrypt(sealed));
      return true;
    } catch {
      return false;
    }
  }
}

export const nobleCryptoBackend: CryptoBackend = Object.freeze({
  name: 'noble',
  aesCtr: (key: Uint8Array): AesCtr => new NobleAesCtr(key),
  hmacSha1: (key: Uint8Array): HmacSha1 => new NobleHmacSha1(key),
  aesGcm: (key: Uint8Array): AesGcm => new NobleAesGcm(key),
});
