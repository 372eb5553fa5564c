/**
 * The outer hash of HMAC-SHA1 (RFC 2104) in plain JS: H((K ^ opad) || inner). The opad block is
 * compressed once per key; per packet only one SHA-1 block remains (the 20-octet inner digest
 * plus padding), which is cheaper in JS than another call into node:crypto (each call has a
 * fixed cost of about a microsecond; measured). FIPS 180-4 §6.1.2.
 */
const W = new Int32Array(80);

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

/** One SHA-1 compression of the 16 big-endian words in W[0..16) into `state`. */
function compress(state: Int32Array): void {
  for (let t = 16; t < 80; t++)
    W[t] = rotl(
      (W[t - 3] as number) ^ (W[t - 8] as number) ^ (W[t - 14] as number) ^ (W[t - 16] as number),
      1,
    );
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  for (let t = 0; t < 80; t++) {
    let f: number;
    let k: number;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const temp = (rotl(a, 5) + f + e + k + (W[t] as number)) | 0;
    e = d;
    d = c;
    c = rotl(b, 30);
    b = a;
    a = temp;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
}

export class Sha1Outer {
  readonly #prepared = new Int32Array(5);
  readonly #state = new Int32Array(5);

  /** `opadBlock`: the 64-octet K ^ opad block. */
  constructor(opadBlock: Uint8Array) {
    this.#prepared.set([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
    for (let i = 0; i < 16; i++) W[i] = readWord(opadBlock, i * 4);
    compress(this.#prepared);
  }

  /** SHA-1 of opad block || `inner` (20 octets), written to a fresh 20-octet array. */
  digest(inner: Uint8Array): Uint8Array {
    for (let i = 0; i < 5; i++) W[i] = readWord(inner, i * 4);
    // Padding for a 84-octet message: 0x80, zeros, 64-bit bit length 672.
    W[5] = 0x80000000 | 0;
    for (let i = 6; i < 15; i++) W[i] = 0;
    W[15] = (64 + 20) * 8;
    const s = this.#state;
    s.set(this.#prepared);
    compress(s);
    const out = new Uint8Array(20);
    for (let i = 0; i < 5; i++) {
      const v = s[i] as number;
      out[i * 4] = v >>> 24;
      out[i * 4 + 1] = (v >>> 16) & 0xff;
      out[i * 4 + 2] = (v >>> 8) & 0xff;
      out[i * 4 + 3] = v & 0xff;
    }
    return out;
  }
}

function readWord(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) |
    ((b[at + 1] as number) << 16) |
    ((b[at + 2] as number) << 8) |
    (b[at + 3] as number)
  );
}
