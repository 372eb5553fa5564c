/**
 * AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) on the WebAssembly kernels (chacha20-wasm.ts,
 * poly1305-wasm.ts), for record layers that need a new nonce per message: node:crypto has no way
 * to re-IV a cipher object and a new one per DTLS record costs more than the AEAD work itself.
 *
 * Constant time: ChaCha20 is additions, XORs and fixed rotations, Poly1305 is limb arithmetic
 * with a masked final reduction; neither branches on nor indexes memory by the key or the data.
 * The received tag is compared in constant time (in WebAssembly, RFC 8439 §4) before any
 * plaintext is made.
 *
 * One kernel (and its memory) is shared by every instance of a process: each call writes its key,
 * nonce, AAD and text there and makes one call into WebAssembly (chacha20-poly1305-wasm.ts),
 * which wipes the key and the one-time Poly1305 key before returning.
 */
import { allocate } from '../transform/allocate.js';
import {
  type ChaChaKernel,
  MESSAGE_AT,
  SIGMA,
  STATE,
  sharedChaChaKernel,
} from './chacha20-poly1305-kernel.js';

const TAG = 16;
const NONCE = 12;
const KEY = 32;
/** Largest AAD or text accepted: far beyond any record, and lengths stay 32-bit. */
const MAX_MESSAGE = 0x1000_0000;

const pad16 = (n: number) => (n + 15) & ~15;

export interface ChaCha20Poly1305Options {
  /**
   * Generate keystream four blocks at a time with WebAssembly SIMD (default true; ignored where
   * the host lacks it). false runs the scalar kernel (same results, ~2x slower keystream).
   */
  readonly simd?: boolean;
}

/** ChaCha20-Poly1305 for one 32-octet key. Synchronous; not for sharing across threads. */
export class ChaCha20Poly1305 {
  readonly #kernel: ChaChaKernel;
  /** Whether this instance's keystream runs on WebAssembly SIMD. */
  readonly simd: boolean;
  /** The state's first 48 octets: constants || key. */
  readonly #head = new Uint8Array(48);

  /** Prefer createChaCha20Poly1305, which returns undefined where WebAssembly cannot run. */
  constructor(key: Uint8Array, options: ChaCha20Poly1305Options = {}) {
    if (key.length !== KEY) throw new RangeError('ChaCha20-Poly1305 key must be 32 octets');
    const kernel = sharedChaChaKernel(options.simd ?? true);
    if (kernel === undefined) throw new Error('ChaCha20-Poly1305 needs WebAssembly');
    this.#kernel = kernel;
    this.simd = kernel.simd;
    this.#head.set(SIGMA);
    this.#head.set(key, 16);
  }

  /** Returns ciphertext || 16-octet tag. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + TAG);
    this.sealInto(out, 0, nonce, aad, plaintext);
    return out;
  }

  /** Write ciphertext || tag (plaintext.length + 16 octets) into `out` at `offset` (§2.8). */
  sealInto(out: Uint8Array, offset: number, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void {
    const n = plaintext.length;
    if (offset < 0 || out.length - offset < n + TAG) throw new RangeError('no room for the sealed message');
    const text = this.#stage(nonce, aad, plaintext);
    this.#kernel.seal(aad.length, n);
    out.set(this.#kernel.bytes().subarray(text, text + n + TAG), offset);
  }

  /**
   * Verify and decrypt ciphertext || tag (§2.8): the plaintext, or undefined when the input is
   * shorter than a tag or the tag does not verify (compared in constant time, before anything is
   * decrypted). Up to 4 KiB the plaintext is a view into a shared slab (as TableGcm's): copy it
   * before transferring its `.buffer`.
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
    if (sealed.length < TAG) return undefined;
    const n = sealed.length - TAG;
    const text = this.#stage(nonce, aad, sealed);
    if (!this.#kernel.open(aad.length, n)) return undefined;
    const pt = allocate(n);
    pt.set(this.#kernel.bytes().subarray(text, text + n));
    return pt;
  }

  /**
   * State (key, nonce), AAD and text into the kernel's memory, grown to hold the Poly1305 input
   * and the keystream that follow (chacha20-poly1305-wasm.ts); returns where the text starts.
   */
  #stage(nonce: Uint8Array, aad: Uint8Array, text: Uint8Array): number {
    if (nonce.length !== NONCE) throw new RangeError('ChaCha20-Poly1305 nonce must be 12 octets');
    const a = aad.length;
    const n = text.length;
    if (n > MAX_MESSAGE + TAG || a > MAX_MESSAGE) throw new RangeError('ChaCha20-Poly1305 message too long');
    const k = this.#kernel;
    const at = MESSAGE_AT + pad16(a);
    const keystream = at + pad16(n) + 16;
    // Block 0 is the one-time Poly1305 key (§2.6), blocks 1.. encrypt (§2.8: initial counter 1).
    const m = k.bytes(keystream + k.keystreamOctets(1 + Math.ceil(n / 64)));
    m.set(this.#head, STATE);
    m.set(nonce, STATE + 52);
    m.set(aad, MESSAGE_AT);
    m.set(text, at);
    return at;
  }
}

/** A ChaCha20-Poly1305 object for a 32-octet key, or undefined where WebAssembly cannot run. */
export function createChaCha20Poly1305(
  key: Uint8Array,
  options: ChaCha20Poly1305Options = {},
): ChaCha20Poly1305 | undefined {
  if (sharedChaChaKernel(options.simd ?? true) === undefined) return undefined;
  try {
    return new ChaCha20Poly1305(key, options);
  } catch {
    return undefined;
  }
}
