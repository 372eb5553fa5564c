/**
 * The pieces of a WebAssembly module in its binary format (WebAssembly core spec §5), so that the
 * kernels here (GHASH, ChaCha20, Poly1305) are assembled from their opcodes in TypeScript: no
 * build step, no binary blob. Only what those kernels use is here.
 *
 * Instructions are written straight into one growing Uint8Array (`Code`), not into nested
 * arrays joined by spreads: a process assembles each module once, in code that has not been
 * optimized yet, where every spread and small array costs (the first ChaCha20 record of a
 * process used to spend tens of milliseconds here).
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
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;

// Memory instructions (§5.4.6): written with Code.mem(op, align, offset).
export const I32_LOAD = 0x28;
export const I64_LOAD = 0x29;
export const I32_LOAD8_U = 0x2d;
export const I64_LOAD32_U = 0x35;
export const I32_STORE = 0x36;
export const I64_STORE = 0x37;
export const I32_STORE8 = 0x3a;

// Numeric instructions (§5.4.7).
const I32_CONST = 0x41;
const I64_CONST = 0x42;
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

/** Vector instructions (§5.4.8): the opcode after the 0xfd prefix; written with Code.simd(). */
export const SIMD = {
  V128_LOAD: 0x00,
  V128_LOAD32_SPLAT: 0x09,
  V128_STORE: 0x0b,
  V128_CONST: 0x0c,
  I8X16_SHUFFLE: 0x0d,
  I8X16_SWIZZLE: 0x0e,
  I32X4_SPLAT: 0x11,
  V128_OR: 0x50,
  V128_XOR: 0x51,
  I32X4_SHL: 0xab,
  I32X4_SHR_U: 0xad,
  I32X4_ADD: 0xae,
} as const;

// Value types (§5.3.1).
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/**
 * Bytes of code or of a module, appended to one buffer that doubles when full. (TypeScript
 * `private`, not `#` fields: this runs once per process, in V8's interpreter, where a `#` field
 * access costs a brand check.)
 */
export class Code {
  private buf: Uint8Array;
  private at = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.at;
  }

  /** The buffer, with room for `n` more octets. */
  private room(n: number): Uint8Array {
    const need = this.at + n;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, need));
      grown.set(this.buf.subarray(0, this.at));
      this.buf = grown;
    }
    return this.buf;
  }

  /** Single-octet opcodes and immediates, in order. */
  op(...octets: number[]): this {
    return this.bytes(octets);
  }

  /** Octets as they are (e.g. a 16-octet v128 immediate). */
  bytes(octets: ArrayLike<number>): this {
    const buf = this.room(octets.length);
    for (let i = 0; i < octets.length; i++) buf[this.at++] = octets[i] as number;
    return this;
  }

  append(code: Code): this {
    this.room(code.at).set(code.buf.subarray(0, code.at), this.at);
    this.at += code.at;
    return this;
  }

  /** The octets from `from` to the end, written again `times` more times (e.g. a loop body unrolled). */
  repeat(from: number, times: number): this {
    const n = this.at - from;
    const buf = this.room(n * times);
    for (let i = 0; i < times; i++) {
      buf.copyWithin(this.at, from, from + n);
      this.at += n;
    }
    return this;
  }

  /** Unsigned LEB128 (§5.2.2). */
  u32(n: number): this {
    const buf = this.room(5);
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      buf[this.at++] = b;
    } while (n !== 0);
    return this;
  }

  /** Signed LEB128 (§5.2.2) of a 32-bit integer (|n| < 2^31). */
  s32(n: number): this {
    const buf = this.room(5);
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
        buf[this.at++] = b;
        return this;
      }
      buf[this.at++] = b | 0x80;
    }
  }

  /** An opcode and an unsigned immediate (a local index, an alignment...). */
  private opU32(op: number, n: number): this {
    const buf = this.room(6);
    buf[this.at++] = op;
    if (n < 0x80) {
      buf[this.at++] = n;
      return this;
    }
    return this.u32(n);
  }

  get(local: number): this {
    return this.opU32(LOCAL_GET, local);
  }

  set(local: number): this {
    return this.opU32(LOCAL_SET, local);
  }

  tee(local: number): this {
    return this.opU32(LOCAL_TEE, local);
  }

  /** One octet. */
  private one(octet: number): this {
    this.room(1)[this.at++] = octet;
    return this;
  }

  i32(n: number): this {
    return this.one(I32_CONST).s32(n);
  }

  /** i64.const of a value that fits 32 bits signed (all the kernels need). */
  i64(n: number): this {
    return this.one(I64_CONST).s32(n);
  }

  /** A load or store with its memarg: alignment hint (log2 octets) and constant offset. */
  mem(op: number, align: number, offset: number): this {
    return this.opU32(op, align).u32(offset);
  }

  /** A vector instruction (one of SIMD). */
  simd(op: number): this {
    return this.opU32(0xfd, op);
  }

  /** A vector load or store with its memarg. */
  simdMem(op: number, align: number, offset: number): this {
    return this.simd(op).opU32(align, offset);
  }

  /** A name (§5.2.4): its length, then its UTF-8 octets (ASCII here). */
  name(s: string): this {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.one(s.charCodeAt(i));
    return this;
  }

  /** A copy of the octets written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

/** A function body (§5.5.13): its locals, as runs of [count, type], then `code`, END appended. */
export function body(locals: readonly (readonly [number, number])[], code: Code): Code {
  const head = new Code(16).u32(locals.length);
  for (const [count, type] of locals) head.u32(count).op(type);
  code.op(END);
  return new Code(head.length + code.length + 5)
    .u32(head.length + code.length)
    .append(head)
    .append(code);
}

export interface ModuleFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** From `body()`. */
  readonly body: Code;
}

/** A section (§5.5.2): its id, its size, then the contents written by `write`. */
function section(out: Code, id: number, write: (c: Code) => void): void {
  const contents = new Code(256);
  write(contents);
  out.op(id).u32(contents.length).append(contents);
}

/** A module of exported functions (one type each) and one exported memory of `pages`, growable. */
export function moduleBytes(functions: readonly ModuleFunction[], pages = 1): Uint8Array {
  let size = 256;
  for (const f of functions) size += f.body.length;
  const out = new Code(size).op(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00); // "\0asm", version 1
  section(out, 1, (c) => {
    c.u32(functions.length);
    for (const f of functions) {
      c.op(0x60).u32(f.params.length).bytes(f.params);
      c.u32(f.results.length).bytes(f.results);
    }
  });
  section(out, 3, (c) => {
    c.u32(functions.length);
    for (let i = 0; i < functions.length; i++) c.u32(i);
  });
  section(out, 5, (c) => c.u32(1).op(0x00).u32(pages)); // memory: at least `pages`, no maximum
  section(out, 7, (c) => {
    c.u32(functions.length + 1);
    for (let i = 0; i < functions.length; i++)
      c.name((functions[i] as ModuleFunction).name)
        .op(0x00)
        .u32(i);
    c.name('memory').op(0x02, 0);
  });
  section(out, 10, (c) => {
    c.u32(functions.length);
    for (const f of functions) c.append(f.body);
  });
  return out.finish();
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
}

function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/**
 * A new instance's exports (its own memory), or undefined where WebAssembly is unavailable, may
 * not compile code (e.g. a content security policy that forbids it) or rejects `bytes` (e.g. a
 * host without the vector instructions a module uses: compiling validates, §3).
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
