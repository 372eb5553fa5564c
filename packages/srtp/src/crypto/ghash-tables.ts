/**
 * GHASH multiplication tables for the WebAssembly kernel (ghash-wasm.ts). X * H is linear in X
 * over GF(2), so it is the XOR, over the w-bit digits X_j of X, of T[j][X_j] = (X_j at digit
 * position j) * H: no shifts or reductions per block. Two layouts (see GhashWindow).
 */

/**
 * 4: 32 nibble positions x 16 entries, 8 KiB per key, each position's 256 octets stored so that
 *    every lookup reads one word from each of its four cache lines (the cache lines touched do
 *    not depend on data or key).
 * 8: 16 octet positions x 256 entries, 64 KiB per key, entries contiguous: half the lookups and
 *    2.5x faster here, but which 64-octet line of each 4 KiB position table is read depends on
 *    (running hash XOR data), i.e. on H: a cache-timing side channel at line granularity.
 */
export type GhashWindow = 4 | 8;

export function tableOctets(window: GhashWindow): number {
  return window === 4 ? 32 * 256 : 16 * 4096;
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

/**
 * The table of H for a window, as little-endian words (the octet order of the 128-bit string).
 * Digit position j holds the coefficients of x^(wj) .. x^(wj+w-1), most significant bit first;
 * entry v = entry (v without its lowest set bit) XOR P[wj + k] for that bit's k.
 */
export function buildTable(h: Uint8Array, window: GhashWindow): Int32Array {
  const p = powersOfX(h);
  const entries = 1 << window;
  const t = new Int32Array(tableOctets(window) / 4);
  const e = new Int32Array(entries * 4);
  for (let j = 0; j < 128 / window; j++) {
    for (let v = 1; v < entries; v++) {
      const low = v & -v;
      const k = window - 1 - (31 - Math.clz32(low));
      const from = (v ^ low) * 4;
      const pi = (window * j + k) * 4;
      for (let w = 0; w < 4; w++) {
        const x = (e[from + w] as number) ^ (p[pi + w] as number);
        e[v * 4 + w] = x;
        // 4-bit: word w of entry v at j*64 + w*16 + v (line w of the position holds word w of
        // all 16 entries); 8-bit: entry v's four words together at (j*256 + v)*4.
        t[window === 4 ? j * 64 + w * 16 + v : (j * 256 + v) * 4 + w] = byteSwap(x);
      }
    }
  }
  p.fill(0);
  e.fill(0);
  return t;
}
