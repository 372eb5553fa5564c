import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { sharedChaChaKernel } from '../src/crypto/chacha20-poly1305-kernel.js';
import { ChaCha20Poly1305, createChaCha20Poly1305, recordAeadFactory, TableGcm } from '../src/index.js';
import { nodeCryptoBackend } from './helpers.js';

// AEAD_CHACHA20_POLY1305 (src/crypto/chacha20-poly1305.ts) against OpenSSL's on many lengths,
// both kernels; rejection of every tampered or truncated input; memory growth; the factory.

function nodeSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = nodeCrypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  c.setAAD(aad, { plaintextLength: pt.length });
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

const random = (n: number) => Uint8Array.from(nodeCrypto.randomBytes(n));
/** Octet equality (jest's toEqual walks large typed arrays element by element, slowly). */
const same = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && Buffer.from(a).equals(Buffer.from(b));
const KERNELS = [
  ['SIMD', true],
  ['scalar', false],
] as const;
/** Block and padding edges, a DTLS data-channel record, the DTLS maximum and beyond. */
const LENGTHS = [
  0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 255, 256, 257, 1191, 1200, 16384, 16385, 18432, 70000,
];
const AAD_LENGTHS = [0, 1, 13, 15, 16, 17, 33];

describe.each(KERNELS)('%s kernel', (_name, simd) => {
  test.each(LENGTHS)(
    'plaintext of %i octets: identical to node:crypto for several AAD lengths, opens back',
    (n) => {
      for (const a of AAD_LENGTHS) {
        const key = random(32);
        const nonce = random(12);
        const aad = random(a);
        const pt = random(n);
        const aead = new ChaCha20Poly1305(key, { simd });
        const sealed = aead.seal(nonce, aad, pt);
        expect(same(sealed, nodeSeal(key, nonce, aad, pt))).toBe(true);
        expect(same(aead.open(nonce, aad, sealed), pt)).toBe(true);
      }
    },
  );

  test('random keys, nonces, AAD and plaintexts (property): same as node:crypto, open inverts seal', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 2048 }),
        (key, nonce, aad, pt) => {
          const aead = new ChaCha20Poly1305(key, { simd });
          const sealed = aead.seal(nonce, aad, pt);
          expect(same(sealed, nodeSeal(key, nonce, aad, pt))).toBe(true);
          expect(same(aead.open(nonce, aad, sealed), pt)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('interleaved instances with different keys share the kernel without mixing state', () => {
    const keys = [random(32), random(32), random(32)];
    const aeads = keys.map((k) => new ChaCha20Poly1305(k, { simd }));
    for (let i = 0; i < 30; i++) {
      const k = i % 3;
      const nonce = random(12);
      const aad = random(13);
      const pt = random(1191 - i);
      const sealed = aeads[k]!.seal(nonce, aad, pt);
      expect(same(sealed, nodeSeal(keys[k]!, nonce, aad, pt))).toBe(true);
      // The other keys must not open it.
      expect(aeads[(k + 1) % 3]!.open(nonce, aad, sealed)).toBeUndefined();
      expect(same(aeads[k]!.open(nonce, aad, sealed), pt)).toBe(true);
    }
  });
});

describe('rejection: nothing is released for a forged or damaged message', () => {
  const key = random(32);
  const nonce = random(12);
  const aad = random(13);
  const pt = random(1191);
  const aead = new ChaCha20Poly1305(key);
  const sealed = aead.seal(nonce, aad, pt);
  const flip = (b: Uint8Array, bit: number) => {
    const c = b.slice();
    c[bit >> 3]! ^= 1 << (bit & 7);
    return c;
  };

  test.each([0, 7, 64, 127])('flipped tag bit %i', (bit) => {
    expect(aead.open(nonce, aad, flip(sealed, 8 * 1191 + bit))).toBeUndefined();
  });

  test.each([0, 9, 8 * 64, 8 * 1190 + 7])('flipped ciphertext bit %i', (bit) => {
    expect(aead.open(nonce, aad, flip(sealed, bit))).toBeUndefined();
  });

  test.each([0, 50, 103])('flipped AAD bit %i', (bit) => {
    expect(aead.open(nonce, flip(aad, bit), sealed)).toBeUndefined();
  });

  test('wrong nonce, longer or shorter AAD', () => {
    expect(aead.open(flip(nonce, 95), aad, sealed)).toBeUndefined();
    expect(aead.open(nonce, aad.subarray(0, 12), sealed)).toBeUndefined();
    expect(aead.open(nonce, Uint8Array.of(...aad, 0), sealed)).toBeUndefined();
  });

  test.each([0, 1, 15, 16, 17, 1206])('truncated to %i octets', (n) => {
    expect(aead.open(nonce, aad, sealed.subarray(0, n))).toBeUndefined();
  });

  test('extended by an octet', () => {
    expect(aead.open(nonce, aad, Uint8Array.of(...sealed, 0))).toBeUndefined();
  });

  test('random forgeries of every length up to 80 (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (forged) => {
        expect(aead.open(nonce, aad, forged)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  test('a rejected message leaves no plaintext (nor the key) in the kernel memory', () => {
    const secret = random(1191);
    const fresh = aead.seal(nonce, aad, secret);
    expect(aead.open(nonce, aad, flip(fresh, 8 * 1191))).toBeUndefined();
    const memory = Buffer.from(sharedChaChaKernel()!.bytes());
    expect(memory.indexOf(Buffer.from(secret.subarray(0, 32)))).toBe(-1);
    expect(memory.indexOf(Buffer.from(secret.subarray(1000, 1032)))).toBe(-1);
    expect(memory.indexOf(Buffer.from(key))).toBe(-1);
  });

  test('a rejected message leaves the next genuine one intact', () => {
    expect(aead.open(nonce, aad, flip(sealed, 3))).toBeUndefined();
    expect(same(aead.open(nonce, aad, sealed), pt)).toBe(true);
  });
});

test('bad arguments are RangeErrors; an out-of-room sealInto writes nothing', () => {
  expect(() => new ChaCha20Poly1305(random(16))).toThrow(RangeError);
  const aead = new ChaCha20Poly1305(random(32));
  expect(() => aead.seal(random(8), random(13), random(10))).toThrow(RangeError);
  expect(() => aead.open(random(16), random(13), random(40))).toThrow(RangeError);
  const out = new Uint8Array(25);
  expect(() => aead.sealInto(out, 0, random(12), random(13), random(10))).toThrow(RangeError);
  expect(out).toEqual(new Uint8Array(25));
});

test('memory grows for a message that does not fit (1 MiB + 3) and later small ones still work', () => {
  const key = random(32);
  const aead = new ChaCha20Poly1305(key);
  const nonce = random(12);
  const big = random((1 << 20) + 3);
  const sealed = aead.seal(nonce, random(0), big);
  expect(same(sealed, nodeSeal(key, nonce, new Uint8Array(0), big))).toBe(true);
  expect(same(aead.open(nonce, new Uint8Array(0), sealed), big)).toBe(true);
  const small = random(100);
  expect(same(aead.open(nonce, random(0), aead.seal(nonce, random(0), small)), small)).toBe(true);
});

test('createChaCha20Poly1305 and recordAeadFactory', () => {
  expect(createChaCha20Poly1305(random(32))).toBeInstanceOf(ChaCha20Poly1305);
  expect(createChaCha20Poly1305(random(31))).toBeUndefined();
  const factory = recordAeadFactory({ backend: nodeCryptoBackend });
  expect(factory('chacha20-poly1305', random(32))).toBeInstanceOf(ChaCha20Poly1305);
  expect(factory('chacha20-poly1305', random(16))).toBeUndefined();
  expect(factory('aes-128-gcm', random(16))).toBeInstanceOf(TableGcm);
  expect(factory('aes-256-gcm', random(32))).toBeInstanceOf(TableGcm);
  expect(factory('aes-128-ccm', random(16))).toBeUndefined();
});
