import type { AesCtr } from '../crypto/backend.js';
import { xorInto } from '../crypto/xor.js';

/**
 * SRTP keystream made ahead, several packets per AES call. The keystream of a packet is a
 * function of (SSRC, index) only (RFC 3711 §4.1.1 for AES-CM, RFC 7714 §8.1 for GCM), and a
 * stream's next indices are nearly always the following ones, so one AES call for BATCH packets
 * replaces BATCH calls whose fixed cost exceeds the AES work itself on Node (measured). Entries
 * are keyed by SSRC and index, so a miss can only cost time, never produce a wrong keystream.
 * Bounded: MAX_STREAMS entries of BATCH * (MAX_SEGMENT + prefix) octets at most.
 */
const BATCH = 8;
const MAX_SEGMENT = 1536;
const MAX_STREAMS = 8;

/** Where a packet's counter blocks come from: the cipher mode's IV layout. */
export interface CounterLayout {
  /** Keystream octets a packet needs before its payload's (GCM: one block, E_K(J0)). */
  readonly prefix: number;
  /**
   * Write the `blocks` counter blocks of packet (ssrc, 48-bit index) into `words` from word
   * `at`, each 32-bit big-endian value passed through `be32` (host words -> memory order).
   */
  write(words: Int32Array, at: number, ssrc: number, index: number, blocks: number): void;
}

interface Entry {
  first: number;
  segment: number;
  keystream: Uint8Array;
}

export class KeystreamCache {
  readonly #aes: AesCtr;
  readonly #layout: CounterLayout;
  readonly #streams = new Map<number, Entry>();
  #blocks = new Int32Array(BATCH * 4 * 8);

  constructor(aes: AesCtr, layout: CounterLayout) {
    this.#aes = aes;
    this.#layout = layout;
  }

  /**
   * Write the keystream of SRTP packet (ssrc, roc, seq) XOR `input` into `output`; returns false
   * (doing nothing) when the packet does not suit the cache and the caller must use plain CTR.
   */
  xor(ssrc: number, roc: number, seq: number, input: Uint8Array, output: Uint8Array): boolean {
    const n = input.length;
    const ks = this.keystream(ssrc, roc, seq, n);
    if (ks === undefined) return false;
    xorInto(output, input, ks, n);
    return true;
  }

  /**
   * The prefix and `n` payload octets of keystream of packet (ssrc, roc, seq), or undefined when
   * the packet does not suit the cache (empty, larger than MAX_SEGMENT, or older than the batch).
   * The view is valid until the next call.
   */
  keystream(ssrc: number, roc: number, seq: number, n: number): Uint8Array | undefined {
    if (n > MAX_SEGMENT || n === 0) return undefined;
    const index = roc * 0x10000 + seq;
    let entry = this.#streams.get(ssrc);
    const prefix = this.#layout.prefix;
    if (entry === undefined || index >= entry.first + BATCH || n + prefix > entry.segment) {
      entry = this.#fill(ssrc, index, BATCH, Math.max(n + prefix, entry?.segment ?? 0));
      this.#remember(ssrc, entry);
    } else if (index < entry.first) {
      return undefined; // a late packet: not worth a batch
    }
    const at = (index - entry.first) * entry.segment;
    return entry.keystream.subarray(at, at + prefix + n);
  }

  /** The keystream of one packet, made now and not kept (for what keystream() declines). */
  single(ssrc: number, roc: number, seq: number, n: number): Uint8Array {
    const entry = this.#fill(ssrc, roc * 0x10000 + seq, 1, n + this.#layout.prefix);
    return entry.keystream.subarray(0, this.#layout.prefix + n);
  }

  #fill(ssrc: number, first: number, packets: number, length: number): Entry {
    const segment = (length + 15) & ~15;
    const blocksPerPacket = segment >>> 4;
    const total = packets * segment;
    if (this.#blocks.length * 4 < total) this.#blocks = new Int32Array(total >>> 2);
    for (let k = 0, at = 0; k < packets; k++, at += segment >>> 2)
      this.#layout.write(this.#blocks, at, ssrc, first + k, blocksPerPacket);
    const ks = this.#aes.encryptBlocks(new Uint8Array(this.#blocks.buffer, 0, total));
    // A plain view: Buffer.subarray (node's result type) is much slower per packet.
    const keystream = new Uint8Array(ks.buffer, ks.byteOffset, ks.length);
    return { first, segment, keystream };
  }

  #remember(ssrc: number, entry: Entry): void {
    if (!this.#streams.has(ssrc) && this.#streams.size >= MAX_STREAMS) {
      const oldest = this.#streams.keys().next().value as number;
      this.#streams.delete(oldest);
    }
    this.#streams.set(ssrc, entry);
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A big-endian 32-bit value as the host word that stores it in memory order. */
function be32(x: number): number {
  return LITTLE_ENDIAN ? (x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24) | 0 : x | 0;
}

function word(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) |
    ((b[at + 1] as number) << 16) |
    ((b[at + 2] as number) << 8) |
    (b[at + 3] as number)
  );
}

/**
 * RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); the low 16 bits (zero in
 * the IV) count the blocks of a packet.
 */
export function aesCmLayout(salt: Uint8Array): CounterLayout {
  const w0 = word(salt, 0);
  const w1 = word(salt, 4);
  const w2 = word(salt, 8);
  const w3 = word(Uint8Array.of(salt[12] ?? 0, salt[13] ?? 0, 0, 0), 0);
  return {
    prefix: 0,
    write(v, at, ssrc, index, blocks) {
      const c0 = be32(w0);
      const c1 = be32(w1 ^ ssrc);
      const c2 = be32(w2 ^ Math.floor(index / 0x10000));
      const c3 = w3 ^ ((index & 0xffff) << 16);
      for (let j = 0; j < blocks; j++, at += 4) {
        v[at] = c0;
        v[at + 1] = c1;
        v[at + 2] = c2;
        v[at + 3] = be32(c3 | j);
      }
    },
  };
}

/**
 * RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt (12 octets); SP 800-38D §7.1:
 * J0 = IV || 0^31 || 1, whose block E_K(J0) masks the tag, and the payload's keystream starts at
 * inc32(J0). So block j of a packet is IV || (j + 1), the first one being the prefix.
 */
export function aesGcmLayout(salt: Uint8Array): CounterLayout {
  const w0 = word(salt, 0);
  const w1 = word(salt, 4);
  const w2 = word(salt, 8);
  return {
    prefix: 16,
    write(v, at, ssrc, index, blocks) {
      const roc = Math.floor(index / 0x10000);
      const c0 = be32(w0 ^ (ssrc >>> 16));
      const c1 = be32(w1 ^ ((ssrc << 16) | (roc >>> 16)));
      const c2 = be32(w2 ^ ((roc << 16) | (index & 0xffff)));
      for (let j = 1; j <= blocks; j++, at += 4) {
        v[at] = c0;
        v[at + 1] = c1;
        v[at + 2] = c2;
        v[at + 3] = be32(j);
      }
    },
  };
}
