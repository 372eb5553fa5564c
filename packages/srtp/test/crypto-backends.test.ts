import { nobleCryptoBackend } from '../src/index.js';
import { hex, nodeCryptoBackend } from './helpers.js';

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + 5) & 0xff);
}

describe('node and noble primitives agree outside the SRTP fast paths', () => {
  test.each([16, 24, 32])(
    'AES-CTR with a %i-octet key: any IV (carry past 16 bits), lengths, unaligned buffers',
    (keyLength) => {
      const key = bytes(keyLength, 1);
      const node = nodeCryptoBackend.aesCtr(key);
      const noble = nobleCryptoBackend.aesCtr(key);
      const ivs = [
        bytes(16, 2),
        new Uint8Array(16).fill(0xff),
        Uint8Array.of(...bytes(14, 3), 0xff, 0xf0),
        new Uint8Array(16),
      ];
      for (const iv of ivs) {
        for (const n of [1, 3, 15, 16, 17, 1188, 1201, 70_000]) {
          const input = bytes(n + 3, n).subarray(3); // unaligned input
          const outA = new Uint8Array(n + 1).subarray(1); // unaligned output
          const outB = new Uint8Array(n);
          node.xor(iv, input, outA);
          noble.xor(iv, input, outB);
          expect(hex(outA)).toBe(hex(outB));
          const aligned = new Uint8Array(n);
          node.xor(iv, input, aligned);
          expect(hex(aligned)).toBe(hex(outB));
        }
      }
    },
  );

  test('HMAC-SHA1: short, 64-octet and long keys; empty, large and oversized messages', () => {
    for (const keyLength of [20, 64, 100]) {
      const key = bytes(keyLength, 4);
      const node = nodeCryptoBackend.hmacSha1(key);
      const noble = nobleCryptoBackend.hmacSha1(key);
      for (const n of [0, 1, 1500, 5000, 70_000]) {
        const data = bytes(n, 5);
        expect(hex(node.mac(data, undefined))).toBe(hex(noble.mac(data, undefined)));
        expect(hex(node.mac(data, Uint8Array.of(0, 0, 1, 2)))).toBe(
          hex(noble.mac(data, Uint8Array.of(0, 0, 1, 2))),
        );
      }
    }
  });
});
