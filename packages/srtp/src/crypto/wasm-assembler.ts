/**
 * The pieces of a WebAssembly module in its binary format (WebAssembly core spec §5), so that the
 * kernels here (GHASH, ChaCha20, Poly1305) are assembled from their opcodes in TypeScript: no
 * build step, no binary blob. Only what those kernels use is here.
 */

// Control and variable instructions (§5.4.1, §5.4.4).
export const BLOCK = 0x02;
export const LOOP = 0x03;
export const IF = 0x04;
export const ELSE = 0x05;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const RETURN = 0x0f;
export const CALL = 0x10;
export const DROP = 0x1a;
export const VOID = 0x40;
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const LOCAL_TEE = 0x22;

// Memory instructions (§5.4.6).
export const I32_LOAD = 0x28;
export const I64_LOAD = 0x29;
export const I32_LOAD8_U = 0x2d;
export const I64_LOAD32_U = 0x35;
export const I32_STORE = 0x36;
export const I64_STORE = 0x37;
export const I32_STORE8 = 0x3a;

// Numeric instructions (§5.4.7).
export const I32_CONST = 0x41;
export const I64_CONST = 0x42;
export const I64_EQZ = 0x50;
export const I32_EQZ = 0x45;
export const I32_LT_S = 0x48;
export const I32_LT_U = 0x49;
export const I32_LE_S = 0x4c;
export const I32_GE_U = 0x4f;
export const I64_LT_U = 0x54;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_AND = 0x71;
export const I32_OR = 0x72;
export const I32_XOR = 0x73;
export const I32_SHL = 0x74;
export const I32_SHR_U = 0x76;
export const I32_ROTL = 0x77;
export const I64_ADD = 0x7c;
export const I64_SUB = 0x7d;
export const I64_MUL = 0x7e;
export const I64_AND = 0x83;
export const I64_OR = 0x84;
export const I64_XOR = 0x85;
export const I64_SHL = 0x86;
export const I64_SHR_U = 0x88;
export const I32_WRAP_I64 = 0xa7;
export const I64_EXTEND_I32_U = 0xad;

// Vector instructions (§5.4.8): the 0xfd prefix, then the opcode as unsigned LEB128.
const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00];
export const V128_LOAD32_SPLAT = [SIMD, 0x09];
export const V128_STORE = [SIMD, 0x0b];
export const V128_CONST = [SIMD, 0x0c];
export const I8X16_SHUFFLE = [SIMD, 0x0d];
export const I8X16_SWIZZLE = [SIMD, 0x0e];
export const I32X4_SPLAT = [SIMD, 0x11];
export const V128_OR = [SIMD, 0x50];
export const V128_XOR = [SIMD, 0x51];
export const I32X4_SHL = [SIMD, 0xab, 0x01];
export const I32X4_SHR_U = [SIMD, 0xad, 0x01];
export const I32X4_ADD = [SIMD, 0xae, 0x01];

// Value types (§5.3.1).
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 for the small constants used here (|n| < 2^31). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, bytes: number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

export function name(s: string): number[] {
  return vector([...s].map((c) => [c.charCodeAt(0)]));
}

/** A load/store immediate: alignment hint (log2 octets) and constant offset. */
export const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];

export const get = (i: number): number[] => [LOCAL_GET, ...uleb(i)];
export const set = (i: number): number[] => [LOCAL_SET, ...uleb(i)];
export const tee = (i: number): number[] => [LOCAL_TEE, ...uleb(i)];

/** A function body: its locals, as runs of [count, type], then its code (END appended). */
export function body(locals: [number, number][], code: number[]): number[] {
  const bytes = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...code, END];
  return [...uleb(bytes.length), ...bytes];
}

export interface ModuleFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** From `body()`. */
  readonly body: number[];
}

/** A module of exported functions (one type each) and one exported memory of `pages`, growable. */
export function moduleBytes(functions: readonly ModuleFunction[], pages = 1): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...vector(f.params.map((p) => [p])),
    ...vector(f.results.map((r) => [r])),
  ]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])), // memory: at least `pages`, no maximum
    ...section(
      7,
      vector([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]), [...name('memory'), 0x02, 0]]),
    ),
    ...section(10, vector(functions.map((f) => f.body))),
  ]);
}

/** The part of a WebAssembly.Memory used here (the package compiles without DOM typings). */
export interface KernelMemory {
  readonly buffer: ArrayBuffer;
  /** Add pages; returns the previous size in pages. */
  grow(pages: number): number;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  validate(bytes: Uint8Array): boolean;
}

function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/** Whether this host would compile `bytes` (e.g. a module using vector instructions). */
export function validates(bytes: Uint8Array): boolean {
  try {
    return webAssembly()?.validate(bytes) === true;
  } catch {
    return false;
  }
}

/**
 * A new instance's exports (its own memory), or undefined where WebAssembly is unavailable or
 * may not compile code (e.g. a content security policy that forbids it).
 */
export function instantiate<T>(bytes: Uint8Array): T | undefined {
  const wasm = webAssembly();
  if (wasm === undefined) return undefined;
  try {
    return new wasm.Instance(new wasm.Module(bytes), {}).exports as T;
  } catch {
    return undefined;
  }
}
