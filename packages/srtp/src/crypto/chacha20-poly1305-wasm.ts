/**
 * AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) seal and open as WebAssembly functions that call the
 * ChaCha20 and Poly1305 kernels, so that a record costs one call from JavaScript.
 *
 * The caller writes the state (constants, key, nonce; the counter is set here) at `state` and
 * AAD at `message`, the text (plaintext, or ciphertext || tag) at text = message + pad16(a), and
 * makes the memory reach the end of the keystream (see `layout` in chacha20-poly1305.ts). Then:
 *   seal(a, n): text = ciphertext || tag (RFC 8439 §2.8).
 *   open(a, n): 1 and text = plaintext when the tag verifies, else 0 and text untouched.
 * In between, text is followed by pad || len(AAD) || len(text) (the Poly1305 input of §2.8) and
 * the keystream: block 0 (counter 0) gives the one-time Poly1305 key (§2.6), blocks 1.. encrypt.
 * Both wipe the key and the one-time key from memory before returning.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  body,
  CALL,
  Code,
  END,
  I32,
  I32_ADD,
  I32_AND,
  I32_GE_U,
  I32_SHR_U,
  I32_STORE,
  I32_STORE8,
  I32_SUB,
  I64_EQZ,
  I64_EXTEND_I32_U,
  I64_LOAD,
  I64_OR,
  I64_STORE,
  I64_XOR,
  IF,
  LOOP,
  VOID,
} from './wasm-assembler.js';

/** Function indices and addresses the bodies refer to. */
export interface AeadKernelLinks {
  /** The keystream function: blocks4 (four-block SIMD) when `simd`, else blocks. */
  readonly keystream: number;
  readonly simd: boolean;
  readonly xor: number;
  readonly poly1305: number;
  readonly state: number;
  readonly message: number;
  /** 32 octets of scratch: the received tag, then the computed one. */
  readonly tags: number;
}

// Parameters a, n; locals text, lengths (the length block), keystream, cursor.
const [A, N, T, L, KS, I] = [0, 1, 2, 3, 4, 5];

/** Zero the octets [I, local `to`) one at a time (at most 15: padding); I set by the caller. */
function zero(c: Code, to: number): void {
  c.set(I).op(BLOCK, VOID, LOOP, VOID);
  c.get(I).get(to).op(I32_GE_U, BR_IF, 1);
  c.get(I).i32(0).mem(I32_STORE8, 0, 0);
  c.get(I).i32(1).op(I32_ADD).set(I).op(BR, 0, END, END);
}

/** pad16(local): the local rounded up to a multiple of 16. */
const pad16 = (c: Code, local: number) => c.get(local).i32(15).op(I32_ADD).i32(-16).op(I32_AND);

/** Layout, padding, lengths, counter 0, keystream; leaves the Poly1305 input ready. */
function prepare(c: Code, k: AeadKernelLinks): void {
  pad16(c.i32(k.message), A).op(I32_ADD).set(T);
  pad16(c.get(T), N).op(I32_ADD).set(L);
  c.get(L).i32(16).op(I32_ADD).set(KS);
  zero(c.i32(k.message).get(A).op(I32_ADD), T);
  zero(c.get(T).get(N).op(I32_ADD), L);
  c.get(L).get(A).op(I64_EXTEND_I32_U).mem(I64_STORE, 0, 0);
  c.get(L).get(N).op(I64_EXTEND_I32_U).mem(I64_STORE, 0, 8);
  c.i32(k.state).i32(0).mem(I32_STORE, 2, 48);
  // 1 + ceil(n / 64) blocks; the SIMD kernel makes them in groups of four.
  c.i32(k.state).get(KS);
  c.get(N)
    .i32(63 + 64)
    .op(I32_ADD)
    .i32(6)
    .op(I32_SHR_U);
  if (k.simd) c.i32(3).op(I32_ADD).i32(2).op(I32_SHR_U);
  c.op(CALL).u32(k.keystream);
}

/** poly1305(keystream block 0, message .. keystream, tag at what `tag` writes). */
function mac(c: Code, k: AeadKernelLinks, tag: (c: Code) => void): void {
  c.get(KS).i32(k.message).get(KS).i32(k.message).op(I32_SUB);
  tag(c);
  c.op(CALL).u32(k.poly1305);
}

/** text ^= keystream from block 1 (n octets). */
function crypt(c: Code, k: AeadKernelLinks): void {
  c.get(T).get(KS).i32(64).op(I32_ADD).get(N).op(CALL).u32(k.xor);
}

function wipe(c: Code, k: AeadKernelLinks): void {
  for (let i = 0; i < 4; i++) {
    c.i32(k.state)
      .i64(0)
      .mem(I64_STORE, 0, 16 + 8 * i);
    c.get(KS)
      .i64(0)
      .mem(I64_STORE, 0, 8 * i);
  }
}

export function sealBody(k: AeadKernelLinks): Code {
  const c = new Code(512);
  prepare(c, k);
  crypt(c, k);
  mac(c, k, (c) => c.get(T).get(N).op(I32_ADD));
  wipe(c, k);
  return body([[4, I32]], c);
}

export function openBody(k: AeadKernelLinks): Code {
  const c = new Code(512);
  // The received tag moves out of the way of the padding first.
  for (const half of [0, 8]) {
    pad16(c.i32(k.tags).i32(k.message), A).op(I32_ADD).get(N).op(I32_ADD);
    c.mem(I64_LOAD, 0, half).mem(I64_STORE, 0, half);
  }
  prepare(c, k);
  mac(c, k, (c) => c.i32(k.tags + 16));
  // Constant-time comparison: OR of the XORs of both halves, one branch on the result (RFC 8439 §4).
  const at = (o: number) => c.i32(k.tags).mem(I64_LOAD, 0, o);
  at(0);
  at(16).op(I64_XOR);
  at(8);
  at(24).op(I64_XOR, I64_OR, I64_EQZ).set(I);
  c.get(I).op(IF, VOID);
  crypt(c, k);
  c.op(END);
  wipe(c, k);
  c.get(I);
  return body([[4, I32]], c);
}
