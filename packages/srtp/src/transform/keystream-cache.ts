import type { AesCtr } from '../crypto/backend.js';
import { xorInto } from '../crypto/xor.js';

/**
 * SRTP AES-CM keystream made ahead, several packets per AES call. The keystream of a packet is a
 * function of (SSRC, index) only (RFC 3711 §4.1.1), and a stream's next indices are nearly always
 * the following ones, so one AES call for BATCH packets replaces BATCH calls whose fixed cost
 * exceeds the AES work itself on Node (measured). Entries are keyed by SSRC and index, so a miss
 * can only cost time, never produce a wrong keystream. Bounded: MAX_STREAMS entries of
 * BATCH * MAX_SEGMENT octets at most.
 */
const BATCH = 8;
const MAX_SEGMENT = 1536;
const MAX_STREAMS = 8;

interface Entry {
  first: number;
  segment: number;
  keystream: Uint8Array;
}

export class KeystreamCache {
  readonly #aes: AesCtr;
  readonly #salt: Uint8Array;
  readonly #streams = new Map<number, Entry>();
  #blocks = new Uint8Array(BATCH * 16 * 8);
  #view = new DataView(this.#blocks.buffer);

  constructor(aes: AesCtr, salt: Uint8Array) {
    this.#aes = aes;
    this.#salt = salt;
  }

  /**
   * Write the keystream of SRTP packet (ssrc, roc, seq) XOR `input` into `output`; returns false
   * (doing nothing) when the packet does not suit the cache and the caller must use plain CTR.
   */
  xor(ssrc: number, roc: number, seq: number, input: Uint8Array, output: Uint8Array): boolean {
    const n = input.length;
    if (n > MAX_SEGMENT || n === 0) return false;
    const index = roc * 0x10000 + seq;
    let entry = this.#streams.get(ssrc);
    if (entry === undefined || index >= entry.first + BATCH || n > entry.segment) {
      entry = this.#fill(ssrc, index, Math.max(n, entry?.segment ?? 0), entry);
    } else if (index < entry.first) {
      return false; // a late packet: not worth a batch
    }
    const at = (index - entry.first) * entry.segment;
    xorInto(output, input, entry.keystream.subarray(at, at + n), n);
    return true;
  }

  #fill(ssrc: number, first: number, length: number, old: Entry | undefined): Entry {
    const segment = (length + 15) & ~15;
    const blocksPerPacket = segment >>> 4;
    const total = BATCH * segment;
    if (this.#blocks.length < total) {
      this.#blocks = new Uint8Array(total);
      this.#view = new DataView(this.#blocks.buffer);
    }
    const v = this.#view;
    const s = this.#salt;
    // RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); the low 16 bits
    // (zero in the IV) count the blocks of a packet.
    const w0 = (s[0] << 24) | (s[1] << 16) | (s[2] << 8) | s[3];
    const w1 = ((s[4] << 24) | (s[5] << 16) | (s[6] << 8) | s[7]) ^ ssrc;
    const w2base = (s[8] << 24) | (s[9] << 16) | (s[10] << 8) | s[11];
    const w3base = (s[12] << 24) | (s[13] << 16);
    let at = 0;
    for (let k = 0; k < BATCH; k++) {
      const index = first + k;
      const roc = Math.floor(index / 0x10000);
      const w2 = w2base ^ roc;
      const w3 = w3base ^ ((index & 0xffff) << 16);
      for (let j = 0; j < blocksPerPacket; j++, at += 16) {
        v.setUint32(at, w0);
        v.setUint32(at + 4, w1);
        v.setUint32(at + 8, w2);
        v.setUint32(at + 12, w3 | j);
      }
    }
    const keystream = this.#aes.encryptBlocks(this.#blocks.subarray(0, total));
    if (old === undefined && this.#streams.size >= MAX_STREAMS) {
      const oldest = this.#streams.keys().next().value as number;
      this.#streams.delete(oldest);
    }
    const entry: Entry = { first, segment, keystream };
    this.#streams.set(ssrc, entry);
    return entry;
  }
}
