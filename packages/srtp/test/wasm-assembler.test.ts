import * as nodeCrypto from 'node:crypto';
import { chachaModuleBytes, createChaChaKernel } from '../src/crypto/chacha20-poly1305-kernel.js';
import { ghashModuleBytes } from '../src/crypto/ghash-wasm.js';
import { Code, instantiate } from '../src/crypto/wasm-assembler.js';

// The byte writer the kernels are assembled with (src/crypto/wasm-assembler.ts): LEB128 encodings
// (WebAssembly core spec §5.2.2), growth, whole modules that validate, and the fallback to the
// scalar ChaCha20 kernel where a host rejects the vector module.

const octets = (c: Code) => [...c.finish()];

describe('Code', () => {
  test.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [624485, [0xe5, 0x8e, 0x26]],
    [0xffffffff, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('u32(%i) is unsigned LEB128', (n, expected) => {
    expect(octets(new Code(1).u32(n))).toEqual(expected);
  });

  test.each([
    [0, [0x00]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [-1, [0x7f]],
    [-64, [0x40]],
    [-65, [0xbf, 0x7f]],
    [-123456, [0xc0, 0xbb, 0x78]],
    [0x7fffffff, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [-0x80000000, [0x80, 0x80, 0x80, 0x80, 0x78]],
  ])('s32(%i) is signed LEB128', (n, expected) => {
    expect(octets(new Code(1).s32(n))).toEqual(expected);
  });

  test('grows past its capacity and keeps every octet in order', () => {
    const c = new Code(1);
    const other = new Code(3).op(7, 8, 9);
    const expected: number[] = [];
    for (let i = 0; i < 5000; i++) {
      c.op(i & 0xff).append(other);
      expected.push(i & 0xff, 7, 8, 9);
    }
    expect(c.length).toBe(20000);
    expect(octets(c)).toEqual(expected);
  });

  test('repeat writes the octets from a mark again, past the capacity', () => {
    const c = new Code(4).op(9);
    const from = c.length;
    c.op(1, 2, 3).repeat(from, 3).op(4);
    expect(octets(c)).toEqual([9, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 4]);
    expect(octets(new Code(2).op(5).repeat(1, 4))).toEqual([5]);
  });

  test('local, constant and memory instructions encode their immediates', () => {
    expect(octets(new Code().get(200).set(1).tee(2))).toEqual([0x20, 0xc8, 0x01, 0x21, 0x01, 0x22, 0x02]);
    expect(octets(new Code().i32(-16).i64(1 << 26))).toEqual([0x41, 0x70, 0x42, 0x80, 0x80, 0x80, 0x20]);
    expect(octets(new Code().mem(0x28, 2, 300).simd(0xae).simdMem(0x0b, 4, 16))).toEqual([
      0x28, 0x02, 0xac, 0x02, 0xfd, 0xae, 0x01, 0xfd, 0x0b, 0x04, 0x10,
    ]);
  });
});

describe('modules', () => {
  test.each([
    ['ChaCha20-Poly1305, SIMD', () => chachaModuleBytes(true)],
    ['ChaCha20-Poly1305, scalar', () => chachaModuleBytes(false)],
    ['GHASH, window 3', () => ghashModuleBytes(3)],
    ['GHASH, window 8', () => ghashModuleBytes(8)],
  ])('%s validates', (_name, bytes) => {
    expect(WebAssembly.validate(bytes())).toBe(true);
  });

  test('instantiate returns undefined for bytes the host rejects', () => {
    const bytes = chachaModuleBytes(false);
    expect(instantiate(bytes.subarray(0, bytes.length - 1))).toBeUndefined();
    expect(instantiate(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0))).toBeUndefined();
  });
});

describe('a host that rejects the vector module', () => {
  const real = globalThis.WebAssembly;
  afterEach(() => {
    globalThis.WebAssembly = real;
  });

  test('gets the scalar kernel, which matches node:crypto', () => {
    const vector = Buffer.from(chachaModuleBytes(true));
    let rejected = 0;
    globalThis.WebAssembly = {
      Instance: real.Instance,
      Module: function Module(bytes: Uint8Array) {
        if (Buffer.from(bytes).equals(vector)) {
          rejected++;
          throw new real.CompileError('no SIMD here');
        }
        return new real.Module(bytes);
      },
    } as unknown as typeof WebAssembly;
    const kernel = createChaChaKernel(true);
    expect(rejected).toBe(1);
    expect(kernel?.simd).toBe(false);

    globalThis.WebAssembly = real;
    const key = Uint8Array.from(nodeCrypto.randomBytes(32));
    const nonce = Uint8Array.from(nodeCrypto.randomBytes(12));
    const data = Uint8Array.from(nodeCrypto.randomBytes(300));
    const m = kernel?.bytes(4096) as Uint8Array;
    // Keystream from counter 0 (RFC 8439 §2.4) against node:crypto's raw ChaCha20 (16-octet IV:
    // the 32-bit counter, little-endian, then the nonce).
    m.set(Buffer.from('expand 32-byte k'), 0);
    m.set(key, 16);
    m.fill(0, 48, 52);
    m.set(nonce, 52);
    kernel?.keystream(1024, 5);
    const iv = Buffer.concat([Buffer.alloc(4), nonce]);
    const expected = nodeCrypto.createCipheriv('chacha20', key, iv).update(data);
    const ours = Buffer.from(m.subarray(1024, 1024 + 300)).map((x, i) => x ^ (data[i] as number));
    expect(Buffer.from(ours).equals(expected)).toBe(true);
  });

  test('without WebAssembly there is no kernel', () => {
    globalThis.WebAssembly = undefined as unknown as typeof WebAssembly;
    expect(createChaChaKernel(true)).toBeUndefined();
  });
});
