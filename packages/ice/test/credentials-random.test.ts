import { defaultRandom, randomIceString } from '../src/agent/credentials.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('defaultRandom (pooled CSPRNG)', () => {
  it('never hands out the same octets twice, across pool refills', () => {
    const seen = new Set<string>();
    // 12-octet transaction ids (RFC 8489 §5): 2,000 of them cross the 1 KiB pool many times.
    for (let i = 0; i < 2000; i++) {
      const id = new Uint8Array(12);
      defaultRandom(id);
      seen.add(hex(id));
    }
    expect(seen.size).toBe(2000);
  });

  it('fills every octet of requests of any size, including ones larger than the pool', () => {
    for (const n of [1, 4, 7, 12, 1023, 1024, 1025, 4096]) {
      const a = new Uint8Array(n);
      const b = new Uint8Array(n);
      defaultRandom(a);
      defaultRandom(b);
      expect(hex(a)).not.toBe(hex(b));
      if (n >= 64) {
        // Not a stuck or zeroed source: at least half the octet values appear in a large draw.
        expect(new Set(a).size).toBeGreaterThan(Math.min(128, n / 4));
      }
    }
  });

  it('gives ICE strings with the RFC 8839 alphabet, different every time', () => {
    const a = randomIceString(24, defaultRandom);
    const b = randomIceString(24, defaultRandom);
    expect(a).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(a).not.toBe(b);
  });
});
