/**
 * AES-GCM (NIST SP 800-38D §7) with a 12-octet nonce and a 16-octet tag, built from the parts the
 * SRTP 'table' mode uses: AES keystream from one long-lived AES-ECB object per key, and GHASH in
 * WebAssembly with cache-line-uniform 3-bit tables (ghash.ts explains the side-channel trade-off;
 * window 8 is opt-in). Public so that other record layers (DTLS) can use the same primitive: on
 * Node a GCM cipher object per message costs more than the GCM work itself.
 *
 * Keystream is made for a batch of nonces at once: when a message uses nonce N, the keystream of
 * N+1 .. N+7 (the last 4 nonce octets read as a big-endian counter, no carry) is made in the same
 * AES call, because record layers number their nonces sequentially (RFC 5288 §3: the explicit
 * nonce is the sequence number). Entries are looked up by the whole nonce, so a miss costs time,
 * never a wrong keystream. Every message still needs its own, never-repeated nonce.
 */
import { allocate } from '../transform/allocate.js';
import type { AesCtr, CryptoBackend } from './backend.js';
import { constantTimeEqual } from './constant-time.js';
import { nodeCryptoBackend } from './default.js';
import { Ghash, ghashAvailable } from './ghash.js';
import type { GhashWindow } from './ghash-tables.js';
import { xorInto } from './xor.js';

const TAG = 16;
const NONCE = 12;
const BATCH = 8;
/** Largest payload whose keystream is batched (a UDP-sized record); larger ones get their own. */
const MAX_BATCHED = 1536;
const MAX_MESSAGE = 0x1000_0000;

export interface TableGcmOptions {
  /** GHASH table window: 3 (default, no cache-line-granular leak) or 8 (faster, leaks; ghash.ts). */
  readonly window?: GhashWindow;
  /** Where AES-ECB comes from (default: the node:crypto backend). */
  readonly backend?: CryptoBackend;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function be32(x: number): number {
  return LITTLE_ENDIAN ? (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24) | 0 : x | 0;
}

function plainView(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** AES-GCM for one key. Methods are synchronous; one instance must not be shared across threads. */
export class TableGcm {
  readonly #aes: AesCtr;
  readonly #ghash: Ghash;
  #blocks = new Int32Array(BATCH * ((MAX_BATCHED + TAG) >>> 2));
  readonly #nonce = new Int32Array(3);
  readonly #nonceOctets = new Uint8Array(this.#nonce.buffer);
  #scratch = new Uint8Array(2 * (MAX_BATCHED + 64));
  readonly #tag = new Uint8Array(TAG);
  // The batch: nonces (w0, w1, first + k) for k < count, `segment` octets of keystream each.
  #w0 = 0;
  #w1 = 0;
  #first = 0;
  #count = 0;
  #segment = 0;
  #cache: Uint8Array = new Uint8Array(0);

  /** Prefer createTableGcm, which returns undefined where the table path cannot run. */
  constructor(key: Uint8Array, options: TableGcmOptions = {}) {
    const backend = options.backend ?? nodeCryptoBackend;
    if (backend === undefined) throw new Error('TableGcm needs an AES backend');
    if (key.length !== 16 && key.length !== 32) throw new RangeError('AES-GCM key must be 16 or 32 octets');
    this.#aes = backend.aesCtr(key);
    // SP 800-38D §7.1 step 1: H = E_K(0^128).
    this.#ghash = new Ghash(this.#aes.encryptBlocks(new Uint8Array(16)).subarray(0, 16), options.window ?? 3);
  }

  /** Returns ciphertext || 16-octet tag. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + TAG);
    this.sealInto(out, 0, nonce, aad, plaintext);
    return out;
  }

  /**
   * Write ciphertext || tag (plaintext.length + 16 octets) into `out` at `offset`
   * (SP 800-38D §7.1: C = GCTR_K(inc32(J0), P), T = GHASH_H(A, C) XOR E_K(J0), J0 = IV || 0^31 || 1).
   */
  sealInto(out: Uint8Array, offset: number, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void {
    const n = plaintext.length;
    const a = aad.length;
    const ks = this.#keystream(nonce, n, a);
    // Ghash.seal takes header || payload and returns header || ciphertext || tag, doing the XOR
    // inside the kernel; AAD || plaintext is staged contiguously for it.
    const staged = this.#stage(a + n + TAG);
    staged.set(aad);
    staged.set(plaintext, a);
    const sealed = staged.subarray(a + n + TAG, 2 * (a + n + TAG));
    if (this.#ghash.seal(staged.subarray(0, a + n), a, ks, sealed)) {
      out.set(sealed.subarray(a, a + n + TAG), offset);
      return;
    }
    // Too large for the kernel's staging area: XOR here, GHASH in chunks.
    const c = staged.subarray(a, a + n);
    xorInto(c, plaintext, ks.subarray(TAG), n);
    out.set(c, offset);
    this.#ghash.tag(aad, c, ks, out, offset + n);
  }

  /**
   * Verify and decrypt ciphertext || tag (SP 800-38D §7.2): the plaintext, or
   * undefined when the input is shorter than a tag or the tag does not verify (compared in
   * constant time, before anything is decrypted). Up to 4 KiB the plaintext is a view into a
   * shared slab (as SRTP's packets are): copy it before transferring its `.buffer`.
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
    if (sealed.length < TAG) return undefined;
    const n = sealed.length - TAG;
    const a = aad.length;
    const ks = this.#keystream(nonce, n, a);
    const staged = this.#stage(a + n + TAG);
    staged.set(aad);
    staged.set(sealed, a);
    const out = allocate(a + n);
    const r = this.#ghash.open(staged.subarray(0, a + n + TAG), a, ks, out);
    if (r === 1) return out.subarray(a);
    if (r === 0) return undefined;
    const ct = sealed.subarray(0, n);
    this.#ghash.tag(aad, ct, ks, this.#tag, 0);
    if (!constantTimeEqual(this.#tag, sealed.subarray(n), TAG)) return undefined;
    const pt = allocate(n);
    xorInto(pt, ct, ks.subarray(TAG), n);
    return pt;
  }

  /** Scratch space of at least 2 * `n` octets (input, then output), valid until the next call. */
  #stage(n: number): Uint8Array {
    if (this.#scratch.length < 2 * n) this.#scratch = new Uint8Array(2 * n);
    return this.#scratch;
  }

  /** E_K(J0) || n octets of keystream from inc32(J0) for `nonce`; valid until the next call. */
  #keystream(nonce: Uint8Array, n: number, aadLength: number): Uint8Array {
    if (nonce.length !== NONCE) throw new RangeError('AES-GCM nonce must be 12 octets');
    // Ghash writes bit lengths as 32-bit values; far beyond any record or packet.
    if (n > MAX_MESSAGE || aadLength > MAX_MESSAGE) throw new RangeError('AES-GCM message too long');
    this.#nonceOctets.set(nonce);
    const w0 = this.#nonce[0] as number;
    const w1 = this.#nonce[1] as number;
    const counter =
      (((nonce[8] as number) << 24) |
        ((nonce[9] as number) << 16) |
        ((nonce[10] as number) << 8) |
        (nonce[11] as number)) >>>
      0;
    const need = (n + TAG + 15) & ~15;
    if (n > MAX_BATCHED) return this.#fill(w0, w1, counter, 1, need).subarray(0, TAG + n);
    const k = (counter - this.#first) >>> 0;
    if (w0 !== this.#w0 || w1 !== this.#w1 || k >= this.#count || need > this.#segment) {
      // Batch only where nonces run on (the first use, or the nonce right after the batch, or a
      // larger message inside it): a peer with unpredictable nonces costs one block set each.
      const same = w0 === this.#w0 && w1 === this.#w1;
      const runsOn = this.#count === 0 || (same && k <= this.#count);
      const count = runsOn ? Math.min(BATCH, 0x1_0000_0000 - counter) : 1;
      const segment = Math.max(need, same ? this.#segment : 0);
      this.#cache = this.#fill(w0, w1, counter, count, segment);
      this.#w0 = w0;
      this.#w1 = w1;
      this.#first = counter;
      this.#count = count;
      this.#segment = segment;
      return this.#cache.subarray(0, TAG + n);
    }
    const at = k * this.#segment;
    return this.#cache.subarray(at, at + TAG + n);
  }

  /** Counter blocks (w0, w1, counter + i) || (j + 1), for `count` nonces of `segment` octets. */
  #fill(w0: number, w1: number, counter: number, count: number, segment: number): Uint8Array {
    const total = count * segment;
    if (this.#blocks.length * 4 < total) this.#blocks = new Int32Array(total >>> 2);
    const v = this.#blocks;
    const blocks = segment >>> 4;
    for (let i = 0, at = 0; i < count; i++) {
      const w2 = be32(counter + i);
      for (let j = 1; j <= blocks; j++, at += 4) {
        v[at] = w0;
        v[at + 1] = w1;
        v[at + 2] = w2;
        v[at + 3] = be32(j);
      }
    }
    return plainView(this.#aes.encryptBlocks(new Uint8Array(v.buffer, 0, total)));
  }
}

/**
 * An AES-GCM object for `key` (16 or 32 octets) on the table path, or undefined where it cannot
 * run (no WebAssembly, a big-endian host, no node:crypto, or no memory for the table): callers
 * then use their ordinary AEAD.
 */
export function createTableGcm(key: Uint8Array, options: TableGcmOptions = {}): TableGcm | undefined {
  if (!LITTLE_ENDIAN || !ghashAvailable()) return undefined;
  if (options.backend === undefined && nodeCryptoBackend === undefined) return undefined;
  try {
    return new TableGcm(key, options);
  } catch {
    return undefined;
  }
}

/**
 * A factory keyed by algorithm name: 'aes-128-gcm' and 'aes-256-gcm' get a TableGcm, anything
 * else (and any host where the table path cannot run) undefined. Shaped for @rtc/dtls's
 * `recordAead` option.
 */
export function tableGcmFactory(
  options: TableGcmOptions = {},
): (algorithm: string, key: Uint8Array) => TableGcm | undefined {
  return (algorithm, key) => {
    if (algorithm !== 'aes-128-gcm' && algorithm !== 'aes-256-gcm') return undefined;
    if (key.length !== (algorithm === 'aes-128-gcm' ? 16 : 32)) return undefined;
    return createTableGcm(key, options);
  };
}
