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
  END,
  get,
  I32,
  I32_ADD,
  I32_AND,
  I32_CONST,
  I32_GE_U,
  I32_SHR_U,
  I32_STORE,
  I32_STORE8,
  I32_SUB,
  I64_CONST,
  I64_EQZ,
  I64_EXTEND_I32_U,
  I64_LOAD,
  I64_OR,
  I64_STORE,
  I64_XOR,
  IF,
  LOOP,
  memarg,
  set,
  sleb,
  VOID,
} from './wasm-assembler.js';

/** Function indices and addresses the bodies refer to. */
export interface AeadKernelLinks {
  readonly blocks: number;
  /** The four-block SIMD keystream, when the module has it. */
  readonly blocks4?: number | undefined;
  readonly xor: number;
  readonly poly1305: number;
  readonly state: number;
  readonly message: number;
  /** 32 octets of scratch: the received tag, then the computed one. */
  readonly tags: number;
}

// Parameters a, n; locals text, lengths (the length block), keystream, cursor.
const [A, N, T, L, KS, I] = [0, 1, 2, 3, 4, 5];

/** Zero the octets [from, to) one at a time (at most 15: padding). */
function zero(code: number[], from: number[], to: number[]): void {
  code.push(...from, ...set(I), BLOCK, VOID, LOOP, VOID);
  code.push(...get(I), ...to, I32_GE_U, BR_IF, 1);
  code.push(...get(I), I32_CONST, 0, I32_STORE8, ...memarg(0, 0));
  code.push(...get(I), I32_CONST, 1, I32_ADD, ...set(I), BR, 0, END, END);
}

const pad16 = (local: number) => [...get(local), I32_CONST, 15, I32_ADD, I32_CONST, ...sleb(-16), I32_AND];

/** Layout, padding, lengths, counter 0, keystream; leaves the Poly1305 input ready. */
function prepare(code: number[], k: AeadKernelLinks): void {
  code.push(I32_CONST, ...sleb(k.message), ...pad16(A), I32_ADD, ...set(T));
  code.push(...get(T), ...pad16(N), I32_ADD, ...set(L));
  code.push(...get(L), I32_CONST, 16, I32_ADD, ...set(KS));
  zero(code, [I32_CONST, ...sleb(k.message), ...get(A), I32_ADD], get(T));
  zero(code, [...get(T), ...get(N), I32_ADD], get(L));
  code.push(...get(L), ...get(A), I64_EXTEND_I32_U, I64_STORE, ...memarg(0, 0));
  code.push(...get(L), ...get(N), I64_EXTEND_I32_U, I64_STORE, ...memarg(0, 8));
  code.push(I32_CONST, ...sleb(k.state), I32_CONST, 0, I32_STORE, ...memarg(2, 48));
  // 1 + ceil(n / 64) blocks; the SIMD kernel makes them in groups of four.
  code.push(I32_CONST, ...sleb(k.state), ...get(KS));
  code.push(...get(N), I32_CONST, ...sleb(63 + 64), I32_ADD, I32_CONST, 6, I32_SHR_U);
  if (k.blocks4 !== undefined) code.push(I32_CONST, 3, I32_ADD, I32_CONST, 2, I32_SHR_U, CALL, k.blocks4);
  else code.push(CALL, k.blocks);
}

/** poly1305(keystream block 0, message .. keystream, tag at `tag`). */
function mac(code: number[], k: AeadKernelLinks, tag: number[]): void {
  code.push(...get(KS), I32_CONST, ...sleb(k.message), ...get(KS), I32_CONST, ...sleb(k.message), I32_SUB);
  code.push(...tag, CALL, k.poly1305);
}

/** text ^= keystream from block 1 (n octets). */
function crypt(code: number[], k: AeadKernelLinks): void {
  code.push(...get(T), ...get(KS), I32_CONST, ...sleb(64), I32_ADD, ...get(N), CALL, k.xor);
}

function wipe(code: number[], k: AeadKernelLinks): void {
  for (let i = 0; i < 4; i++) {
    code.push(I32_CONST, ...sleb(k.state), I64_CONST, 0, I64_STORE, ...memarg(0, 16 + 8 * i));
    code.push(...get(KS), I64_CONST, 0, I64_STORE, ...memarg(0, 8 * i));
  }
}

export function sealBody(k: AeadKernelLinks): number[] {
  const code: number[] = [];
  prepare(code, k);
  crypt(code, k);
  mac(code, k, [...get(T), ...get(N), I32_ADD]);
  wipe(code, k);
  return body([[4, I32]], code);
}

export function openBody(k: AeadKernelLinks): number[] {
  const code: number[] = [];
  // The received tag moves out of the way of the padding first.
  for (const half of [0, 8]) {
    code.push(
      I32_CONST,
      ...sleb(k.tags),
      I32_CONST,
      ...sleb(k.message),
      ...pad16(A),
      I32_ADD,
      ...get(N),
      I32_ADD,
    );
    code.push(I64_LOAD, ...memarg(0, half), I64_STORE, ...memarg(0, half));
  }
  prepare(code, k);
  mac(code, k, [I32_CONST, ...sleb(k.tags + 16)]);
  // Constant-time comparison: OR of the XORs of both halves, one branch on the result (RFC 8439 §4).
  const at = (o: number) => [I32_CONST, ...sleb(k.tags), I64_LOAD, ...memarg(0, o)];
  code.push(...at(0), ...at(16), I64_XOR, ...at(8), ...at(24), I64_XOR, I64_OR, I64_EQZ, ...set(I));
  code.push(...get(I), IF, VOID);
  crypt(code, k);
  code.push(END);
  wipe(code, k);
  code.push(...get(I));
  return body([[4, I32]], code);
}
