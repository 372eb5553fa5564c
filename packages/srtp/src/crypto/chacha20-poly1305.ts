/**
 * AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) on the WebAssembly kernels (chacha20-wasm.ts,
 * poly1305-wasm.ts), for record layers that need a new nonce per message: node:crypto has no way
 * to re-IV a cipher object and a new one per DTLS record costs more than the AEAD work itself.
 *
 * Constant time: ChaCha20 is additions, XORs and fixed rotations, Poly1305 is limb arithmetic
 * with a masked final reduction; neither branches on nor indexes memory by the key or the data.
 * The received tag is compared in constant time before any plaintext is made.
 *
 * One kernel (and its memory) is shared by every instance of a process: each call writes its key
 * and nonce into the kernel's state, stages AAD || pad || text || pad || lengths (the §2.8
 * Poly1305 input) and keystream there, and wipes the key and the one-time key before returning.
 */
import { allocate } from '../transform/allocate.js';
import {
  type ChaChaKernel,
  MESSAGE_AT,
  SIGMA,
  STATE,
  sharedChaChaKernel,
  TAG_AT,
  writeLe32,
} from './chacha20-poly1305-kernel.js';
import { constantTimeEqual } from './constant-time.js';

const TAG = 16;
const NONCE = 12;
const KEY = 32;
/** Largest AAD or text accepted: far beyond any record, and lengths stay 32-bit. */
const MAX_MESSAGE = 0x1000_0000;

const pad16 = (n: number) => (n + 15) & ~15;

/** Where one call's parts go (MESSAGE_AT onwards). */
interface Layout {
  /** Text (plaintext or ciphertext), after AAD || pad. */
  readonly text: number;
  /** The two little-endian 64-bit lengths. */
  readonly lengths: number;
  /** Poly1305 input octets from MESSAGE_AT (whole blocks). */
  readonly mac: number;
  /** Keystream: block 0 (the Poly1305 key) then blocks 1.. for the text. */
  readonly keystream: number;
  readonly blocks: number;
  readonly end: number;
}

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
    if (out.length - offset < n + TAG || offset < 0) throw new RangeError('no room for the sealed message');
    const k = this.#kernel;
    const l = this.#stage(nonce, aad, plaintext, n);
    k.keystream(l.keystream, l.blocks);
    k.xor(l.text, l.keystream + 64, n);
    k.poly1305(l.keystream, MESSAGE_AT, l.mac, TAG_AT);
    const m = k.bytes();
    out.set(m.subarray(l.text, l.text + n), offset);
    out.set(m.subarray(TAG_AT, TAG_AT + TAG), offset + n);
    this.#wipe(m, l);
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
    const k = this.#kernel;
    const l = this.#stage(nonce, aad, sealed, n);
    k.keystream(l.keystream, l.blocks);
    k.poly1305(l.keystream, MESSAGE_AT, l.mac, TAG_AT);
    let m = k.bytes();
    if (!constantTimeEqual(m.subarray(TAG_AT, TAG_AT + TAG), sealed.subarray(n), TAG)) {
      this.#wipe(m, l);
      return undefined;
    }
    k.xor(l.text, l.keystream + 64, n);
    const pt = allocate(n);
    m = k.bytes();
    pt.set(m.subarray(l.text, l.text + n));
    this.#wipe(m, l);
    return pt;
  }

  /** State, AAD || pad || text[0..n) || pad || lengths; memory grown to fit the keystream too. */
  #stage(nonce: Uint8Array, aad: Uint8Array, text: Uint8Array, n: number): Layout {
    if (nonce.length !== NONCE) throw new RangeError('ChaCha20-Poly1305 nonce must be 12 octets');
    const a = aad.length;
    if (n > MAX_MESSAGE || a > MAX_MESSAGE) throw new RangeError('ChaCha20-Poly1305 message too long');
    const k = this.#kernel;
    const t = MESSAGE_AT + pad16(a);
    const lengths = t + pad16(n);
    const keystream = lengths + 16;
    // Block 0 is the one-time Poly1305 key (§2.6), blocks 1.. encrypt (§2.8: initial counter 1).
    const blocks = 1 + Math.ceil(n / 64);
    const end = keystream + k.keystreamOctets(blocks);
    const m = k.bytes(end);
    m.set(this.#head, STATE);
    writeLe32(m, STATE + 48, 0);
    m.set(nonce, STATE + 52);
    m.set(aad, MESSAGE_AT);
    m.fill(0, MESSAGE_AT + a, t);
    m.set(n === text.length ? text : text.subarray(0, n), t);
    m.fill(0, t + n, lengths);
    writeLe32(m, lengths, a);
    writeLe32(m, lengths + 4, 0);
    writeLe32(m, lengths + 8, n);
    writeLe32(m, lengths + 12, 0);
    return { text: t, lengths, mac: keystream - MESSAGE_AT, keystream, blocks, end };
  }

  /** Zero the key in the state and the one-time Poly1305 key (keystream block 0). */
  #wipe(m: Uint8Array, l: Layout): void {
    m.fill(0, STATE + 16, STATE + 48);
    m.fill(0, l.keystream, l.keystream + 32);
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
