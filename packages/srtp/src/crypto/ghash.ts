/**
 * GHASH (NIST SP 800-38D §6.4) for AES-GCM built from a block cipher (see
 * transform/gcm-split.ts): node:crypto offers no way to re-IV a GCM object, and creating one per
 * packet costs more than the whole GCM computation, so SRTP can run GCM as AES-CTR keystream from
 * one long-lived AES-ECB object plus this GHASH: multiplication tables of H (ghash-tables.ts)
 * and a per-block loop in WebAssembly (ghash-wasm.ts), ~3x faster than the same loop in JS.
 *
 * SIDE CHANNELS. Table lookups are indexed by (running hash XOR data), which depends on H; a
 * process sharing the CPU cache that learnt which parts of the table were read could recover H
 * and forge tags (not decrypt: AES stays in OpenSSL). Window 3 (the default 'table' mode) reads
 * the same cache lines whatever the data and key; what remains is the offset inside a line,
 * observable only through much finer effects (cache-bank conflicts, 4K aliasing: CacheBleed and
 * MemJam attacked such layouts from a sibling hyperthread). Window 8 ('table8') is faster but
 * leaks 6 bits of every looked-up octet at cache-line granularity. OpenSSL's GCM (carry-less
 * multiply instructions, the 'aead' mode) has no table at all; @noble/ciphers' GHASH (the
 * portable path's) uses plain tables. The SrtpSession option `gcm` chooses (package README).
 *
 * The blocks and the table are read as little-endian words in the blocks' own octet order;
 * only little-endian hosts are supported (elsewhere callers use the AEAD object path).
 */
import { buildTable, type GhashWindow, tableOctets } from './ghash-tables.js';
import { type GhashKernel, instantiateGhashKernel } from './ghash-wasm.js';

export const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const PAGE = 65536;
const DATA = 16; // page 0: Y at [0, 16), message blocks staged at [16, 65536)
const DATA_END = PAGE;

/**
 * One kernel instance per window size and process; its memory holds Y, a staging area, and one
 * table slot per live key (from the second page on). Slots of collected Ghash objects are wiped
 * and reused (WebAssembly memory cannot shrink).
 */
class KernelPool {
  readonly kernel: GhashKernel;
  readonly slotOctets: number;
  #bytes: Uint8Array;
  #slotsMade = 0;
  readonly #free: number[] = [];
  readonly #release: FinalizationRegistry<number> | undefined;

  constructor(kernel: GhashKernel, window: GhashWindow) {
    this.kernel = kernel;
    this.slotOctets = tableOctets(window);
    this.#bytes = new Uint8Array(kernel.memory.buffer);
    this.#release =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry<number>((slot) => {
            // The table is derived from a key: wipe it before the slot waits for reuse.
            const at = this.address(slot);
            this.bytes().fill(0, at, at + this.slotOctets);
            this.#free.push(slot);
          })
        : undefined;
  }

  address(slot: number): number {
    return PAGE + slot * this.slotOctets;
  }

  bytes(): Uint8Array {
    // memory.grow detaches the old ArrayBuffer (its length becomes 0).
    if (this.#bytes.byteLength === 0) this.#bytes = new Uint8Array(this.kernel.memory.buffer);
    return this.#bytes;
  }

  /** A slot holding `table`, freed when `owner` is collected. */
  take(table: Int32Array, owner: object): number {
    let slot = this.#free.pop();
    if (slot === undefined) {
      slot = this.#slotsMade++;
      const pages = Math.ceil((this.address(slot) + this.slotOctets) / PAGE);
      const have = this.kernel.memory.buffer.byteLength / PAGE;
      if (pages > have) this.kernel.memory.grow(pages - have);
    }
    this.bytes().set(new Uint8Array(table.buffer), this.address(slot));
    this.#release?.register(owner, slot);
    return slot;
  }
}

const pools = new Map<GhashWindow, KernelPool | undefined>();

function pool(window: GhashWindow): KernelPool | undefined {
  if (!pools.has(window)) {
    const kernel = LITTLE_ENDIAN ? instantiateGhashKernel(window) : undefined;
    pools.set(window, kernel === undefined ? undefined : new KernelPool(kernel, window));
  }
  return pools.get(window);
}

/** Whether Ghash can run here (a little-endian host with WebAssembly). */
export function ghashAvailable(): boolean {
  return pool(3) !== undefined;
}

/**
 * GHASH_H over A || pad || C || pad || len(A) || len(C) (SP 800-38D §6.4, §7.1 step 5), with
 * the tag mask E_K(J0) applied (step 6).
 */
export class Ghash {
  readonly #pool: KernelPool;
  readonly #kernel: GhashKernel;
  readonly #table: number;
  #staged = DATA;

  /** `h` is the hash subkey H = E_K(0^128) (SP 800-38D §7.1 step 1). */
  constructor(h: Uint8Array, window: GhashWindow = 3) {
    const p = pool(window);
    if (p === undefined) throw new Error('Ghash needs WebAssembly on a little-endian host');
    this.#pool = p;
    this.#kernel = p.kernel;
    const table = buildTable(h, window);
    this.#table = p.address(p.take(table, this));
    table.fill(0);
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
    const m = this.#pool.bytes();
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
    const m = this.#pool.bytes();
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
    const m = this.#pool.bytes();
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
