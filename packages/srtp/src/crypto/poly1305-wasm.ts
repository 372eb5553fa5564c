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
  Code,
  DROP,
  END,
  I32,
  I32_ADD,
  I32_EQZ,
  I32_GE_U,
  I32_LT_U,
  I32_STORE8,
  I32_SUB,
  I64,
  I64_ADD,
  I64_AND,
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

/**
 * Limb i (26 bits from bit 26 i, before masking) of the 128-bit little-endian value in T0 (bits
 * 0..63) and T1 (64..127); limbs 0..3 still need `& M26`.
 */
function limb(c: Code, i: number): void {
  if (i === 0) c.get(T0);
  else if (i === 1) c.get(T0).i64(26).op(I64_SHR_U);
  else if (i === 2) c.get(T0).i64(52).op(I64_SHR_U).get(T1).i64(12).op(I64_SHL, I64_OR);
  else if (i === 3) c.get(T1).i64(14).op(I64_SHR_U);
  else c.get(T1).i64(40).op(I64_SHR_U);
}

/** T0, T1 = the 16 octets at local `at` + `offset`. */
function load128(c: Code, at: number, offset: number): void {
  c.get(at).mem(I64_LOAD, 0, offset).set(T0);
  c.get(at)
    .mem(I64_LOAD, 0, offset + 8)
    .set(T1);
}

/** h += the 16-octet block at `data` (little-endian), with 2^128 added when `full` (§2.5). */
function absorb(c: Code, full: boolean): void {
  load128(c, DATA, 0);
  for (let i = 0; i < 4; i++) {
    c.get(H + i);
    limb(c, i);
    c.i64(M26)
      .op(I64_AND, I64_ADD)
      .set(H + i);
  }
  c.get(H + 4);
  limb(c, 4);
  if (full) c.i64(1 << 24).op(I64_OR);
  c.op(I64_ADD).set(H + 4);
}

/** h = h * r, partially reduced mod 2^130 - 5 (2^130 = 5 mod p folds the high limbs with s_j). */
function multiply(c: Code): void {
  for (let k = 0; k < 5; k++) {
    for (let i = 0; i < 5; i++) {
      const j = k - i;
      c.get(H + i)
        .get(j >= 0 ? R + j : S + j + 4)
        .op(I64_MUL);
      if (i > 0) c.op(I64_ADD);
    }
    c.set(D + k);
  }
  // Carry d0 -> d1 -> ... -> d4 -> (times 5) h0 -> h1.
  for (let k = 0; k < 5; k++) {
    c.get(D + k)
      .i64(26)
      .op(I64_SHR_U)
      .set(C);
    c.get(D + k)
      .i64(M26)
      .op(I64_AND)
      .set(H + k);
    if (k < 4)
      c.get(D + k + 1)
        .get(C)
        .op(I64_ADD)
        .set(D + k + 1);
  }
  c.get(H).get(C).i64(5).op(I64_MUL, I64_ADD).set(H);
  carry(c, H, H + 1);
}

/** from >> 26 into `to`, from &= 2^26 - 1. */
function carry(c: Code, from: number, to: number, times = 1): void {
  c.get(from).i64(26).op(I64_SHR_U).set(C);
  c.get(from).i64(M26).op(I64_AND).set(from);
  c.get(to).get(C);
  if (times !== 1) c.i64(times).op(I64_MUL);
  c.op(I64_ADD).set(to);
}

/** h mod p, plus s, into the 16 octets at `tag` (§2.5: the low 128 bits, little-endian). */
function finish(c: Code): void {
  // Full carry: h1 .. h4, h4 into h0 (times 5), h0 into h1, then h1 .. h4 again. Now h < 2^130
  // + 2^27 < 2p with every limb < 2^26 except that h4 may reach 2^26 when h >= 2^130 > p.
  for (let i = 1; i < 4; i++) carry(c, H + i, H + i + 1);
  carry(c, H + 4, H, 5);
  carry(c, H, H + 1);
  for (let i = 1; i < 4; i++) carry(c, H + i, H + i + 1);
  // g = h + 5 - 2^130 with a full carry; g4 has its sign bit set exactly when h < p.
  c.get(H).i64(5).op(I64_ADD).set(D);
  for (let i = 1; i < 5; i++) c.get(H + i).set(D + i);
  for (let i = 0; i < 4; i++) carry(c, D + i, D + i + 1);
  c.get(D + 4)
    .i64(1 << 26)
    .op(I64_SUB)
    .set(D + 4);
  // mask = all ones when g >= 0 (take g), zero when g < 0 (keep h).
  c.get(D + 4)
    .i64(63)
    .op(I64_SHR_U)
    .i64(1)
    .op(I64_SUB)
    .set(MASK);
  for (let i = 0; i < 5; i++) {
    c.get(H + i)
      .get(MASK)
      .i64(-1)
      .op(I64_XOR, I64_AND);
    c.get(D + i)
      .get(MASK)
      .op(I64_AND, I64_OR)
      .set(H + i);
  }
  // 128-bit h as T0 (bits 0..63) and T1 (64..127); the limbs are disjoint bit fields now.
  c.get(H)
    .get(H + 1)
    .i64(26)
    .op(I64_SHL, I64_OR)
    .get(H + 2)
    .i64(52)
    .op(I64_SHL, I64_OR)
    .set(T0);
  c.get(H + 2)
    .i64(12)
    .op(I64_SHR_U)
    .get(H + 3)
    .i64(14)
    .op(I64_SHL, I64_OR);
  c.get(H + 4)
    .i64(40)
    .op(I64_SHL, I64_OR)
    .set(T1);
  // tag = (h + s) mod 2^128; the carry out of the low word is the unsigned compare (a flag, no branch).
  c.get(T0).get(KEY).mem(I64_LOAD, 0, 16).op(I64_ADD).set(C);
  c.get(TAG).get(C).mem(I64_STORE, 0, 0);
  c.get(TAG).get(T1).get(KEY).mem(I64_LOAD, 0, 24).op(I64_ADD);
  c.get(C).get(T0).op(I64_LT_U, I64_EXTEND_I32_U, I64_ADD).mem(I64_STORE, 0, 8);
}

export function poly1305Body(): Code {
  const c = new Code(2048);
  // r from key[0..15], clamped, in limbs; s_j = 5 r_j; h = 0 (locals start at zero).
  load128(c, KEY, 0);
  for (let i = 0; i < 5; i++) {
    limb(c, i);
    c.i64(clampLimb(i))
      .op(I64_AND)
      .tee(R + i);
    if (i > 0)
      c.i64(5)
        .op(I64_MUL)
        .set(S + i - 1);
    else c.op(DROP);
  }
  // Whole blocks.
  c.op(BLOCK, VOID, LOOP, VOID);
  c.get(LEN).i32(16).op(I32_LT_U, BR_IF, 1);
  absorb(c, true);
  multiply(c);
  c.get(DATA).i32(16).op(I32_ADD).set(DATA);
  c.get(LEN).i32(16).op(I32_SUB).set(LEN);
  c.op(BR, 0, END, END);
  // A last partial block: its octets, 0x01, zeros to 16 (§2.5.1: msg[..] | [0x01]), no 2^128.
  c.get(LEN).op(I32_EQZ, I32_EQZ, IF, VOID);
  c.get(DATA).get(LEN).op(I32_ADD).i32(1).mem(I32_STORE8, 0, 0);
  c.get(LEN).i32(1).op(I32_ADD).set(REM);
  c.op(BLOCK, VOID, LOOP, VOID);
  c.get(REM).i32(16).op(I32_GE_U, BR_IF, 1);
  c.get(DATA).get(REM).op(I32_ADD).i32(0).mem(I32_STORE8, 0, 0);
  c.get(REM).i32(1).op(I32_ADD).set(REM).op(BR, 0, END, END);
  absorb(c, false);
  multiply(c);
  c.op(END);
  finish(c);
  return body(
    [
      [I64_LOCALS, I64],
      [1, I32],
    ],
    c,
  );
}
