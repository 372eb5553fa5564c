/**
 * ChaCha20 keystream (RFC 8439 §2.3, §2.4) as WebAssembly function bodies, assembled from their
 * opcodes. Only additions, XORs and fixed rotations of 32-bit words: no branch and no memory index
 * depends on the key or the data (RFC 8439 §4), only on the number of blocks.
 *
 * Both kernels read the 16-word input state (constants, key, counter, nonce; §2.3) at `state`,
 * write `count` 64-octet keystream blocks to `dst` and advance the block counter (word 12) in
 * memory by the number of blocks written.
 *   blocks(state, dst, count): one block at a time, i32 arithmetic with i32.rotl.
 *   blocks4(state, dst, groups): four blocks at a time (counters c..c+3) in 128-bit vectors, one
 *     vector per state word with one block per lane, then a 4x4 transpose per row back into
 *     each block's serialization (§2.3: words in order, little-endian).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  body,
  END,
  get,
  I8X16_SHUFFLE,
  I8X16_SWIZZLE,
  I32,
  I32_ADD,
  I32_CONST,
  I32_EQZ,
  I32_LOAD,
  I32_LOAD8_U,
  I32_LT_S,
  I32_ROTL,
  I32_STORE,
  I32_STORE8,
  I32_SUB,
  I32_XOR,
  I32X4_ADD,
  I32X4_SHL,
  I32X4_SHR_U,
  I32X4_SPLAT,
  I64_LOAD,
  I64_STORE,
  I64_XOR,
  LOOP,
  memarg,
  set,
  sleb,
  tee,
  V128,
  V128_CONST,
  V128_LOAD,
  V128_LOAD32_SPLAT,
  V128_OR,
  V128_STORE,
  V128_XOR,
  VOID,
} from './wasm-assembler.js';

/** The quarter rounds of one double round (§2.3): four column rounds, then four diagonal rounds. */
const DOUBLE_ROUND: readonly (readonly [number, number, number, number])[][] = [
  [
    [0, 4, 8, 12],
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11, 15],
  ],
  [
    [0, 5, 10, 15],
    [1, 6, 11, 12],
    [2, 7, 8, 13],
    [3, 4, 9, 14],
  ],
];

/**
 * The quarter round (§2.1) as its eight steps, each `x[t] = rotl(x[t] op x[s], k)` or
 * `x[t] += x[s]`: a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12; a += b; d ^= a;
 * d <<<= 8; c += d; b ^= c; b <<<= 7. Indices 0..3 name a, b, c, d.
 */
const QUARTER: readonly { t: number; s: number; rotate?: number }[] = [
  { t: 0, s: 1 },
  { t: 3, s: 0, rotate: 16 },
  { t: 2, s: 3 },
  { t: 1, s: 2, rotate: 12 },
  { t: 0, s: 1 },
  { t: 3, s: 0, rotate: 8 },
  { t: 2, s: 3 },
  { t: 1, s: 2, rotate: 7 },
];

/**
 * The 20 rounds over locals x[0..15] (`first` + word), the four quarter rounds of each half round
 * interleaved step by step so that the CPU sees four independent chains.
 */
function rounds(
  code: number[],
  first: number,
  add: number[],
  xorRotate: (code: number[], t: number, s: number, k: number) => void,
): void {
  for (let i = 0; i < 10; i++) {
    for (const half of DOUBLE_ROUND) {
      for (const step of QUARTER) {
        for (const q of half) {
          const t = first + (q[step.t] as number);
          const s = first + (q[step.s] as number);
          if (step.rotate === undefined) code.push(...get(t), ...get(s), ...add, ...set(t));
          else xorRotate(code, t, s, step.rotate);
        }
      }
    }
  }
}

const [STATE, DST, COUNT] = [0, 1, 2];

/** Counter (word 12) += n, in memory. */
function advanceCounter(code: number[], n: number): void {
  code.push(...get(STATE), ...get(STATE), I32_LOAD, ...memarg(2, 48), I32_CONST, ...sleb(n), I32_ADD);
  code.push(I32_STORE, ...memarg(2, 48));
}

/** Loop `count` times over `inner` (nothing when count is 0). */
function countedLoop(code: number[], inner: () => void): void {
  code.push(BLOCK, VOID, ...get(COUNT), I32_EQZ, BR_IF, 0, LOOP, VOID);
  inner();
  code.push(...get(COUNT), I32_CONST, 1, I32_SUB, ...tee(COUNT), BR_IF, 0, END, END);
}

/** blocks(state, dst, count): scalar. Locals 3..18 hold the working state. */
export function chachaBlocksBody(): number[] {
  const X = 3;
  const code: number[] = [];
  countedLoop(code, () => {
    for (let w = 0; w < 16; w++) code.push(...get(STATE), I32_LOAD, ...memarg(2, 4 * w), ...set(X + w));
    rounds(code, X, [I32_ADD], (c, t, s, k) => {
      c.push(...get(t), ...get(s), I32_XOR, I32_CONST, k, I32_ROTL, ...set(t));
    });
    // §2.3: add the input words, serialize little-endian (wasm memory is little-endian).
    for (let w = 0; w < 16; w++) {
      code.push(...get(DST), ...get(X + w), ...get(STATE), I32_LOAD, ...memarg(2, 4 * w), I32_ADD);
      code.push(I32_STORE, ...memarg(2, 4 * w));
    }
    advanceCounter(code, 1);
    code.push(...get(DST), I32_CONST, ...sleb(64), I32_ADD, ...set(DST));
  });
  return body([[16, I32]], code);
}

/** An i8x16.shuffle immediate picking 32-bit lanes (0..3 of the first operand, 4..7 of the second). */
function lanes(...l: number[]): number[] {
  return l.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);
}

/**
 * Rotations of each 32-bit lane: by 16, swap its 16-bit halves (a shuffle V8 emits as two word
 * shuffles); by 8, permute its octets with i8x16.swizzle and a mask held in a local (V8 emits one
 * pshufb; as an i8x16.shuffle immediate it rebuilt the mask from immediates at every use); by 12
 * and 7, shift-shift-or. Vector shifts are the scarce unit on x86, so fewer is faster.
 */
const ROTATE_8 = [0, 1, 2, 3].flatMap((lane) => [3, 0, 1, 2].map((b) => 4 * lane + b));
const ROTATE_16 = [0, 1, 2, 3].flatMap((lane) => [2, 3, 0, 1].map((b) => 4 * lane + b));

/**
 * blocks4(state, dst, groups): four blocks per group. Locals: 3..18 the working state (v128),
 * 19 the counter vector (c, c+1, c+2, c+3), 20..23 transpose temporaries, 24 the rotate-by-8 mask.
 */
export function chachaBlocks4Body(): number[] {
  const X = 3;
  const CTR = 19;
  const T = 20;
  const ROT8 = 24;
  const code: number[] = [];
  code.push(...V128_CONST, ...ROTATE_8, ...set(ROT8));
  countedLoop(code, () => {
    for (let w = 0; w < 16; w++) {
      if (w === 12) {
        code.push(...get(STATE), I32_LOAD, ...memarg(2, 48), ...I32X4_SPLAT);
        code.push(...V128_CONST, ...[0, 1, 2, 3].flatMap((i) => [i, 0, 0, 0]), ...I32X4_ADD, ...tee(CTR));
        code.push(...set(X + w));
      } else {
        code.push(...get(STATE), ...V128_LOAD32_SPLAT, ...memarg(2, 4 * w), ...set(X + w));
      }
    }
    rounds(code, X, I32X4_ADD, (c, t, s, k) => {
      c.push(...get(t), ...get(s), ...V128_XOR);
      if (k === 16) {
        c.push(...tee(t), ...get(t), ...I8X16_SHUFFLE, ...ROTATE_16, ...set(t));
      } else if (k === 8) {
        c.push(...get(ROT8), ...I8X16_SWIZZLE, ...set(t));
      } else {
        c.push(
          ...tee(t),
          I32_CONST,
          k,
          ...I32X4_SHL,
          ...get(t),
          I32_CONST,
          32 - k,
          ...I32X4_SHR_U,
          ...V128_OR,
        );
        c.push(...set(t));
      }
    });
    for (let w = 0; w < 16; w++) {
      code.push(...get(X + w));
      if (w === 12) code.push(...get(CTR));
      else code.push(...get(STATE), ...V128_LOAD32_SPLAT, ...memarg(2, 4 * w));
      code.push(...I32X4_ADD, ...set(X + w));
    }
    // Row g (words 4g..4g+3) of block b is lane b of x[4g..4g+3]: transpose each 4x4 row group.
    for (let g = 0; g < 4; g++) {
      const [a, b, c, d] = [0, 1, 2, 3].map((i) => X + 4 * g + i) as [number, number, number, number];
      code.push(...get(a), ...get(b), ...I8X16_SHUFFLE, ...lanes(0, 4, 1, 5), ...set(T));
      code.push(...get(a), ...get(b), ...I8X16_SHUFFLE, ...lanes(2, 6, 3, 7), ...set(T + 1));
      code.push(...get(c), ...get(d), ...I8X16_SHUFFLE, ...lanes(0, 4, 1, 5), ...set(T + 2));
      code.push(...get(c), ...get(d), ...I8X16_SHUFFLE, ...lanes(2, 6, 3, 7), ...set(T + 3));
      const out: [number, number, number[]][] = [
        [T, T + 2, lanes(0, 1, 4, 5)],
        [T, T + 2, lanes(2, 3, 6, 7)],
        [T + 1, T + 3, lanes(0, 1, 4, 5)],
        [T + 1, T + 3, lanes(2, 3, 6, 7)],
      ];
      out.forEach(([p, q, l], block) => {
        code.push(...get(DST), ...get(p), ...get(q), ...I8X16_SHUFFLE, ...l);
        code.push(...V128_STORE, ...memarg(4, 64 * block + 16 * g));
      });
    }
    advanceCounter(code, 4);
    code.push(...get(DST), I32_CONST, ...sleb(256), I32_ADD, ...set(DST));
  });
  return body(
    [
      [16, V128],
      [6, V128],
    ],
    code,
  );
}

/**
 * xor(dst, src, n): dst[i] ^= src[i] for exactly n octets (16 or 8 at a time, then one at a
 * time), so that octets after dst + n (e.g. Poly1305 padding) stay as they are.
 */
export function xorBody(simd: boolean): number[] {
  const [D, S, N] = [0, 1, 2];
  const code: number[] = [];
  const loop = (step: number, load: number[], op: number[], store: number[]) => {
    code.push(BLOCK, VOID, LOOP, VOID);
    code.push(...get(N), I32_CONST, ...sleb(step), I32_LT_S, BR_IF, 1);
    code.push(...get(D), ...get(D), ...load, ...get(S), ...load, ...op, ...store);
    for (const [local, d] of [
      [D, step],
      [S, step],
      [N, -step],
    ] as const) {
      code.push(...get(local), I32_CONST, ...sleb(d), I32_ADD, ...set(local));
    }
    code.push(BR, 0, END, END);
  };
  if (simd) loop(16, [...V128_LOAD, ...memarg(0, 0)], V128_XOR, [...V128_STORE, ...memarg(0, 0)]);
  else loop(8, [I64_LOAD, ...memarg(0, 0)], [I64_XOR], [I64_STORE, ...memarg(0, 0)]);
  loop(1, [I32_LOAD8_U, ...memarg(0, 0)], [I32_XOR], [I32_STORE8, ...memarg(0, 0)]);
  return body([], code);
}
