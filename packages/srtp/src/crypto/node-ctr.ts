import type { Cipher, KeyObject } from 'node:crypto';
import type { AesCtr } from './backend.js';
import type { NodeCrypto } from './node.js';
import { xorInto } from './xor.js';

/**
 * AES-CTR on node:crypto without a cipher object per packet. Node cannot re-IV a cipher, and
 * createCipheriv costs more than encrypting a 1200-octet packet, so one AES-ECB object per key
 * is kept and fed the packet's counter blocks; the keystream is XORed in 32-bit words.
 * SRTP counters end in 16 zero bits (RFC 3711 §4.1.1), so block j is just IV with j in the last
 * two octets. Other IVs (carry past 16 bits), huge inputs or a big-endian host take the plain
 * aes-*-ctr path. Identical output is checked by the same vectors as the other paths.
 */
const FAST_MAX_BLOCKS = 4096; // 64 KiB: any RTP/RTCP packet
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function algorithm(key: Uint8Array, mode: 'ctr' | 'ecb'): string {
  return `aes-${key.length * 8}-${mode}`;
}

export class NodeAesCtr implements AesCtr {
  readonly #c: NodeCrypto;
  readonly #key: KeyObject;
  readonly #ctrAlgorithm: string;
  readonly #ecb: Cipher;
  #blocks = new Uint8Array(1536);
  #words = new Uint32Array(this.#blocks.buffer);
  readonly #iv = new Uint8Array(16);
  readonly #ivWords = new Uint32Array(this.#iv.buffer);

  constructor(c: NodeCrypto, rawKey: Uint8Array) {
    this.#c = c;
    this.#key = c.createSecretKey(rawKey);
    this.#ctrAlgorithm = algorithm(rawKey, 'ctr');
    this.#ecb = c.createCipheriv(algorithm(rawKey, 'ecb'), this.#key, null).setAutoPadding(false);
  }

  xor(iv: Uint8Array, input: Uint8Array, output: Uint8Array): void {
    const n = input.length;
    if (n === 0) return;
    const nb = (n + 15) >>> 4;
    const low = ((iv[14] as number) << 8) | (iv[15] as number);
    if (!LITTLE_ENDIAN || nb > FAST_MAX_BLOCKS || low + nb > 0x10000) {
      output.set(this.#c.createCipheriv(this.#ctrAlgorithm, this.#key, iv).update(input));
      return;
    }
    if (this.#blocks.length < nb * 16) {
      this.#blocks = new Uint8Array(nb * 16);
      this.#words = new Uint32Array(this.#blocks.buffer);
    }
    this.#iv.set(iv);
    const w = this.#words;
    const w0 = this.#ivWords[0] as number;
    const w1 = this.#ivWords[1] as number;
    const w2 = this.#ivWords[2] as number;
    // Octets 12, 13 of the IV, then the 16-bit block counter big-endian, as a little-endian word.
    const w3 = (iv[12] as number) | ((iv[13] as number) << 8);
    for (let j = 0, k = 0; j < nb; j++, k += 4) {
      const c = low + j;
      w[k] = w0;
      w[k + 1] = w1;
      w[k + 2] = w2;
      w[k + 3] = w3 | ((c >>> 8) << 16) | ((c & 0xff) << 24);
    }
    const ks = this.#ecb.update(this.#blocks.subarray(0, nb * 16));
    xorInto(output, input, ks, n);
  }

  encryptBlocks(blocks: Uint8Array): Uint8Array {
    return this.#ecb.update(blocks);
  }
}
