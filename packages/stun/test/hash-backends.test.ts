import fc from 'fast-check';
import { constantTimeEqualAt } from '../src/crypto/backend.js';
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
          const expected1 = node.hmacSha1(key, adjusted(message, length), message.length, length);
          const expected256 = node.hmacSha256(key, adjusted(message, length), message.length, length);
          expect(Array.from(node.hmacSha1(key, message, message.length, length))).toEqual(
            Array.from(expected1),
          );
          expect(Array.from(nobleBackend.hmacSha1(key, message, message.length, length))).toEqual(
            Array.from(expected1),
          );
          expect(Array.from(nobleBackend.hmacSha256(key, message, message.length, length))).toEqual(
            Array.from(expected256),
          );
          // Hashing only a prefix [0, end) agrees too.
          const end = 20 + ((message.length - 20) >> 1);
          const prefix = node.hmacSha1(key, adjusted(message.subarray(0, end), length), end, length);
          expect(Array.from(node.hmacSha1(key, message, end, length))).toEqual(Array.from(prefix));
          expect(Array.from(nobleBackend.hmacSha1(key, message, end, length))).toEqual(Array.from(prefix));
          expect(message).toEqual(before);
        },
      ),
      { seed: 42, numRuns: 2_000 },
    );
  });

  it('the noble per-key state cache follows a key array that the caller mutates', () => {
    const key = Uint8Array.of(1, 2, 3, 4);
    const msg = new Uint8Array(40).fill(9);
    const a = nobleBackend.hmacSha1(key, msg, 40, 20);
    key[0] = 99;
    const b = nobleBackend.hmacSha1(key, msg, 40, 20);
    expect(Array.from(b)).toEqual(Array.from(node.hmacSha1(key, msg, 40, 20)));
    expect(Array.from(b)).not.toEqual(Array.from(a));
  });

  it('MD5, SHA-256 and constant-time comparison', () => {
    const data = new TextEncoder().encode('user:realm:pass');
    expect(Array.from(nobleBackend.md5(data))).toEqual(Array.from(node.md5(data)));
    expect(Array.from(nobleBackend.sha256(data))).toEqual(Array.from(node.sha256(data)));
    expect(constantTimeEqualAt(Uint8Array.of(2, 3), Uint8Array.of(1, 2, 3), 1, 2)).toBe(true);
    expect(constantTimeEqualAt(Uint8Array.of(2, 4), Uint8Array.of(1, 2, 3), 1, 2)).toBe(false);
    expect(constantTimeEqualAt(Uint8Array.of(9, 3), Uint8Array.of(1, 2, 3), 1, 2)).toBe(false);
    expect(constantTimeEqualAt(Uint8Array.of(2, 3), Uint8Array.of(1, 2, 3), 2, 2)).toBe(false); // past the end
    expect(constantTimeEqualAt(Uint8Array.of(2), Uint8Array.of(1, 2, 3), 1, 2)).toBe(false); // mac too short
  });
});

describe('Buffer inputs', () => {
  it('the noble key cache copies a Buffer key (Buffer#slice would alias it)', () => {
    const key = Buffer.from([1, 2, 3, 4]);
    const msg = new Uint8Array(40).fill(9);
    nobleBackend.hmacSha1(key, msg, 40, 20);
    key[0] = 99;
    expect(Array.from(nobleBackend.hmacSha1(key, msg, 40, 20))).toEqual(
      Array.from(node.hmacSha1(key, msg, 40, 20)),
    );
  });
});
