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
 * The 20 rounds are a wasm loop over a few double rounds (§2.3: "10 times"), not unrolled: the
 * module is a third of the size, so assembling and compiling it on a process's first record is
 * cheap, and the keystream runs as fast.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  body,
  Code,
  END,
  I32,
  I32_ADD,
  I32_EQZ,
  I32_LOAD,
  I32_LOAD8_U,
  I32_LT_S,
  I32_ROTL,
  I32_STORE,
  I32_STORE8,
  I32_SUB,
  I32_XOR,
  I64_LOAD,
  I64_STORE,
  I64_XOR,
  LOOP,
  SIMD,
  V128,
  VOID,
} from './wasm-assembler.js';

/** The quarter rounds of one double round (§2.3): four column rounds, then four diagonal rounds. */
const DOUBLE_ROUND: readonly (readonly (readonly [number, number, number, number])[])[] = [
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
 * The quarter round (§2.1) as its eight steps, each `x[t] = rotl(x[t] ^ x[s], k)` or
 * `x[t] += x[s]`: a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12; a += b; d ^= a;
 * d <<<= 8; c += d; b ^= c; b <<<= 7. Indices 0..3 name a, b, c, d; rotate 0 marks an addition.
 */
const QUARTER: readonly (readonly [t: number, s: number, rotate: number])[] = [
  [0, 1, 0],
  [3, 0, 16],
  [2, 3, 0],
  [1, 2, 12],
  [0, 1, 0],
  [3, 0, 8],
  [2, 3, 0],
  [1, 2, 7],
];

/**
 * Double rounds per pass of the round loop (10 / passes). Measured on Node 20 against the fully
 * unrolled kernels: the vector kernel at 2 per pass keeps the same keystream speed (1 per pass
 * was 1-2% slower); the scalar one at 5 per pass is 2-4% slower (1 per pass: ~15%).
 */
const SCALAR_PER_PASS = 5;
const VECTOR_PER_PASS = 2;

/**
 * The 20 rounds over locals x[0..15] (`first` + word), counting passes in i32 local `counter`.
 * The four quarter rounds of each half round are interleaved step by step so that the CPU sees
 * four independent chains. `add` writes the addition, `xorRotate` x[t] = rotl(x[t] ^ x[s], k).
 */
function rounds(
  c: Code,
  first: number,
  counter: number,
  perPass: number,
  add: (c: Code) => void,
  xorRotate: (c: Code, t: number, s: number, k: number) => void,
): void {
  c.i32(10 / perPass)
    .set(counter)
    .op(LOOP, VOID);
  const from = c.length;
  for (const half of DOUBLE_ROUND) {
    for (const [ti, si, rotate] of QUARTER) {
      for (const q of half) {
        const t = first + (q[ti] as number);
        const s = first + (q[si] as number);
        if (rotate === 0) {
          c.get(t).get(s);
          add(c);
          c.set(t);
        } else xorRotate(c, t, s, rotate);
      }
    }
  }
  // The pass's other double rounds are the same instructions.
  c.repeat(from, perPass - 1);
  c.get(counter).i32(1).op(I32_SUB).tee(counter).op(BR_IF, 0, END);
}

const [STATE, DST, COUNT] = [0, 1, 2];

/** Counter (word 12) += n, in memory. */
function advanceCounter(c: Code, n: number): void {
  c.get(STATE).get(STATE).mem(I32_LOAD, 2, 48).i32(n).op(I32_ADD).mem(I32_STORE, 2, 48);
}

/** Loop `count` times over what `inner` writes (nothing when count is 0). */
function countedLoop(c: Code, inner: () => void): void {
  c.op(BLOCK, VOID).get(COUNT).op(I32_EQZ, BR_IF, 0, LOOP, VOID);
  inner();
  c.get(COUNT).i32(1).op(I32_SUB).tee(COUNT).op(BR_IF, 0, END, END);
}

/** blocks(state, dst, count): scalar. Locals 3..18 hold the working state, 19 the round counter. */
export function chachaBlocksBody(): Code {
  const X = 3;
  const ROUND = 19;
  const c = new Code(2048);
  countedLoop(c, () => {
    for (let w = 0; w < 16; w++)
      c.get(STATE)
        .mem(I32_LOAD, 2, 4 * w)
        .set(X + w);
    rounds(
      c,
      X,
      ROUND,
      SCALAR_PER_PASS,
      (c) => c.op(I32_ADD),
      (c, t, s, k) => c.get(t).get(s).op(I32_XOR).i32(k).op(I32_ROTL).set(t),
    );
    // §2.3: add the input words, serialize little-endian (wasm memory is little-endian).
    for (let w = 0; w < 16; w++) {
      c.get(DST)
        .get(X + w)
        .get(STATE)
        .mem(I32_LOAD, 2, 4 * w)
        .op(I32_ADD)
        .mem(I32_STORE, 2, 4 * w);
    }
    advanceCounter(c, 1);
    c.get(DST).i32(64).op(I32_ADD).set(DST);
  });
  return body([[17, I32]], c);
}

/** An i8x16.shuffle immediate picking 32-bit lanes (0..3 of the first operand, 4..7 of the second). */
function lanes(c: Code, l0: number, l1: number, l2: number, l3: number): Code {
  for (const x of [l0, l1, l2, l3]) c.op(4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3);
  return c;
}

/**
 * Rotations of each 32-bit lane: by 16, swap its 16-bit halves (a shuffle V8 emits as two word
 * shuffles); by 8, permute its octets with i8x16.swizzle and a mask held in a local (V8 emits one
 * pshufb; as an i8x16.shuffle immediate it rebuilt the mask from immediates at every use); by 12
 * and 7, shift-shift-or. Vector shifts are the scarce unit on x86, so fewer is faster.
 */
const ROTATE_8 = [3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14];
const ROTATE_16 = [2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13];
/** The v128.const (i32x4) 0, 1, 2, 3, little-endian: the lane offsets of the four counters. */
const COUNTER_LANES = [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0];

/** x[t] = rotl(x[t] ^ x[s], k) lane by lane; ROT8 is the local holding the rotate-by-8 mask. */
function xorRotate4(c: Code, t: number, s: number, k: number, rot8: number): void {
  c.get(t).get(s).simd(SIMD.V128_XOR);
  if (k === 16) c.tee(t).get(t).simd(SIMD.I8X16_SHUFFLE).bytes(ROTATE_16);
  else if (k === 8) c.get(rot8).simd(SIMD.I8X16_SWIZZLE);
  else {
    c.tee(t).i32(k).simd(SIMD.I32X4_SHL);
    c.get(t)
      .i32(32 - k)
      .simd(SIMD.I32X4_SHR_U);
    c.simd(SIMD.V128_OR);
  }
  c.set(t);
}

/**
 * blocks4(state, dst, groups): four blocks per group. Locals: 3..18 the working state (v128),
 * 19 the counter vector (c, c+1, c+2, c+3), 20..23 transpose temporaries, 24 the rotate-by-8
 * mask (v128), 25 the round counter (i32).
 */
export function chachaBlocks4Body(): Code {
  const X = 3;
  const CTR = 19;
  const T = 20;
  const ROT8 = 24;
  const ROUND = 25;
  const c = new Code(4096);
  c.simd(SIMD.V128_CONST).bytes(ROTATE_8).set(ROT8);
  countedLoop(c, () => {
    for (let w = 0; w < 16; w++) {
      if (w === 12) {
        c.get(STATE).mem(I32_LOAD, 2, 48).simd(SIMD.I32X4_SPLAT);
        c.simd(SIMD.V128_CONST)
          .bytes(COUNTER_LANES)
          .simd(SIMD.I32X4_ADD)
          .tee(CTR)
          .set(X + w);
      } else {
        c.get(STATE)
          .simdMem(SIMD.V128_LOAD32_SPLAT, 2, 4 * w)
          .set(X + w);
      }
    }
    rounds(
      c,
      X,
      ROUND,
      VECTOR_PER_PASS,
      (c) => c.simd(SIMD.I32X4_ADD),
      (c, t, s, k) => xorRotate4(c, t, s, k, ROT8),
    );
    for (let w = 0; w < 16; w++) {
      c.get(X + w);
      if (w === 12) c.get(CTR);
      else c.get(STATE).simdMem(SIMD.V128_LOAD32_SPLAT, 2, 4 * w);
      c.simd(SIMD.I32X4_ADD).set(X + w);
    }
    // Row g (words 4g..4g+3) of block b is lane b of x[4g..4g+3]: transpose each 4x4 row group.
    for (let g = 0; g < 4; g++) {
      const [a, b, p, q] = [X + 4 * g, X + 4 * g + 1, X + 4 * g + 2, X + 4 * g + 3];
      lanes(c.get(a).get(b).simd(SIMD.I8X16_SHUFFLE), 0, 4, 1, 5).set(T);
      lanes(c.get(a).get(b).simd(SIMD.I8X16_SHUFFLE), 2, 6, 3, 7).set(T + 1);
      lanes(c.get(p).get(q).simd(SIMD.I8X16_SHUFFLE), 0, 4, 1, 5).set(T + 2);
      lanes(c.get(p).get(q).simd(SIMD.I8X16_SHUFFLE), 2, 6, 3, 7).set(T + 3);
      for (let block = 0; block < 4; block++) {
        const low = (block & 2) === 0 ? T : T + 1;
        c.get(DST)
          .get(low)
          .get(low + 2)
          .simd(SIMD.I8X16_SHUFFLE);
        if ((block & 1) === 0) lanes(c, 0, 1, 4, 5);
        else lanes(c, 2, 3, 6, 7);
        c.simdMem(SIMD.V128_STORE, 4, 64 * block + 16 * g);
      }
    }
    advanceCounter(c, 4);
    c.get(DST).i32(256).op(I32_ADD).set(DST);
  });
  return body(
    [
      [16, V128],
      [6, V128],
      [1, I32],
    ],
    c,
  );
}

/**
 * xor(dst, src, n): dst[i] ^= src[i] for exactly n octets (16 or 8 at a time, then one at a
 * time), so that octets after dst + n (e.g. Poly1305 padding) stay as they are.
 */
export function xorBody(simd: boolean): Code {
  const [D, S, N] = [0, 1, 2];
  const c = new Code(256);
  const loop = (step: number, load: (c: Code) => void, op: (c: Code) => void, store: (c: Code) => void) => {
    c.op(BLOCK, VOID, LOOP, VOID);
    c.get(N).i32(step).op(I32_LT_S, BR_IF, 1);
    c.get(D).get(D);
    load(c);
    c.get(S);
    load(c);
    op(c);
    store(c);
    c.get(D).i32(step).op(I32_ADD).set(D);
    c.get(S).i32(step).op(I32_ADD).set(S);
    c.get(N).i32(-step).op(I32_ADD).set(N);
    c.op(BR, 0, END, END);
  };
  if (simd) {
    loop(
      16,
      (c) => c.simdMem(SIMD.V128_LOAD, 0, 0),
      (c) => c.simd(SIMD.V128_XOR),
      (c) => c.simdMem(SIMD.V128_STORE, 0, 0),
    );
  } else {
    loop(
      8,
      (c) => c.mem(I64_LOAD, 0, 0),
      (c) => c.op(I64_XOR),
      (c) => c.mem(I64_STORE, 0, 0),
    );
  }
  loop(
    1,
    (c) => c.mem(I32_LOAD8_U, 0, 0),
    (c) => c.op(I32_XOR),
    (c) => c.mem(I32_STORE8, 0, 0),
  );
  return body([], c);
}
