/**
 * Poly1305 (RFC 8439 §2.5) as a WebAssembly function body, assembled from its opcodes:
 * poly1305(key, data, len, tag) writes the 16-octet tag of the `len` octets at `data` under the
 * 32-octet one-time key (r || s) at `key`. When len is not a multiple of 16 it writes the final
 * block's 0x01 octet and zero padding in place (up to 16 octets past data + len must be writable).
 *
 * The accumulator h and r are held in five 26-bit limbs (radix 2^26) in i64 locals, products by
 * i64.mul. Bounds (why nothing overflows 64 bits): after each block's carry chain h0, h2, h3,
 * h4 < 2^26 and h1 < 2^26 + 2^12; adding a block's limbs (< 2^26; the top one < 2^25) keeps every
 * h_i < 2^27 + 2^12. r_i < 2^26 and 5 r_i < 2^29 (clamping leaves r < 2^124), so each of the five
 * products summed into d_k is < 2^56.1 and d_k < 2^58.5; the carries are < 2^33, and 5 * (d4 >> 26)
 * < 2^36 added to h0 leaves its carry into h1 < 2^11. Every step is the same sequence of
 * operations whatever the values: the final reduction mod 2^130 - 5 selects with a mask, not a
 * branch, and branches and memory addresses depend only on `len`.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  body,
  DROP,
  END,
  get,
  I32,
  I32_ADD,
  I32_CONST,
  I32_EQZ,
  I32_GE_U,
  I32_LT_U,
  I32_STORE8,
  I32_SUB,
  I64,
  I64_ADD,
  I64_AND,
  I64_CONST,
  I64_EXTEND_I32_U,
  I64_LOAD,
  I64_LT_U,
  I64_MUL,
  I64_OR,
  I64_SHL,
  I64_SHR_U,
  I64_STORE,
  I64_SUB,
  I64_XOR,
  IF,
  LOOP,
  memarg,
  set,
  sleb,
  tee,
  VOID,
} from './wasm-assembler.js';

const M26 = 0x3ffffff;
/** r &= 0x0ffffffc0ffffffc0ffffffc0fffffff (§2.5), applied to each 26-bit limb of r. */
const CLAMP = 0x0ffffffc0ffffffc0ffffffc0fffffffn;
const clampLimb = (i: number) => Number((CLAMP >> BigInt(26 * i)) & BigInt(M26));

// Parameters, then i64 locals, then one i32 local.
const [KEY, DATA, LEN, TAG] = [0, 1, 2, 3];
const R = 4; // r0..r4
const S = 9; // s_j = 5 * r_j at S + j - 1, j = 1..4
const H = 13; // h0..h4
const D = 18; // d0..d4, then g0..g4 in the final reduction
const [T0, T1, C, MASK] = [23, 24, 25, 26];
const I64_LOCALS = 23;
const REM = 27; // i32: len mod 16, then a padding cursor

const c64 = (n: number) => [I64_CONST, ...sleb(n)];

/** h += the 16-octet block at `data` (little-endian), with 2^128 added when `full` (§2.5). */
function absorb(code: number[], full: boolean): void {
  code.push(...get(DATA), I64_LOAD, ...memarg(0, 0), ...set(T0));
  code.push(...get(DATA), I64_LOAD, ...memarg(0, 8), ...set(T1));
  const limb: number[][] = [
    [...get(T0)],
    [...get(T0), ...c64(26), I64_SHR_U],
    [...get(T0), ...c64(52), I64_SHR_U, ...get(T1), ...c64(12), I64_SHL, I64_OR],
    [...get(T1), ...c64(14), I64_SHR_U],
  ];
  limb.forEach((value, i) => {
    code.push(...get(H + i), ...value, ...c64(M26), I64_AND, I64_ADD, ...set(H + i));
  });
  code.push(...get(H + 4), ...get(T1), ...c64(40), I64_SHR_U);
  if (full) code.push(...c64(1 << 24), I64_OR);
  code.push(I64_ADD, ...set(H + 4));
}

/** h = h * r, partially reduced mod 2^130 - 5 (2^130 = 5 mod p folds the high limbs with s_j). */
function multiply(code: number[]): void {
  for (let k = 0; k < 5; k++) {
    for (let i = 0; i < 5; i++) {
      const j = k - i;
      code.push(...get(H + i), ...get(j >= 0 ? R + j : S + j + 4), I64_MUL);
      if (i > 0) code.push(I64_ADD);
    }
    code.push(...set(D + k));
  }
  // Carry d0 -> d1 -> ... -> d4 -> (times 5) h0 -> h1.
  for (let k = 0; k < 5; k++) {
    code.push(...get(D + k), ...c64(26), I64_SHR_U, ...set(C));
    code.push(...get(D + k), ...c64(M26), I64_AND, ...set(H + k));
    if (k < 4) code.push(...get(D + k + 1), ...get(C), I64_ADD, ...set(D + k + 1));
  }
  code.push(...get(H), ...get(C), ...c64(5), I64_MUL, I64_ADD, ...set(H));
  carry(code, H, H + 1);
}

/** from >> 26 into `to`, from &= 2^26 - 1. */
function carry(code: number[], from: number, to: number, times = 1): void {
  code.push(...get(from), ...c64(26), I64_SHR_U, ...set(C));
  code.push(...get(from), ...c64(M26), I64_AND, ...set(from));
  code.push(...get(to), ...get(C));
  if (times !== 1) code.push(...c64(times), I64_MUL);
  code.push(I64_ADD, ...set(to));
}

/** h mod p, plus s, into the 16 octets at `tag` (§2.5: the low 128 bits, little-endian). */
function finish(code: number[]): void {
  // Full carry: h1 .. h4, h4 into h0 (times 5), h0 into h1, then h1 .. h4 again. Now h < 2^130
  // + 2^27 < 2p with every limb < 2^26 except that h4 may reach 2^26 when h >= 2^130 > p.
  for (let i = 1; i < 4; i++) carry(code, H + i, H + i + 1);
  carry(code, H + 4, H, 5);
  carry(code, H, H + 1);
  for (let i = 1; i < 4; i++) carry(code, H + i, H + i + 1);
  // g = h + 5 - 2^130 with a full carry; g4 has its sign bit set exactly when h < p.
  code.push(...get(H), ...c64(5), I64_ADD, ...set(D));
  for (let i = 1; i < 5; i++) code.push(...get(H + i), ...set(D + i));
  for (let i = 0; i < 4; i++) carry(code, D + i, D + i + 1);
  code.push(...get(D + 4), ...c64(1 << 26), I64_SUB, ...set(D + 4));
  // mask = all ones when g >= 0 (take g), zero when g < 0 (keep h).
  code.push(...get(D + 4), ...c64(63), I64_SHR_U, ...c64(1), I64_SUB, ...set(MASK));
  for (let i = 0; i < 5; i++) {
    code.push(...get(H + i), ...get(MASK), ...c64(-1), I64_XOR, I64_AND);
    code.push(...get(D + i), ...get(MASK), I64_AND, I64_OR, ...set(H + i));
  }
  // 128-bit h as T0 (bits 0..63) and T1 (64..127); the limbs are disjoint bit fields now.
  code.push(
    ...get(H),
    ...get(H + 1),
    ...c64(26),
    I64_SHL,
    I64_OR,
    ...get(H + 2),
    ...c64(52),
    I64_SHL,
    I64_OR,
  );
  code.push(...set(T0));
  code.push(...get(H + 2), ...c64(12), I64_SHR_U, ...get(H + 3), ...c64(14), I64_SHL, I64_OR);
  code.push(...get(H + 4), ...c64(40), I64_SHL, I64_OR, ...set(T1));
  // tag = (h + s) mod 2^128; the carry out of the low word is the unsigned compare (a flag, no branch).
  code.push(...get(T0), ...get(KEY), I64_LOAD, ...memarg(0, 16), I64_ADD, ...set(C));
  code.push(...get(TAG), ...get(C), I64_STORE, ...memarg(0, 0));
  code.push(...get(TAG), ...get(T1), ...get(KEY), I64_LOAD, ...memarg(0, 24), I64_ADD);
  code.push(...get(C), ...get(T0), I64_LT_U, I64_EXTEND_I32_U, I64_ADD, I64_STORE, ...memarg(0, 8));
}

export function poly1305Body(): number[] {
  const code: number[] = [];
  // r from key[0..15], clamped, in limbs; s_j = 5 r_j; h = 0 (locals start at zero).
  code.push(...get(KEY), I64_LOAD, ...memarg(0, 0), ...set(T0));
  code.push(...get(KEY), I64_LOAD, ...memarg(0, 8), ...set(T1));
  const limb: number[][] = [
    [...get(T0)],
    [...get(T0), ...c64(26), I64_SHR_U],
    [...get(T0), ...c64(52), I64_SHR_U, ...get(T1), ...c64(12), I64_SHL, I64_OR],
    [...get(T1), ...c64(14), I64_SHR_U],
    [...get(T1), ...c64(40), I64_SHR_U],
  ];
  limb.forEach((value, i) => {
    code.push(...value, ...c64(clampLimb(i)), I64_AND, ...tee(R + i));
    if (i > 0) code.push(...c64(5), I64_MUL, ...set(S + i - 1));
    else code.push(DROP);
  });
  // Whole blocks.
  code.push(BLOCK, VOID, LOOP, VOID);
  code.push(...get(LEN), I32_CONST, 16, I32_LT_U, BR_IF, 1);
  absorb(code, true);
  multiply(code);
  code.push(...get(DATA), I32_CONST, 16, I32_ADD, ...set(DATA));
  code.push(...get(LEN), I32_CONST, 16, I32_SUB, ...set(LEN));
  code.push(BR, 0, END, END);
  // A last partial block: its octets, 0x01, zeros to 16 (§2.5.1: msg[..] | [0x01]), no 2^128.
  code.push(...get(LEN), I32_EQZ, I32_EQZ, IF, VOID);
  code.push(...get(DATA), ...get(LEN), I32_ADD, I32_CONST, 1, I32_STORE8, ...memarg(0, 0));
  code.push(...get(LEN), I32_CONST, 1, I32_ADD, ...set(REM));
  code.push(BLOCK, VOID, LOOP, VOID);
  code.push(...get(REM), I32_CONST, 16, I32_GE_U, BR_IF, 1);
  code.push(...get(DATA), ...get(REM), I32_ADD, I32_CONST, 0, I32_STORE8, ...memarg(0, 0));
  code.push(...get(REM), I32_CONST, 1, I32_ADD, ...set(REM), BR, 0, END, END);
  absorb(code, false);
  multiply(code);
  code.push(END);
  finish(code);
  return body(
    [
      [I64_LOCALS, I64],
      [1, I32],
    ],
    code,
  );
}
