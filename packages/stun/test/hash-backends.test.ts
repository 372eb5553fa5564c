import fc from 'fast-check';
import { nobleBackend } from '../src/crypto/noble.js';
import { createNodeBackend } from '../src/crypto/node.js';

const node = createNodeBackend()!;

function adjusted(message: Uint8Array, length: number): Uint8Array {
  const copy = message.slice();
  copy[2] = length >>> 8;
  copy[3] = length & 0xff;
  return copy;
}

describe('node:crypto and @noble/hashes backends agree', () => {
  it('node backend is available on Node', () => {
    expect(node.name).toBe('node');
  });

  it('HMAC-SHA1/SHA256 over random messages and keys, without modifying the input (2,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 300 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.integer({ min: 0, max: 0xffff }),
        (message, key, length) => {
          const before = message.slice();
          const expected1 = node.hmacSha1(key, adjusted(message, length), length);
          const expected256 = node.hmacSha256(key, adjusted(message, length), length);
          expect(Array.from(node.hmacSha1(key, message, length))).toEqual(Array.from(expected1));
          expect(Array.from(nobleBackend.hmacSha1(key, message, length))).toEqual(Array.from(expected1));
          expect(Array.from(nobleBackend.hmacSha256(key, message, length))).toEqual(Array.from(expected256));
          expect(message).toEqual(before);
        },
      ),
      { seed: 42, numRuns: 2_000 },
    );
  });

  it('the noble per-key state cache follows a key array that the caller mutates', () => {
    const key = Uint8Array.of(1, 2, 3, 4);
    const msg = new Uint8Array(40).fill(9);
    const a = nobleBackend.hmacSha1(key, msg, 20);
    key[0] = 99;
    const b = nobleBackend.hmacSha1(key, msg, 20);
    expect(Array.from(b)).toEqual(Array.from(node.hmacSha1(key, msg, 20)));
    expect(Array.from(b)).not.toEqual(Array.from(a));
  });

  it('MD5, SHA-256 and constant-time comparison', () => {
    const data = new TextEncoder().encode('user:realm:pass');
    expect(Array.from(nobleBackend.md5(data))).toEqual(Array.from(node.md5(data)));
    expect(Array.from(nobleBackend.sha256(data))).toEqual(Array.from(node.sha256(data)));
    for (const b of [nobleBackend, node]) {
      expect(b.equalPrefix(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4), 2)).toBe(true);
      expect(b.equalPrefix(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4), 3)).toBe(false);
      expect(b.equalPrefix(Uint8Array.of(1), Uint8Array.of(1, 2), 2)).toBe(false);
    }
  });
});
