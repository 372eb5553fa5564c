import type { KeyObject } from 'node:crypto';
import { type AesCtr, type AesGcm, type CryptoBackend, GCM_TAG_LENGTH, type HmacSha1 } from './backend.js';
import { NodeAesCtr } from './node-ctr.js';
import { Sha1Outer } from './sha1-outer.js';

/**
 * node:crypto (OpenSSL) backend. Keys become KeyObjects once. AES-CTR reuses one ECB object
 * per key (see node-ctr.ts); HMAC-SHA1 hashes ipad || message with one one-shot crypto.hash()
 * call and finishes the outer hash in JS from a prepared opad state (sha1-outer.ts): no Hmac
 * object and no key setup per packet.
 * GCM still needs a cipher object per packet: Node offers no way to set a new IV on one.
 */
/** The node:crypto module, passed in so that nothing here imports it (see default.ts). */
export type NodeCrypto = typeof import('node:crypto');

const SHA1_BLOCK = 64;

class NodeHmacSha1 implements HmacSha1 {
  readonly #c: NodeCrypto;
  // crypto.hash() (one-shot digest) exists from Node 20.12; engines say >= 20.19, but stay safe.
  readonly #hash: NodeCrypto['hash'] | undefined;
  readonly #key: KeyObject;
  // RFC 2104: HMAC = H((K ^ opad) || H((K ^ ipad) || text)). The scratch buffers hold the padded
  // keys in front of the message; every use is synchronous.
  #inner: Uint8Array;
  readonly #outer: Sha1Outer;

  constructor(c: NodeCrypto, key: Uint8Array) {
    this.#c = c;
    this.#hash = (c as { hash?: NodeCrypto['hash'] }).hash;
    this.#key = c.createSecretKey(key);
    this.#inner = new Uint8Array(SHA1_BLOCK + 1500);
    if (key.length > SHA1_BLOCK) key = c.createHash('sha1').update(key).digest();
    const opad = new Uint8Array(SHA1_BLOCK);
    for (let i = 0; i < SHA1_BLOCK; i++) {
      const k = key[i] ?? 0;
      this.#inner[i] = k ^ 0x36;
      opad[i] = k ^ 0x5c;
    }
    this.#outer = new Sha1Outer(opad);
  }

  mac(data: Uint8Array, trailer: Uint8Array | undefined): Uint8Array {
    const length = SHA1_BLOCK + data.length + (trailer === undefined ? 0 : trailer.length);
    const hash = this.#hash;
    if (hash === undefined || length > 0x10000) {
      // Old Node without crypto.hash, or an oversized message: the Hmac object path.
      const h = this.#c.createHmac('sha1', this.#key).update(data);
      if (trailer !== undefined) h.update(trailer);
      return h.digest();
    }
    if (this.#inner.length < length) {
      const grown = new Uint8Array(length);
      grown.set(this.#inner.subarray(0, SHA1_BLOCK));
      this.#inner = grown;
    }
    const inner = this.#inner;
    inner.set(data, SHA1_BLOCK);
    if (trailer !== undefined) inner.set(trailer, SHA1_BLOCK + data.length);
    return this.#outer.digest(hash('sha1', inner.subarray(0, length), 'buffer'));
  }
}

class NodeAesGcm implements AesGcm {
  readonly #c: NodeCrypto;
  readonly #key: KeyObject;
  readonly #algorithm: 'aes-128-gcm' | 'aes-256-gcm';

  constructor(c: NodeCrypto, key: Uint8Array) {
    this.#c = c;
    this.#algorithm = key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
    this.#key = c.createSecretKey(key);
  }

  seal(iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, output: Uint8Array): void {
    const cipher = this.#c.createCipheriv(this.#algorithm, this.#key, iv, { authTagLength: GCM_TAG_LENGTH });
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
    const decipher = this.#c.createDecipheriv(this.#algorithm, this.#key, iv, {
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

/** The node:crypto backend over a given node:crypto module. */
export function createNodeCryptoBackend(c: NodeCrypto): CryptoBackend {
  return Object.freeze({
    name: 'node',
    aesCtr: (key: Uint8Array): AesCtr => new NodeAesCtr(c, key),
    hmacSha1: (key: Uint8Array): HmacSha1 => new NodeHmacSha1(c, key),
    aesGcm: (key: Uint8Array): AesGcm => new NodeAesGcm(c, key),
  });
}
