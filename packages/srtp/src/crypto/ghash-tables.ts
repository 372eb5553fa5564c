/**
 * GHASH multiplication tables for the WebAssembly kernel (ghash-wasm.ts). X * H is linear in X
 * over GF(2), so it is the XOR, over the w-bit digits X_j of X, of T[j][X_j] = (X_j at digit
 * position j) * H: no shifts or reductions per block. Two layouts (see GhashWindow).
 */

/**
 * 3: 44 groups of (at most) 3 bits x 8 entries, 5.5 KiB per key; each group's 128 octets are two
 *    cache lines, and every lookup reads one word from each: the cache lines touched do not
 *    depend on data or key.
 * 8: 16 octet positions x 256 entries, 64 KiB per key, entries contiguous: 16 lookups per block
 *    instead of 44 and faster, but which 64-octet line of each 4 KiB position table is read
 *    depends on (running hash XOR data), i.e. on H: a cache-timing side channel at line
 *    granularity.
 */
export type GhashWindow = 3 | 8;

/** Window 3: 2 x 22 groups (per 64-bit half: 21 groups of 3 word bits, then bit 63) x 128 octets. */
const GROUPS3 = 44;

export function tableOctets(window: GhashWindow): number {
  return window === 3 ? GROUPS3 * 128 : 16 * 4096;
}

/**
 * Window 3: the digits are groups of bits of the two little-endian 64-bit halves of the block
 * (not of GCM's coefficient order; any partition of the bits works, X * H being linear). Group g
 * (half g / 22, k = g % 22) holds word bits 3k..3k+2, or bit 63 alone when k = 21. Its 8 entries
 * take 128 octets: the low 64 bits of entry v at g*128 + v*8, the high 64 bits at g*128 + 64 + v*8,
 * so a lookup reads one 8-octet word from each of the group's two cache lines.
 */
function buildTable3(p: Int32Array): Int32Array {
  const t = new Int32Array((GROUPS3 * 128) / 4);
  for (let g = 0; g < GROUPS3; g++) {
    const half = g >= 22 ? 1 : 0;
    const k = g % 22;
    const bits = k < 21 ? 3 : 1;
    const first = k < 21 ? 3 * k : 63;
    for (let v = 1; v < 1 << bits; v++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < bits; i++) {
        if ((v & (1 << i)) === 0) continue;
        const w = first + i; // bit w of the half's little-endian word: octet w >> 3, bit w & 7
        const c = ((half * 8 + (w >> 3)) * 8 + (7 - (w & 7))) * 4; // its coefficient x^c
        a0 ^= p[c] as number;
        a1 ^= p[c + 1] as number;
        a2 ^= p[c + 2] as number;
        a3 ^= p[c + 3] as number;
      }
      const lo = (g * 128 + v * 8) / 4;
      const hi = lo + 16;
      t[lo] = byteSwap(a0);
      t[lo + 1] = byteSwap(a1);
      t[hi] = byteSwap(a2);
      t[hi + 1] = byteSwap(a3);
    }
  }
  return t;
}

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

/**
 * P[i] = H * x^i (4 big-endian words each) in GCM's reflected bit order: multiplying by x is a
 * right shift of the 128-bit big-endian string, folding the bit shifted out back in with
 * R = 0xe1 || 0^120 (SP 800-38D §6.3, Algorithm 1).
 */
function powersOfX(h: Uint8Array): Int32Array {
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
  return p;
}

/** The table of H for a window, as little-endian words (the octet order of the 128-bit string). */
export function buildTable(h: Uint8Array, window: GhashWindow): Int32Array {
  const p = powersOfX(h);
  const t = window === 3 ? buildTable3(p) : buildTable8(p);
  p.fill(0);
  return t;
}

/**
 * Window 8: octet position j holds the coefficients x^(8j) .. x^(8j+7), most significant bit
 * first; entry v = entry (v without its lowest set bit) XOR P[8j + k] for that bit's k, its four
 * words together at (j*256 + v)*4.
 */
function buildTable8(p: Int32Array): Int32Array {
  const t = new Int32Array(tableOctets(8) / 4);
  for (let j = 0; j < 16; j++) {
    for (let v = 1; v < 256; v++) {
      const low = v & -v;
      const k = 7 - (31 - Math.clz32(low));
      const from = (j * 256 + (v ^ low)) * 4;
      const pi = (8 * j + k) * 4;
      const at = (j * 256 + v) * 4;
      for (let w = 0; w < 4; w++) t[at + w] = (t[from + w] as number) ^ byteSwap(p[pi + w] as number);
    }
  }
  return t;
}
