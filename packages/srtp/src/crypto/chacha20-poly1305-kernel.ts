/**
 * The ChaCha20 and Poly1305 kernels (chacha20-wasm.ts, poly1305-wasm.ts) in one WebAssembly
 * module, and the memory they work in. The module is assembled with the four-block vector
 * ChaCha20 where the host compiles WebAssembly SIMD (Node 20 does), else with the scalar one.
 * A process compiles it once, on first use (sharedChaChaKernel), not at import, from the bytes
 * chachaModuleBytes() assembles, kept ready in chacha20-poly1305-module.generated.ts: running the
 * assembler is 5-8 ms of cold JavaScript on the first DTLS record of a process.
 *
 * Memory layout: the ChaCha20 input state at 0..63, a tag at 64..79, and from 128 on the message
 * area of the current call; memory grows when a message does not fit (it never shrinks).
 */

import { CHACHA_MODULE_SCALAR, CHACHA_MODULE_SIMD } from './chacha20-poly1305-module.generated.js';
import { type AeadKernelLinks, openBody, sealBody } from './chacha20-poly1305-wasm.js';
import { chachaBlocks4Body, chachaBlocksBody, xorBody } from './chacha20-wasm.js';
import { poly1305Body } from './poly1305-wasm.js';
import { I32, instantiate, type KernelMemory, type ModuleFunction, moduleBytes } from './wasm-assembler.js';

export const STATE = 0;
export const TAG_AT = 64;
/** Scratch for open: the received tag, then the computed one. */
const TAGS_AT = 80;
export const MESSAGE_AT = 128;
const PAGE = 65536;

type Keystream = (state: number, dst: number, count: number) => void;

interface Exports {
  readonly memory: KernelMemory;
  /** Scalar module: `count` blocks. */
  readonly blocks?: Keystream;
  /** SIMD module: `count` groups of four blocks. */
  readonly blocks4?: Keystream;
  xor(dst: number, src: number, octets: number): void;
  poly1305(key: number, data: number, octets: number, tag: number): void;
  seal(aadOctets: number, textOctets: number): void;
  open(aadOctets: number, textOctets: number): number;
}

/**
 * The module: the keystream kernel (blocks4 with SIMD, else blocks; functions 0 to 2), xor,
 * poly1305, seal and open.
 */
export function chachaModuleBytes(simd: boolean): Uint8Array {
  const p3 = [I32, I32, I32];
  const kernels: ModuleFunction[] = [
    simd
      ? { name: 'blocks4', params: p3, results: [], body: chachaBlocks4Body() }
      : { name: 'blocks', params: p3, results: [], body: chachaBlocksBody() },
    { name: 'xor', params: p3, results: [], body: xorBody(simd) },
    { name: 'poly1305', params: [I32, I32, I32, I32], results: [], body: poly1305Body() },
  ];
  const links: AeadKernelLinks = {
    keystream: 0,
    simd,
    xor: 1,
    poly1305: 2,
    state: STATE,
    message: MESSAGE_AT,
    tags: TAGS_AT,
  };
  return moduleBytes([
    ...kernels,
    { name: 'seal', params: [I32, I32], results: [], body: sealBody(links) },
    { name: 'open', params: [I32, I32], results: [I32], body: openBody(links) },
  ]);
}

/** One instance of the module and a view of its memory. */
export class ChaChaKernel {
  readonly simd: boolean;
  readonly #exports: Exports;
  #bytes: Uint8Array;

  constructor(exports: Exports, simd: boolean) {
    this.#exports = exports;
    this.simd = simd;
    this.#bytes = new Uint8Array(exports.memory.buffer);
  }

  /**
   * The memory, at least `size` octets (grown when smaller); valid until the next call. Only
   * this method grows the memory, so the view is renewed exactly when it grows (memory.grow
   * detaches the old ArrayBuffer), without reading `memory.buffer` on every call.
   */
  bytes(size = 0): Uint8Array {
    if (this.#bytes.length < size) {
      const memory = this.#exports.memory;
      memory.grow(Math.ceil((size - memory.buffer.byteLength) / PAGE));
      this.#bytes = new Uint8Array(memory.buffer);
    }
    return this.#bytes;
  }

  /** Octets of keystream that keystream(dst, blocks) writes (whole groups of four on the SIMD path). */
  keystreamOctets(blocks: number): number {
    return this.simd ? 256 * Math.ceil(blocks / 4) : 64 * blocks;
  }

  /** At least `blocks` keystream blocks from the state at STATE, advancing its counter. */
  keystream(dst: number, blocks: number): void {
    const e = this.#exports;
    if (this.simd) (e.blocks4 as Keystream)(STATE, dst, Math.ceil(blocks / 4));
    else (e.blocks as Keystream)(STATE, dst, blocks);
  }

  xor(dst: number, src: number, octets: number): void {
    this.#exports.xor(dst, src, octets);
  }

  poly1305(key: number, data: number, octets: number, tag: number): void {
    this.#exports.poly1305(key, data, octets, tag);
  }

  /** AEAD seal of the staged message (chacha20-poly1305-wasm.ts). */
  seal(aadOctets: number, textOctets: number): void {
    this.#exports.seal(aadOctets, textOctets);
  }

  /** AEAD open of the staged message: whether the tag verified (and the text was decrypted). */
  open(aadOctets: number, textOctets: number): boolean {
    return this.#exports.open(aadOctets, textOctets) === 1;
  }
}

/** A new kernel (its own memory): SIMD unless `simd` is false or the host lacks it; undefined without WebAssembly. */
export function createChaChaKernel(simd = true): ChaChaKernel | undefined {
  // Compiling validates (a host without SIMD rejects the vector module): no separate validate pass.
  const vector = simd ? instantiate<Exports>(fromBase64(CHACHA_MODULE_SIMD)) : undefined;
  if (vector !== undefined) return new ChaChaKernel(vector, true);
  const scalar = instantiate<Exports>(fromBase64(CHACHA_MODULE_SCALAR));
  return scalar === undefined ? undefined : new ChaChaKernel(scalar, false);
}

/**
 * RFC 4648 §4 base64 to bytes. Node's Buffer decodes natively; the atob loop (browsers) runs ~5,500
 * iterations in the interpreter on first use, about 2 ms of a process's first connection.
 */
export function fromBase64(text: string): Uint8Array {
  const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } })
    .Buffer;
  if (NodeBuffer !== undefined) return new Uint8Array(NodeBuffer.from(text, 'base64'));
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const shared = new Map<boolean, ChaChaKernel | undefined>();

/**
 * The process's kernel, made on first use: with SIMD unless `simd` is false or the host lacks it
 * (undefined where WebAssembly cannot run).
 */
export function sharedChaChaKernel(simd = true): ChaChaKernel | undefined {
  if (!shared.has(simd)) shared.set(simd, createChaChaKernel(simd));
  return shared.get(simd);
}

/** "expand 32-byte k" (§2.3: the constants 0x61707865 0x3320646e 0x79622d32 0x6b206574, little-endian). */
export const SIGMA = Uint8Array.from([...'expand 32-byte k'].map((c) => c.charCodeAt(0)));

/** Write the state (§2.3): constants, key, a 32-bit little-endian block counter and the nonce. */
export function writeState(m: Uint8Array, key: Uint8Array, counter: number, nonce: Uint8Array): void {
  m.set(SIGMA, STATE);
  m.set(key, STATE + 16);
  writeLe32(m, STATE + 48, counter);
  m.set(nonce, STATE + 52);
}

export function writeLe32(m: Uint8Array, at: number, x: number): void {
  m[at] = x & 0xff;
  m[at + 1] = (x >>> 8) & 0xff;
  m[at + 2] = (x >>> 16) & 0xff;
  m[at + 3] = x >>> 24;
}

/**
 * ChaCha20 encryption of `data` (§2.4) with a 32-bit initial counter, e.g. for test vectors;
 * the AEAD (chacha20-poly1305.ts) does not go through here.
 */
export function chacha20(
  kernel: ChaChaKernel,
  key: Uint8Array,
  counter: number,
  nonce: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  const blocks = Math.ceil(data.length / 64);
  const ks = MESSAGE_AT + ((data.length + 63) & ~63);
  const m = kernel.bytes(ks + kernel.keystreamOctets(blocks));
  writeState(m, key, counter, nonce);
  m.set(data, MESSAGE_AT);
  kernel.keystream(ks, blocks);
  kernel.xor(MESSAGE_AT, ks, data.length);
  return m.slice(MESSAGE_AT, MESSAGE_AT + data.length);
}

/** Poly1305 (§2.5) of `message` under a 32-octet one-time key, e.g. for test vectors. */
export function poly1305(kernel: ChaChaKernel, key: Uint8Array, message: Uint8Array): Uint8Array {
  const data = MESSAGE_AT + 32;
  const m = kernel.bytes(data + message.length + 16);
  m.set(key, MESSAGE_AT);
  m.set(message, data);
  kernel.poly1305(MESSAGE_AT, data, message.length, TAG_AT);
  return m.slice(TAG_AT, TAG_AT + 16);
}
