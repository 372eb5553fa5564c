import { CIPHER_SUITES } from '../src/crypto/suites.js';
import { nobleCrypto, nodeCrypto } from '../src/index.js';
import { RecordLayer } from '../src/record/layer.js';
import { RecordProtection } from '../src/record/protection.js';
import { ContentType, decodeRecord } from '../src/record/record.js';
import { ReplayWindow } from '../src/record/replay-window.js';

describe('RFC 6347 §4.1.2.6 replay window', () => {
  it('accepts new, rejects repeats and records older than the window', () => {
    const w = new ReplayWindow();
    for (const s of [5, 3, 4, 100]) {
      expect(w.check(s)).toBe(true);
      w.mark(s);
    }
    expect(w.check(5)).toBe(false);
    expect(w.check(100)).toBe(false);
    expect(w.check(36)).toBe(false); // 100 - 36 = 64: just outside
    expect(w.check(37)).toBe(true);
    expect(w.check(101)).toBe(true);
    w.mark(2 ** 48 - 1);
    expect(w.check(2 ** 48 - 1)).toBe(false);
    expect(w.check(2 ** 48 - 2)).toBe(true);
  });
  it('a large jump clears old marks', () => {
    const w = new ReplayWindow();
    w.mark(1);
    w.mark(1 + 64 * 3);
    expect(w.check(1 + 64 * 3 - 64 + 1)).toBe(true);
  });
});

describe('RFC 6347 §4.1.2.6 replay detection in the record layer', () => {
  const suite = CIPHER_SUITES.find((c) => c.aead === 'aes-128-gcm')!;
  const key = new Uint8Array(suite.keyLength).fill(3);
  const iv = new Uint8Array(suite.fixedIvLength).fill(4);
  const layers = () => {
    const writer = new RecordLayer();
    writer.installWriter(1, new RecordProtection(nodeCrypto, suite, key, iv));
    const reader = new RecordLayer();
    reader.installReader(1, new RecordProtection(nodeCrypto, suite, key, iv));
    return { writer, reader };
  };
  const open = (reader: RecordLayer, record: Uint8Array) => reader.open(decodeRecord(record));

  it('an application record at the sequence number of a Finished is a new record (werift 0.24)', () => {
    const { writer, reader } = layers();
    writer.setWriteSeq(1, 6);
    const finished = writer.seal(ContentType.handshake, 1, new Uint8Array(24).fill(0x14));
    writer.setWriteSeq(1, 1);
    const app = [1, 2, 3, 4, 5, 6].map((n) =>
      writer.seal(ContentType.applicationData, 1, new Uint8Array([n])),
    );
    expect(open(reader, finished).ok).toBe(true);
    for (const [i, r] of app.entries()) {
      const opened = open(reader, r);
      expect(opened.ok && Array.from(opened.plaintext)).toEqual([i + 1]);
    }
    expect(decodeRecord(app[5]!).seq).toBe(decodeRecord(finished).seq);
  });

  it('a replay of either record is still dropped', () => {
    const { writer, reader } = layers();
    const finished = writer.seal(ContentType.handshake, 1, new Uint8Array(24));
    writer.setWriteSeq(1, 0);
    const app = writer.seal(ContentType.applicationData, 1, new Uint8Array([9]));
    writer.setWriteSeq(1, 0);
    const alert = writer.seal(ContentType.alert, 1, new Uint8Array([1, 0]));
    expect(open(reader, finished).ok).toBe(true);
    expect(open(reader, app).ok).toBe(true);
    expect(open(reader, finished)).toEqual({ ok: false, reason: 'replay' });
    expect(open(reader, app)).toEqual({ ok: false, reason: 'replay' });
    // Application data and alerts share a window: an alert cannot reuse an application record's number.
    expect(open(reader, alert)).toEqual({ ok: false, reason: 'replay' });
  });

  it('a record whose type was changed in flight fails authentication and marks nothing', () => {
    const { writer, reader } = layers();
    const app = writer.seal(ContentType.applicationData, 1, new Uint8Array([5]));
    const forged = new Uint8Array(app);
    forged[0] = ContentType.handshake;
    expect(open(reader, forged)).toEqual({ ok: false, reason: 'bad-mac' });
    expect(open(reader, app).ok).toBe(true);
  });
});

describe('AEAD record protection', () => {
  for (const suite of CIPHER_SUITES.filter((s) => s.auth === 'ecdsa')) {
    it(`${suite.aead}: node and noble agree, nonces from epoch+seq, tampering fails`, () => {
      const key = new Uint8Array(suite.keyLength).map((_, i) => i);
      const iv = new Uint8Array(suite.fixedIvLength).map((_, i) => 0xa0 + i);
      const a = new RecordProtection(nodeCrypto, suite, key, iv);
      const b = new RecordProtection(nobleCrypto, suite, key, iv);
      const pt = new Uint8Array(1200).map((_, i) => i & 0xff);
      const rec = a.seal(23, 1, 0x0102030405, pt);
      expect(Buffer.from(b.seal(23, 1, 0x0102030405, pt))).toEqual(Buffer.from(rec));
      const r = decodeRecord(rec);
      expect(r.epoch).toBe(1);
      expect(r.seq).toBe(0x0102030405);
      if (suite.explicitNonceLength) {
        // RFC 5288 explicit nonce = epoch || seq, never random.
        expect(Array.from(r.fragment.subarray(0, 8))).toEqual([0, 1, 0, 1, 2, 3, 4, 5]);
      }
      expect(Buffer.from(b.open(23, 1, r.seq, r.fragment)!)).toEqual(Buffer.from(pt));
      // The sequence number and type are authenticated (AAD).
      expect(a.open(23, 1, r.seq + 1, r.fragment)).toBeUndefined();
      expect(a.open(22, 1, r.seq, r.fragment)).toBeUndefined();
      const bad = new Uint8Array(r.fragment);
      bad[bad.length - 1]! ^= 1;
      expect(a.open(23, 1, r.seq, bad)).toBeUndefined();
      expect(b.open(23, 1, r.seq, bad)).toBeUndefined();
      expect(a.open(23, 1, r.seq, new Uint8Array(5))).toBeUndefined();
    });
  }
});
