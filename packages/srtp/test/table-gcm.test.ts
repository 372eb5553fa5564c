import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { createTableGcm, TableGcm, tableGcmFactory } from '../src/index.js';
import { BACKENDS, hex, loadVectors, nodeCryptoBackend, unhex } from './helpers.js';

// The public AES-GCM primitive (src/crypto/table-gcm.ts): RFC 7714 §16/§17 vectors used as plain
// GCM (key, IV, AAD, plaintext -> ciphertext, tag), identity with OpenSSL's GCM on random input,
// and rejection of every tampered or truncated input.

interface Vector {
  id: string;
  operation: 'enc' | 'dec' | 'tag' | 'verify';
  key_hex: string;
  iv_hex: string;
  aad_hex: string;
  pt_hex?: string;
  ciphertext_before_tag_hex?: string;
  ct_and_tag_hex?: string;
  tag_hex: string;
}

const VECTORS = (loadVectors('srtp-aead-rfc7714.json').vectors as Vector[]).map((v): [string, Vector] => [
  v.id,
  v,
]);

function nodeGcm(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = nodeCrypto.createCipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, nonce);
  c.setAAD(aad);
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
}

describe.each(BACKENDS)('TableGcm on the %s AES backend', (_name, backend) => {
  test.each(VECTORS)('%s', (_id, v) => {
    const gcm = new TableGcm(unhex(v.key_hex), { backend });
    const iv = unhex(v.iv_hex);
    const aad = unhex(v.aad_hex);
    const tag = v.tag_hex;
    if (v.operation === 'enc') {
      const sealed = gcm.seal(iv, aad, unhex(v.pt_hex!));
      expect(hex(sealed)).toBe(v.ciphertext_before_tag_hex! + tag);
    } else if (v.operation === 'dec') {
      const sealed = unhex(v.ct_and_tag_hex!);
      const pt = gcm.open(iv, aad, sealed);
      expect(pt).toBeDefined();
      expect(hex(gcm.seal(iv, aad, pt!))).toBe(v.ct_and_tag_hex);
    } else {
      // Authentication only: empty plaintext, the whole packet as AAD.
      expect(hex(gcm.seal(iv, aad, new Uint8Array(0)))).toBe(tag);
      expect(gcm.open(iv, aad, unhex(tag))).toEqual(new Uint8Array(0));
    }
  });
});

test('createTableGcm: available on this host; bad keys give undefined', () => {
  expect(createTableGcm(new Uint8Array(16), { backend: nodeCryptoBackend })).toBeInstanceOf(TableGcm);
  expect(createTableGcm(new Uint8Array(24), { backend: nodeCryptoBackend })).toBeUndefined();
  const factory = tableGcmFactory({ backend: nodeCryptoBackend });
  expect(factory('aes-128-gcm', new Uint8Array(16))).toBeInstanceOf(TableGcm);
  expect(factory('aes-256-gcm', new Uint8Array(32))).toBeInstanceOf(TableGcm);
  expect(factory('aes-128-gcm', new Uint8Array(32))).toBeUndefined();
  expect(factory('chacha20-poly1305', new Uint8Array(32))).toBeUndefined();
});

test('sealInto writes at an offset and leaves the rest of the buffer alone', () => {
  const key = nodeCrypto.randomBytes(16);
  const gcm = new TableGcm(key, { backend: nodeCryptoBackend });
  const nonce = nodeCrypto.randomBytes(12);
  const aad = nodeCrypto.randomBytes(13);
  const pt = nodeCrypto.randomBytes(1200);
  const out = new Uint8Array(21 + 1216 + 3).fill(0xa5);
  gcm.sealInto(out, 21, nonce, aad, pt);
  expect(hex(out.subarray(21, 21 + 1216))).toBe(hex(nodeGcm(key, nonce, aad, pt)));
  expect(out.subarray(0, 21).every((b) => b === 0xa5)).toBe(true);
  expect(out.subarray(21 + 1216).every((b) => b === 0xa5)).toBe(true);
});

test('== OpenSSL GCM for random keys, nonces (sequential runs, jumps, counter wrap) and sizes (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.boolean(),
      fc.uint8Array({ minLength: 12, maxLength: 12 }),
      fc.array(fc.tuple(fc.integer({ min: -3, max: 20 }), fc.integer({ min: 0, max: 2100 })), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.uint8Array({ maxLength: 40 }),
      (aes256, start, steps, aad) => {
        const key = nodeCrypto.randomBytes(aes256 ? 32 : 16);
        const gcm = new TableGcm(key, { backend: nodeCryptoBackend });
        const nonce = Uint8Array.from(start);
        const view = new DataView(nonce.buffer);
        for (const [step, size] of steps) {
          // Move the low 32 bits (wrapping) as a record layer's sequence number would, or jump.
          view.setUint32(8, (view.getUint32(8) + step) >>> 0);
          const pt = nodeCrypto.randomBytes(size);
          const want = nodeGcm(key, nonce, aad, pt);
          const sealed = gcm.seal(nonce, aad, pt);
          expect(hex(sealed)).toBe(hex(want));
          expect(hex(gcm.open(nonce, aad, sealed)!)).toBe(hex(pt));
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('== OpenSSL GCM for unrelated nonces (a peer whose explicit nonces are random) (fast-check)', () => {
  const key = nodeCrypto.randomBytes(16);
  const gcm = new TableGcm(key, { backend: nodeCryptoBackend });
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 12, maxLength: 12 }),
      fc.integer({ min: 0, max: 1600 }),
      (nonce, size) => {
        const pt = nodeCrypto.randomBytes(size);
        const sealed = gcm.seal(nonce, pt.subarray(0, 13), pt);
        expect(hex(sealed)).toBe(hex(nodeGcm(key, nonce, pt.subarray(0, 13), pt)));
        expect(hex(gcm.open(nonce, pt.subarray(0, 13), sealed)!)).toBe(hex(pt));
      },
    ),
    { numRuns: 200 },
  );
});

describe('open rejects (negative)', () => {
  const key = nodeCrypto.randomBytes(16);
  const gcm = new TableGcm(key, { backend: nodeCryptoBackend });
  const nonce = nodeCrypto.randomBytes(12);
  const aad = nodeCrypto.randomBytes(13);
  const pt = nodeCrypto.randomBytes(300);
  const sealed = gcm.seal(nonce, aad, pt);

  test('any flipped bit in ciphertext or tag (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sealed.length * 8 - 1 }), (bit) => {
        const bad = sealed.slice();
        bad[bit >>> 3] = (bad[bit >>> 3] as number) ^ (1 << (bit & 7));
        expect(gcm.open(nonce, aad, bad)).toBeUndefined();
      }),
    );
  });

  test('a forged (zero) tag, a wrong nonce, a wrong AAD', () => {
    const forged = sealed.slice();
    forged.fill(0, forged.length - 16);
    expect(gcm.open(nonce, aad, forged)).toBeUndefined();
    const n2 = nonce.slice();
    n2[11] = (n2[11] as number) ^ 1;
    expect(gcm.open(n2, aad, sealed)).toBeUndefined();
    const a2 = aad.slice();
    a2[0] = (a2[0] as number) ^ 0x80;
    expect(gcm.open(nonce, a2, sealed)).toBeUndefined();
    expect(gcm.open(nonce, aad.subarray(1), sealed)).toBeUndefined();
  });

  test('truncated input: shorter than a tag, or cut anywhere', () => {
    for (let len = 0; len < 16; len++) expect(gcm.open(nonce, aad, sealed.subarray(0, len))).toBeUndefined();
    for (const cut of [1, 15, 16, 17, 299])
      expect(gcm.open(nonce, aad, sealed.subarray(0, sealed.length - cut))).toBeUndefined();
    expect(gcm.open(nonce, aad, sealed.subarray(1))).toBeUndefined();
  });

  test('a nonce that is not 12 octets is a caller error', () => {
    expect(() => gcm.seal(new Uint8Array(8), aad, pt)).toThrow(RangeError);
    expect(() => gcm.open(new Uint8Array(16), aad, sealed)).toThrow(RangeError);
  });
});
