import {
  crc32,
  decodeMessage,
  encodeMessage,
  getAttribute,
  longTermKey,
  type StunMessage,
  StunMethod,
  shortTermKey,
  verifyFingerprint,
  verifyIntegrity,
  verifyIntegritySha1,
  verifyIntegritySha256,
} from '../src/index.js';
import { fromHex } from './hex.js';

const key = shortTermKey('VOkJxbRl1RmTxUk/WvJxBt');
const msg: StunMessage = {
  class: 'request',
  method: StunMethod.Binding,
  transactionId: fromHex('b7e7a701bc34d686fa87dfae'),
  attributes: [
    { type: 'USERNAME', value: 'evtj:h6vY' },
    { type: 'PRIORITY', value: 1845494271 },
  ],
};

/** Appends a raw attribute to an encoded message and fixes the header length (no MI/FP recomputation). */
function append(bytes: Uint8Array, code: number, value: Uint8Array): Uint8Array {
  const padded = (value.length + 3) & ~3;
  const out = new Uint8Array(bytes.length + 4 + padded);
  out.set(bytes);
  const p = bytes.length;
  out[p] = code >>> 8;
  out[p + 1] = code & 0xff;
  out[p + 2] = value.length >>> 8;
  out[p + 3] = value.length & 0xff;
  out.set(value, p + 4);
  const len = out.length - 20;
  out[2] = len >>> 8;
  out[3] = len & 0xff;
  return out;
}

describe('MESSAGE-INTEGRITY / FINGERPRINT', () => {
  it('CRC-32 check value (CRC RevEng catalogue)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('flipping any single bit before MESSAGE-INTEGRITY breaks it', () => {
    const bytes = encodeMessage(msg, { integrity: key });
    expect(verifyIntegrity(decodeMessage(bytes), key)).toBe(true);
    for (let i = 0; i < bytes.length; i++) {
      if (i === 2 || i === 3 || (i >= 4 && i < 8)) continue; // length and cookie: decode rejects or misframes
      const copy = bytes.slice();
      copy[i]! ^= 1 << (i % 8);
      let ok = false;
      try {
        ok = verifyIntegrity(decodeMessage(copy), key);
      } catch {
        ok = false;
      }
      expect(ok).toBe(false);
    }
  });

  it('attributes after MESSAGE-INTEGRITY are ignored and do not break verification (RFC 8489 §14.5)', () => {
    const bytes = encodeMessage(msg, { integrity: key });
    const extended = append(bytes, 0x8022, new TextEncoder().encode('injected'));
    const decoded = decodeMessage(extended);
    expect(getAttribute(decoded, 'SOFTWARE')).toBeUndefined();
    expect(decoded.attributes).toHaveLength(2);
    expect(verifyIntegrity(decoded, key)).toBe(true);
  });

  it('MESSAGE-INTEGRITY then MESSAGE-INTEGRITY-SHA256 then FINGERPRINT all verify', () => {
    const k256 = longTermKey('user', 'realm', 'pass', 'sha256');
    const bytes = encodeMessage(msg, { integrity: key, integritySha256: k256, fingerprint: true });
    const d = decodeMessage(bytes);
    expect(d.integrityOffset).toBeGreaterThan(0);
    expect(d.integritySha256Offset).toBe(d.integrityOffset + 24);
    expect(d.fingerprintOffset).toBe(d.integritySha256Offset + 36);
    expect(verifyIntegritySha1(d, key)).toBe(true);
    expect(verifyIntegritySha256(d, k256)).toBe(true);
    // verifyIntegrity prefers SHA-256 when present.
    expect(verifyIntegrity(d, k256)).toBe(true);
    expect(verifyIntegrity(d, key)).toBe(false);
    expect(verifyFingerprint(d)).toBe(true);
  });

  it('accepts a MESSAGE-INTEGRITY-SHA256 truncated to 16 bytes, rejects a wrong one', () => {
    const k = longTermKey('u', 'r', 'p');
    const full = encodeMessage(msg, { integritySha256: k });
    // Rebuild with the first 16 bytes of an HMAC computed over a 20-byte-attribute length.
    const body = full.subarray(0, full.length - 36);
    const truncated = append(body, 0x001c, new Uint8Array(16));
    const { createHmac } = process.getBuiltinModule('node:crypto');
    const mac = createHmac('sha256', k)
      .update(truncated.subarray(0, truncated.length - 20))
      .digest();
    truncated.set(mac.subarray(0, 16), truncated.length - 16);
    expect(verifyIntegritySha256(decodeMessage(truncated), k)).toBe(true);
    truncated[truncated.length - 1]! ^= 0x80;
    expect(verifyIntegritySha256(decodeMessage(truncated), k)).toBe(false);
  });

  it('a wrong fingerprint or a missing one fails; missing integrity fails', () => {
    const bytes = encodeMessage(msg, { fingerprint: true });
    const d = decodeMessage(bytes);
    expect(verifyFingerprint(d)).toBe(true);
    expect(verifyIntegrity(d, key)).toBe(false);
    bytes[bytes.length - 1]! ^= 1;
    expect(verifyFingerprint(decodeMessage(bytes))).toBe(false);
    expect(verifyFingerprint(decodeMessage(encodeMessage(msg)))).toBe(false);
  });

  it('integrity does not cover FINGERPRINT: both orders of checking agree', () => {
    const withFp = encodeMessage(msg, { integrity: key, fingerprint: true });
    const withoutFp = encodeMessage(msg, { integrity: key });
    // Same MESSAGE-INTEGRITY value whether or not FINGERPRINT follows (length adjustment, RFC 8489 §14.5).
    expect(withFp.subarray(0, withoutFp.length).subarray(4)).toEqual(withoutFp.subarray(4));
  });

  it('verification does not modify the input bytes', () => {
    const bytes = encodeMessage(msg, { integrity: key, fingerprint: true });
    const copy = bytes.slice();
    const d = decodeMessage(bytes);
    verifyIntegrity(d, key);
    verifyFingerprint(d);
    expect(bytes).toEqual(copy);
  });
});
