import { createCipheriv, createDecipheriv, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { type AesCtr, type AesGcm, type CryptoBackend, GCM_TAG_LENGTH, type HmacSha1 } from './backend.js';

/**
 * node:crypto (OpenSSL) backend. Keys are turned into KeyObjects once; a cipher object is still
 * created per packet because the IV changes with every packet and Node offers no IV reset.
 * CTR needs no final(): it has no padding and final() only costs an allocation (measured).
 */
function ctrAlgorithm(key: Uint8Array): 'aes-128-ctr' | 'aes-192-ctr' | 'aes-256-ctr' {
  if (key.length === 16) return 'aes-128-ctr';
  if (key.length === 24) return 'aes-192-ctr';
  return 'aes-256-ctr';
}

class NodeAesCtr implements AesCtr {
  readonly #key: KeyObject;
  readonly #algorithm: string;

  constructor(key: Uint8Array) {
    this.#algorithm = ctrAlgorithm(key);
    this.#key = createSecretKey(key);
  }

  xor(iv: Uint8Array, input: Uint8Array, output: Uint8Array): void {
    if (input.length === 0) return;
    const cipher = createCipheriv(this.#algorithm, this.#key, iv);
    output.set(cipher.update(input));
  }
}

class NodeHmacSha1 implements HmacSha1 {
  readonly #key: KeyObject;

  constructor(key: Uint8Array) {
    this.#key = createSecretKey(key);
  }

  mac(data: Uint8Array, trailer: Uint8Array | undefined): Uint8Array {
    const h = createHmac('sha1', this.#key).update(data);
    if (trailer !== undefined) h.update(trailer);
    return h.digest();
  }
}

class NodeAesGcm implements AesGcm {
  readonly #key: KeyObject;
  readonly #algorithm: 'aes-128-gcm' | 'aes-256-gcm';

  constructor(key: Uint8Array) {
    this.#algorithm = key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
    this.#key = createSecretKey(key);
  }

  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, output: Uint8Array): void {
    const cipher = createCipheriv(this.#algorithm, this.#key, iv, { authTagLength: GCM_TAG_LENGTH });
    cipher.setAAD(aad);
    const ct = cipher.update(plaintext);
    output.set(ct);
    let at = ct.length;
    const rest = cipher.final();
    if (rest.length > 0) {
      output.set(rest, at);
      at += rest.length;
    }
    output.set(cipher.getAuthTag(), at);
  }

  open(iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array, output: Uint8Array): boolean {
    const ctLength = sealed.length - GCM_TAG_LENGTH;
    if (ctLength < 0) return false;
    const decipher = createDecipheriv(this.#algorithm, this.#key, iv, {
      authTagLength: GCM_TAG_LENGTH,
    });
    decipher.setAuthTag(sealed.subarray(ctLength));
    decipher.setAAD(aad);
    const pt = decipher.update(sealed.subarray(0, ctLength));
    try {
      // OpenSSL compares the tag in constant time inside final().
      const rest = decipher.final();
      output.set(pt);
      if (rest.length > 0) output.set(rest, pt.length);
      return true;
    } catch {
      return false;
    }
  }
}

export const nodeCryptoBackend: CryptoBackend = Object.freeze({
  name: 'node',
  aesCtr: (key: Uint8Array): AesCtr => new NodeAesCtr(key),
  hmacSha1: (key: Uint8Array): HmacSha1 => new NodeHmacSha1(key),
  aesGcm: (key: Uint8Array): AesGcm => new NodeAesGcm(key),
});
