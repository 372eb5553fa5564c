import { readFileSync } from 'node:fs';
import {
  chacha20,
  createChaChaKernel,
  poly1305,
  sharedChaChaKernel,
} from '../src/crypto/chacha20-poly1305-kernel.js';
import { ChaCha20Poly1305 } from '../src/index.js';
import { hex, unhex } from './helpers.js';

// RFC 8439 vectors (test/fixtures/chacha20-poly1305-rfc8439.json): the ChaCha20 block function
// and cipher (§2.3.2, §2.4.2, A.1, A.2), Poly1305 (§2.5.2, A.3 including the reduction corner
// cases #5-#11), one-time key generation (§2.6.2, A.4) and the AEAD (§2.8.2, A.5), on both the
// SIMD kernel and the scalar one.

interface Fixture {
  chacha20: {
    name: string;
    key: string;
    nonce: string;
    counter: number;
    plaintext: string;
    ciphertext: string;
  }[];
  poly1305: { name: string; key: string; message: string; tag: string }[];
  keyGen: { name: string; key: string; nonce: string; oneTimeKey: string }[];
  aead: {
    name: string;
    key: string;
    nonce: string;
    aad: string;
    plaintext: string;
    ciphertext: string;
    tag: string;
  }[];
}

const F = JSON.parse(
  readFileSync(new URL('./fixtures/chacha20-poly1305-rfc8439.json', import.meta.url), 'utf8'),
) as Fixture;
const named = <T extends { name: string }>(v: T[]): [string, T][] => v.map((x) => [x.name, x]);

const KERNELS = [
  ['SIMD', true],
  ['scalar', false],
] as const;

test('this host runs the SIMD kernel (Node 20 validates WebAssembly SIMD)', () => {
  expect(sharedChaChaKernel(true)?.simd).toBe(true);
  expect(sharedChaChaKernel(false)?.simd).toBe(false);
});

describe.each(KERNELS)('%s kernel', (_name, simd) => {
  const kernel = createChaChaKernel(simd)!;

  test.each(named(F.chacha20))('ChaCha20 %s', (_n, v) => {
    expect(hex(chacha20(kernel, unhex(v.key), v.counter, unhex(v.nonce), unhex(v.plaintext)))).toBe(
      v.ciphertext,
    );
  });

  test.each(named(F.poly1305))('Poly1305 %s', (_n, v) => {
    expect(hex(poly1305(kernel, unhex(v.key), unhex(v.message)))).toBe(v.tag);
  });

  test.each(named(F.keyGen))('Poly1305 key generation %s (block 0, first 32 octets)', (_n, v) => {
    const block = chacha20(kernel, unhex(v.key), 0, unhex(v.nonce), new Uint8Array(64));
    expect(hex(block.subarray(0, 32))).toBe(v.oneTimeKey);
  });

  test.each(named(F.aead))('AEAD %s: seal, open, sealInto at an offset', (_n, v) => {
    const aead = new ChaCha20Poly1305(unhex(v.key), { simd });
    expect(aead.simd).toBe(simd);
    const nonce = unhex(v.nonce);
    const aad = unhex(v.aad);
    const sealed = aead.seal(nonce, aad, unhex(v.plaintext));
    expect(hex(sealed)).toBe(v.ciphertext + v.tag);
    const opened = aead.open(nonce, aad, unhex(v.ciphertext + v.tag));
    expect(opened && hex(opened)).toBe(v.plaintext);
    const out = new Uint8Array(sealed.length + 7).fill(0xee);
    aead.sealInto(out, 5, nonce, aad, unhex(v.plaintext));
    expect(hex(out)).toBe(`eeeeeeeeee${v.ciphertext}${v.tag}eeee`);
  });
});
