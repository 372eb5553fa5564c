import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { Ghash, ghashAvailable } from '../src/crypto/ghash.js';
import { instantiateGhashKernel } from '../src/crypto/ghash-wasm.js';
import {
  createTransform,
  type GcmMode,
  nobleCryptoBackend,
  type SessionKeys,
  SRTP_PROFILES,
  SrtpError,
  SrtpSession,
} from '../src/index.js';
import { hex, nodeCryptoBackend, rtpPacket } from './helpers.js';

// The 'table' and 'table8' GCM modes (src/transform/gcm-split.ts: batched AES keystream + GHASH in
// WebAssembly) must produce the bytes of a whole-AEAD GCM on every input, and reject every
// tampered packet.

function keys(keyLength: number, seed: number): SessionKeys {
  const key = new Uint8Array(keyLength).map((_, i) => (i * 31 + seed) & 0xff);
  const salt = new Uint8Array(12).map((_, i) => (i * 17 + seed * 3) & 0xff);
  const none = new Uint8Array(0);
  return {
    rtpEncryptionKey: key,
    rtpAuthenticationKey: none,
    rtpSalt: salt,
    rtcpEncryptionKey: key,
    rtcpAuthenticationKey: none,
    rtcpSalt: salt,
  };
}

const PROFILES = [SRTP_PROFILES.SRTP_AEAD_AES_128_GCM, SRTP_PROFILES.SRTP_AEAD_AES_256_GCM];

test('the table path is available on this host (little-endian, WebAssembly)', () => {
  expect(ghashAvailable()).toBe(true);
  expect(instantiateGhashKernel(3)).toBeDefined();
  expect(instantiateGhashKernel(8)).toBeDefined();
});

const CASES = PROFILES.flatMap((profile) =>
  (['table', 'table8'] as const).map((mode): [string, GcmMode, typeof profile] => [
    profile.name,
    mode,
    profile,
  ]),
);

describe.each(CASES)('%s: gcm %s == aead', (_name, mode, profile) => {
  test('random packets, headers with CSRCs and extensions, any SSRC/ROC/SEQ (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.uint8Array({ maxLength: 1600 }),
        fc.integer({ min: 0, max: 15 }),
        fc.option(fc.integer({ min: 0, max: 20 })),
        (seed, ssrc, roc, seq, payload, cc, ext) => {
          const k = keys(profile.keyLength, seed);
          const table = createTransform(nodeCryptoBackend, profile, k, mode);
          const aead = createTransform(nodeCryptoBackend, profile, k, 'aead');
          const opts =
            ext === null ? { csrcs: Array.from({ length: cc }, (_, i) => i) } : { extensionWords: ext };
          const rtp = rtpPacket(seq, ssrc, payload, opts);
          const headerLength = rtp.length - payload.length;
          const a = table.protectRtp(rtp, headerLength, ssrc, roc, seq);
          expect(hex(a)).toBe(hex(aead.protectRtp(rtp, headerLength, ssrc, roc, seq)));
          expect(hex(table.unprotectRtp(a, headerLength, ssrc, roc, seq) as Uint8Array)).toBe(hex(rtp));
          // Any flipped bit, a wrong ROC or a wrong SSRC fails authentication.
          const bad = a.slice();
          const at = (seed * 7919) % bad.length;
          bad[at] = (bad[at] as number) ^ (1 << (seed & 7));
          expect(table.unprotectRtp(bad, headerLength, ssrc, roc, seq)).toBeUndefined();
          expect(table.unprotectRtp(a, headerLength, ssrc, (roc + 1) >>> 0, seq)).toBeUndefined();
          expect(table.unprotectRtp(a, headerLength, (ssrc ^ 1) >>> 0, roc, seq)).toBeUndefined();
        },
      ),
      { seed: 7714, numRuns: 150 },
    );
  });

  test('a stream of consecutive packets (the keystream batches), late packets and SEQ wrap', () => {
    const k = keys(profile.keyLength, 9);
    const table = createTransform(nodeCryptoBackend, profile, k, mode);
    const aead = createTransform(nodeCryptoBackend, profile, k, 'aead');
    const reader = createTransform(nodeCryptoBackend, profile, k, mode);
    for (let i = 0; i < 400; i++) {
      const late = i % 37 === 36;
      const index = 65500 + (late ? i - 20 : i); // crosses the SEQ wrap: ROC 0 -> 1
      const roc = Math.floor(index / 0x10000);
      const seq = index & 0xffff;
      const ssrc = 0x1000 + (i % 3);
      const payload = new Uint8Array([0, 1, 31, 160, 1188, 1400][i % 6] as number).fill(i & 0xff);
      const rtp = rtpPacket(seq, ssrc, payload);
      const a = table.protectRtp(rtp, 12, ssrc, roc, seq);
      expect(hex(a)).toBe(hex(aead.protectRtp(rtp, 12, ssrc, roc, seq)));
      expect(hex(reader.unprotectRtp(a, 12, ssrc, roc, seq) as Uint8Array)).toBe(hex(rtp));
    }
  });

  test('a payload larger than the GHASH staging area and the keystream cache', () => {
    const k = keys(profile.keyLength, 5);
    const table = createTransform(nodeCryptoBackend, profile, k, mode);
    const aead = createTransform(nodeCryptoBackend, profile, k, 'aead');
    const payload = new Uint8Array(70_001).map((_, i) => (i * 13) & 0xff);
    const rtp = rtpPacket(3, 77, payload);
    const a = table.protectRtp(rtp, 12, 77, 0, 3);
    expect(hex(a)).toBe(hex(aead.protectRtp(rtp, 12, 77, 0, 3)));
    expect(hex(table.unprotectRtp(a, 12, 77, 0, 3) as Uint8Array)).toBe(hex(rtp));
    a[40_000] = (a[40_000] as number) ^ 0x10;
    expect(table.unprotectRtp(a, 12, 77, 0, 3)).toBeUndefined();
  });

  test('on the @noble backend too (its AES-ECB feeds the same GHASH)', () => {
    const k = keys(profile.keyLength, 11);
    const table = createTransform(nobleCryptoBackend, profile, k, mode);
    const aead = createTransform(nobleCryptoBackend, profile, k, 'aead');
    const rtp = rtpPacket(1, 2, new Uint8Array(300).fill(4), { csrcs: [5, 6] });
    const a = table.protectRtp(rtp, 20, 2, 0, 1);
    expect(hex(a)).toBe(hex(aead.protectRtp(rtp, 20, 2, 0, 1)));
    expect(hex(table.unprotectRtp(a, 20, 2, 0, 1) as Uint8Array)).toBe(hex(rtp));
  });
});

describe('Ghash', () => {
  /** GHASH_H(A, C) XOR E_K(J0) is node's GCM tag with IV J0[0..12). */
  function nodeTag(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, ct: Uint8Array): string {
    // GCM tag over ciphertext C: decrypt C with the tag unset is not possible, so encrypt the
    // plaintext that yields C: P = C XOR keystream, which is what GCM encryption of C gives back.
    const p = nodeCrypto.createDecipheriv('aes-128-gcm', key, iv).update(ct);
    const c = nodeCrypto.createCipheriv('aes-128-gcm', key, iv);
    c.setAAD(aad);
    c.update(p);
    c.final();
    return hex(c.getAuthTag());
  }

  test.each([3, 8] as const)('many keys alive at once each keep their own table (window %d)', (window) => {
    const iv = new Uint8Array(12).fill(1);
    const j0 = new Uint8Array(16);
    j0.set(iv);
    j0[15] = 1;
    const made = Array.from({ length: 20 }, (_, i) => {
      const key = new Uint8Array(16).fill(i + 1);
      const ecb = nodeCrypto.createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
      const h = ecb.update(new Uint8Array(16));
      const mask = ecb.update(j0);
      return { key, ghash: new Ghash(h, window), mask };
    });
    const aad = new Uint8Array(13).fill(0xaa);
    const ct = new Uint8Array(100).fill(0x55);
    for (const { key, ghash, mask } of made) {
      const tag = new Uint8Array(16);
      ghash.tag(aad, ct, mask, tag, 0);
      expect(hex(tag)).toBe(nodeTag(key, iv, aad, ct));
    }
  });
});

test('a table mode that cannot be set up falls back to the AEAD path, same bytes, nothing thrown', () => {
  // A backend whose AES block cipher cannot be made once the session keys are derived: the
  // split path fails at the first packet.
  let derived = false;
  const broken = {
    ...nodeCryptoBackend,
    aesCtr: (key: Uint8Array) => {
      if (derived) throw new Error('no AES-ECB here');
      return nodeCryptoBackend.aesCtr(key);
    },
  };
  const k = { key: new Uint8Array(16).fill(1), salt: new Uint8Array(12).fill(2) };
  const keys = { local: k, remote: k };
  const profile = 'SRTP_AEAD_AES_128_GCM';
  const table = new SrtpSession({ profile, keys, crypto: broken, gcm: 'table' });
  const reader = new SrtpSession({ profile, keys, crypto: broken, gcm: 'table' });
  derived = true;
  const aead = new SrtpSession({ profile, keys, crypto: nodeCryptoBackend, gcm: 'aead' });
  const rtp = rtpPacket(5, 6, new Uint8Array(100).fill(7));
  const sealed = table.protectRtp(rtp);
  expect(hex(sealed)).toBe(hex(aead.protectRtp(rtp)));
  const back = reader.unprotectRtp(sealed);
  expect(back.ok && hex(back.packet)).toBe(hex(rtp));
});

test('SrtpSession refuses an unknown gcm mode', () => {
  const k = { key: new Uint8Array(16), salt: new Uint8Array(12) };
  const make = () =>
    new SrtpSession({
      profile: 'SRTP_AEAD_AES_128_GCM',
      keys: { local: k, remote: k },
      gcm: 'fast' as unknown as 'table',
    });
  expect(make).toThrow(SrtpError);
});
