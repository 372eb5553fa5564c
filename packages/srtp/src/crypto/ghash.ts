/**
 * GHASH (NIST SP 800-38D §6.4) for AES-GCM built from a block cipher (see
 * transform/gcm-split.ts): node:crypto offers no way to re-IV a GCM object, and creating one per
 * packet costs more than the whole GCM computation, so SRTP can run GCM as AES-CTR keystream from
 * one long-lived AES-ECB object plus this GHASH.
 *
 * Multiplication by H uses one table per 4-bit position of the input (32 positions x 16 values
 * x 16 octets = 8 KiB per key): X * H is linear in X over GF(2), so it is the XOR of
 * T[j][X_j] = (X_j at position j) * H over the 32 nibbles X_j of X, with no shifts or
 * reductions per block. The table is built here; the per-block loop runs in WebAssembly
 * (ghash-wasm.ts), about 3x faster than the same loop in JavaScript (measured).
 *
 * SIDE CHANNELS. The lookups are indexed by (running hash XOR data), which depends on H; a
 * process sharing the CPU cache that learnt which parts of the table were read could recover H
 * and forge tags. Against that, each position's table is 256 octets = four 64-octet cache lines,
 * stored so that every lookup reads one word from each of the four lines: the sequence of cache
 * lines touched does not depend on the data or the key (unlike an 8-bit table, which was ~2.5x
 * faster here but leaks 6 bits of every octet at cache-line granularity). What remains is
 * the offset inside a line, observable only through much finer effects (cache-bank conflicts,
 * 4K aliasing; CacheBleed and MemJam attacked such layouts from a sibling hyperthread). OpenSSL's
 * GCM (carry-less multiply instructions) has no table at all; @noble/ciphers' GHASH (the
 * portable path's) uses plain tables. The SrtpSession option `gcm` chooses (package README).
 *
 * The blocks and the table are read as little-endian words in the blocks' own octet order;
 * only little-endian hosts are supported (elsewhere callers use the AEAD object path).
 */
import { type GhashKernel, instantiateGhashKernel } from './ghash-wasm.js';

export const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function byteSwap(x: number): number {
  return (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24) | 0;
}

function readBe32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) |
    ((b[at + 1] as number) << 16) |
    ((b[at + 2] as number) << 8) |
    (b[at + 3] as number)
  );
}

const TABLE_OCTETS = 32 * 256;

/** T[j][v] for every nibble position j and value v, in the kernel's interleaved layout. */
function buildTable(h: Uint8Array): Int32Array {
  // P[i] = H * x^i in GCM's reflected bit order: multiplying by x is a right shift of the
  // 128-bit big-endian string, folding the bit shifted out back in with R = 0xe1 || 0^120
  // (SP 800-38D §6.3, Algorithm 1).
  const p = new Int32Array(128 * 4);
  let v0 = readBe32(h, 0);
  let v1 = readBe32(h, 4);
  let v2 = readBe32(h, 8);
  let v3 = readBe32(h, 12);
  for (let i = 0; i < 128; i++) {
    p[i * 4] = v0;
    p[i * 4 + 1] = v1;
    p[i * 4 + 2] = v2;
    p[i * 4 + 3] = v3;
    const carry = v3 & 1;
    v3 = (v3 >>> 1) | (v2 << 31);
    v2 = (v2 >>> 1) | (v1 << 31);
    v1 = (v1 >>> 1) | (v0 << 31);
    v0 = (v0 >>> 1) ^ (carry === 0 ? 0 : 0xe1000000);
  }
  // Nibble position j holds the coefficients of x^(4j) .. x^(4j+3), most significant bit first.
  // Entry v = entry (v without its lowest set bit) XOR P[4j + k] for that bit's k; built as
  // big-endian words, stored byte-swapped (little-endian) with word w of entry v at j*64 + w*16 + v.
  const t = new Int32Array(TABLE_OCTETS / 4);
  const e = new Int32Array(16 * 4);
  for (let j = 0; j < 32; j++) {
    for (let v = 1; v < 16; v++) {
      const low = v & -v;
      const k = 3 - (31 - Math.clz32(low));
      const from = (v ^ low) * 4;
      const pi = (4 * j + k) * 4;
      for (let w = 0; w < 4; w++) {
        e[v * 4 + w] = (e[from + w] as number) ^ (p[pi + w] as number);
        t[j * 64 + w * 16 + v] = byteSwap(e[v * 4 + w] as number);
      }
    }
  }
  p.fill(0);
  e.fill(0);
  return t;
}

const PAGE = 65536;
const DATA = 16; // page 0: Y at [0, 16), message blocks staged at [16, 65536)
const DATA_END = PAGE;
const SLOTS_PER_PAGE = PAGE / TABLE_OCTETS;

/**
 * One kernel instance per process; its memory holds Y, a staging area, and one 8 KiB table slot
 * per live key (from the second page on). Slots of collected Ghash objects are wiped and reused
 * (WebAssembly memory cannot shrink).
 */
let kernel: GhashKernel | null | undefined = null;
let bytes = new Uint8Array(0);
let slotsMade = 0;
const freeSlots: number[] = [];
const slotAddress = (slot: number): number => PAGE + slot * TABLE_OCTETS;
const release =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<number>((slot) => {
        // The table is derived from a key: wipe it before the slot waits for reuse.
        if (kernel) memoryBytes(kernel).fill(0, slotAddress(slot), slotAddress(slot) + TABLE_OCTETS);
        freeSlots.push(slot);
      })
    : undefined;

function loadKernel(): GhashKernel | undefined {
  if (kernel === null) kernel = LITTLE_ENDIAN ? instantiateGhashKernel() : undefined;
  return kernel;
}

function memoryBytes(k: GhashKernel): Uint8Array {
  // memory.grow detaches the old ArrayBuffer (its length becomes 0).
  if (bytes.byteLength === 0) bytes = new Uint8Array(k.memory.buffer);
  return bytes;
}

/** Whether Ghash can run here (a little-endian host with WebAssembly). */
export function ghashAvailable(): boolean {
  return loadKernel() !== undefined;
}

/**
 * GHASH_H over A || pad || C || pad || len(A) || len(C) (SP 800-38D §6.4, §7.1 step 5), with
 * the tag mask E_K(J0) applied (step 6).
 */
export class Ghash {
  readonly #kernel: GhashKernel;
  readonly #table: number;
  #staged = DATA;

  /** `h` is the hash subkey H = E_K(0^128) (SP 800-38D §7.1 step 1). */
  constructor(h: Uint8Array) {
    const k = loadKernel();
    if (k === undefined) throw new Error('Ghash needs WebAssembly on a little-endian host');
    this.#kernel = k;
    let slot = freeSlots.pop();
    if (slot === undefined) {
      slot = slotsMade++;
      if (slot % SLOTS_PER_PAGE === 0) {
        k.memory.grow(1);
        bytes = new Uint8Array(k.memory.buffer);
      }
    }
    this.#table = slotAddress(slot);
    const table = buildTable(h);
    memoryBytes(k).set(new Uint8Array(table.buffer), this.#table);
    table.fill(0);
    release?.register(this, slot);
  }

  /**
   * AES-GCM encryption of an SRTP packet from its parts, inside the kernel's memory: out gets
   * packet[0, hl) || packet[hl, n) XOR ks[16, ...) || GHASH(header, ciphertext) XOR ks[0, 16)
   * (SP 800-38D §7.1 steps 3-6). `ks` is E_K(J0) || keystream from inc32(J0). Returns false,
   * writing nothing, when the packet does not fit the staging area (callers then use tag()).
   */
  seal(packet: Uint8Array, hl: number, ks: Uint8Array, out: Uint8Array): boolean {
    const mlen = packet.length - hl;
    const p = DATA + ((hl + 15) & ~15);
    const l = p + ((mlen + 15) & ~15);
    const k = l + 16;
    if (k + mlen + 8 > DATA_END) return false;
    const m = memoryBytes(this.#kernel);
    this.#stageHeader(m, packet, hl, p);
    m.set(new Uint8Array(packet.buffer, packet.byteOffset + hl, mlen), p);
    m.set(ks.subarray(16, 16 + mlen), k);
    this.#kernel.xor(p, k, mlen);
    m.fill(0, p + mlen, l);
    this.#hash(m, hl, mlen, l);
    for (let i = 0; i < hl; i++) out[i] = packet[i] as number;
    out.set(m.subarray(p, p + mlen), hl);
    const t = hl + mlen;
    for (let i = 0; i < 16; i++) out[t + i] = (m[i] as number) ^ (ks[i] as number);
    m.fill(0, 0, 16);
    return true;
  }

  /**
   * Verify and decrypt an SRTP packet (header || ciphertext || 16-octet tag): 1 and the RTP
   * packet in `out` (length n - 16) when the tag verifies (compared in constant time), 0 when
   * it does not (nothing written), -1 when it does not fit the staging area.
   */
  open(packet: Uint8Array, hl: number, ks: Uint8Array, out: Uint8Array): number {
    const end = packet.length - 16;
    const mlen = end - hl;
    const p = DATA + ((hl + 15) & ~15);
    const l = p + ((mlen + 15) & ~15);
    const k = l + 16;
    if (mlen < 0 || k + mlen + 8 > DATA_END) return -1;
    const m = memoryBytes(this.#kernel);
    this.#stageHeader(m, packet, hl, p);
    m.set(new Uint8Array(packet.buffer, packet.byteOffset + hl, mlen), p);
    m.fill(0, p + mlen, l);
    this.#hash(m, hl, mlen, l);
    let diff = 0;
    for (let i = 0; i < 16; i++) diff |= (m[i] as number) ^ (ks[i] as number) ^ (packet[end + i] as number);
    m.fill(0, 0, 16);
    if (diff !== 0) return 0;
    m.set(ks.subarray(16, 16 + mlen), k);
    this.#kernel.xor(p, k, mlen);
    for (let i = 0; i < hl; i++) out[i] = packet[i] as number;
    out.set(m.subarray(p, p + mlen), hl);
    return 1;
  }

  /** Header octets (AAD) at DATA, zero-padded up to `p`. */
  #stageHeader(m: Uint8Array, packet: Uint8Array, hl: number, p: number): void {
    for (let i = 0; i < hl; i++) m[DATA + i] = packet[i] as number;
    m.fill(0, DATA + hl, p);
  }

  /** Length block at `l`, then Y = GHASH of [DATA, l + 16) into m[0, 16). */
  #hash(m: Uint8Array, aadLength: number, ciphertextLength: number, l: number): void {
    m.fill(0, 0, 16);
    m.fill(0, l, l + 16);
    writeBe32(m, l + 4, aadLength * 8);
    writeBe32(m, l + 12, ciphertextLength * 8);
    this.#kernel.ghash(this.#table, DATA, (l + 16 - DATA) >>> 4);
  }

  /** Write the tag of (aad, ciphertext) XOR `mask` (16 octets) to `out` at `outOffset`. */
  tag(aad: Uint8Array, ciphertext: Uint8Array, mask: Uint8Array, out: Uint8Array, outOffset: number): void {
    const m = memoryBytes(this.#kernel);
    m.fill(0, 0, 16);
    this.#staged = DATA;
    this.#absorb(m, aad);
    this.#absorb(m, ciphertext);
    // len(A) || len(C) in bits, 64-bit big-endian each; RTP packets stay far below 2^29 octets.
    const at = this.#reserve(16);
    m.fill(0, at, at + 16);
    writeBe32(m, at + 4, aad.length * 8);
    writeBe32(m, at + 12, ciphertext.length * 8);
    this.#flush();
    for (let i = 0; i < 16; i++) out[outOffset + i] = (m[i] as number) ^ (mask[i] as number);
    m.fill(0, 0, 16);
  }

  /** Stage `data` zero-padded to whole blocks, running the kernel whenever the area fills. */
  #absorb(m: Uint8Array, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const room = DATA_END - this.#staged;
      if (room === 0) {
        this.#flush();
        continue;
      }
      const chunk = Math.min(room, data.length - done);
      m.set(data.subarray(done, done + chunk), this.#staged);
      this.#staged += chunk;
      done += chunk;
    }
    const pad = -this.#staged & 15;
    m.fill(0, this.#staged, this.#staged + pad);
    this.#staged += pad;
  }

  #reserve(n: number): number {
    if (DATA_END - this.#staged < n) this.#flush();
    const at = this.#staged;
    this.#staged += n;
    return at;
  }

  #flush(): void {
    const blocks = (this.#staged - DATA) >>> 4;
    if (blocks > 0) this.#kernel.ghash(this.#table, DATA, blocks);
    this.#staged = DATA;
  }
}

function writeBe32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}
