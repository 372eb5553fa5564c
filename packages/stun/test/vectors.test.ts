import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  hashBackendName,
  longTermKey,
  type StunAttribute,
  setHashBackend,
  shortTermKey,
  userHash,
  verifyFingerprint,
  verifyIntegrity,
  verifyIntegritySha1,
  verifyIntegritySha256,
} from '../src/index.js';
import { fromHex, toHex } from './hex.js';

const here = dirname(fileURLToPath(import.meta.url));
const rfc5769 = JSON.parse(readFileSync(join(here, 'vectors/stun-rfc5769.json'), 'utf8'));
const rfc8489 = JSON.parse(readFileSync(join(here, 'vectors/stun-rfc8489-appendix-b.json'), 'utf8'));

type Vector = (typeof rfc5769.vectors)[number];
const cases: [string, Vector][] = rfc5769.vectors.map((v: Vector) => [v.id, v]);
const byId = (id: string): Vector => rfc5769.vectors.find((v: Vector) => v.id === id);

describe.each(['node', 'noble'] as const)('RFC vectors with the %s hash backend', (backend) => {
  beforeAll(() => setHashBackend(backend));
  afterAll(() => setHashBackend('node'));

  it('uses the selected backend', () => {
    expect(hashBackendName()).toBe(backend);
  });

  it.each(cases)('%s decodes and verifies', (_id, v: Vector) => {
    const msg = decodeMessage(fromHex(v.message_hex));
    expect(msg.raw.length).toBe(v.length);
    expect(toHex(msg.transactionId)).toBe(v.transaction_id_hex);
    expect(msg.method).toBe(1);
    expect(msg.class).toBe(v.class === 'request' ? 'request' : 'success');
    const c = v.credentials;
    const key =
      c.mechanism === 'long-term'
        ? longTermKey(c.username, c.realm, c.password_before_saslprep)
        : shortTermKey(c.password);
    if (c.key_md5_hex) expect(toHex(key)).toBe(c.key_md5_hex);
    expect(verifyIntegrity(msg, key)).toBe(true);
    expect(verifyIntegritySha1(msg, key)).toBe(true);
    const hasFp = v.attributes.some((a: { name: string }) => a.name === 'FINGERPRINT');
    expect(verifyFingerprint(msg)).toBe(hasFp);
    // A wrong key must fail (negative test of the integrity check).
    expect(verifyIntegrity(msg, shortTermKey('wrong password'))).toBe(false);
  });

  it('2.1: attributes and re-encoding byte for byte (with space padding replaced by zeros)', () => {
    const v = byId('rfc5769-2.1');
    const msg = decodeMessage(fromHex(v.message_hex));
    expect(getAttribute(msg, 'SOFTWARE')?.value).toBe('STUN test client');
    expect(getAttribute(msg, 'PRIORITY')?.value).toBe(1845494271);
    expect(getAttribute(msg, 'ICE-CONTROLLED')?.value).toBe(0x932ff9b151263b36n);
    expect(getAttribute(msg, 'USERNAME')?.value).toBe('evtj:h6vY');
    const key = shortTermKey(v.credentials.password);
    const again = encodeMessage(msg, { integrity: key, fingerprint: true });
    // The vector pads USERNAME with spaces; we pad with zeros, so MI/FP differ but both verify.
    const redecoded = decodeMessage(again);
    expect(verifyIntegrity(redecoded, key)).toBe(true);
    expect(verifyFingerprint(redecoded)).toBe(true);
    expect(redecoded.attributes).toEqual(msg.attributes);
    // Same bytes as the vector once its padding is zeroed, up to MESSAGE-INTEGRITY.
    const zeroPadded = fromHex(v.message_hex);
    zeroPadded.fill(0, 73, 76);
    expect(toHex(again.subarray(0, 80))).toBe(toHex(zeroPadded.subarray(0, 80)));
  });

  it('2.2 and 2.3: XOR-MAPPED-ADDRESS IPv4 and IPv6, exact re-encoding', () => {
    for (const id of ['rfc5769-2.2', 'rfc5769-2.3']) {
      const v = byId(id);
      const bytes = fromHex(v.message_hex);
      const msg = decodeMessage(bytes);
      const xma = v.attributes.find((a: { name: string }) => a.name === 'XOR-MAPPED-ADDRESS').decoded;
      expect(getAttribute(msg, 'XOR-MAPPED-ADDRESS')?.value).toEqual(xma);
      expect(getAttribute(msg, 'SOFTWARE')?.value).toBe('test vector');
      // SOFTWARE's padding byte is a space in the vector: patch it to zero and recompute the expected MI.
      const key = shortTermKey(v.credentials.password);
      const out = encodeMessage(msg, { integrity: key, fingerprint: true });
      expect(out.length).toBe(bytes.length);
      const vecNoPad = bytes.slice();
      vecNoPad[20 + 4 + 11] = 0;
      expect(toHex(out.subarray(0, out.length - 32))).toBe(toHex(vecNoPad.subarray(0, out.length - 32)));
      expect(verifyIntegrity(decodeMessage(out), key)).toBe(true);
    }
  });

  it('2.4: long-term credentials with SASLprep, exact re-encoding', () => {
    const v = byId('rfc5769-2.4');
    const bytes = fromHex(v.message_hex);
    const msg = decodeMessage(bytes);
    expect(getAttribute(msg, 'USERNAME')?.value).toBe(v.credentials.username);
    expect(getAttribute(msg, 'NONCE')?.value).toBe(v.credentials.nonce);
    expect(getAttribute(msg, 'REALM')?.value).toBe(v.credentials.realm);
    const c = v.credentials;
    const key = longTermKey(c.username, c.realm, c.password_before_saslprep);
    // Padding is zeros here, so the whole message, MESSAGE-INTEGRITY included, is reproduced exactly.
    expect(toHex(encodeMessage(msg, { integrity: key }))).toBe(v.message_hex);
  });

  it('RFC 8489 B.1: USERHASH and MESSAGE-INTEGRITY-SHA256, exact re-encoding', () => {
    const v = rfc8489.vectors[0];
    const c = v.credentials;
    const bytes = fromHex(v.message_hex);
    const msg = decodeMessage(bytes);
    expect(toHex(userHash(c.username, c.realm))).toBe(v.attributes[0].value_hex);
    expect(toHex(getAttribute(msg, 'USERHASH')!.value)).toBe(v.attributes[0].value_hex);
    expect(getAttribute(msg, 'NONCE')?.value).toBe(c.nonce);
    const key = longTermKey(c.username, c.realm, c.password_before_opaquestring);
    expect(toHex(key)).toBe(c.key_hex);
    expect(verifyIntegritySha256(msg, key)).toBe(true);
    expect(verifyIntegrity(msg, key)).toBe(true);
    expect(verifyIntegritySha1(msg, key)).toBe(false); // no MESSAGE-INTEGRITY in this message
    expect(verifyIntegrity(msg, longTermKey(c.username, c.realm, c.password, 'sha256'))).toBe(false);
    expect(toHex(encodeMessage(msg, { integritySha256: key }))).toBe(v.message_hex);
  });
});

describe('attribute lists of the vectors', () => {
  it('decode in wire order, without the integrity and fingerprint attributes', () => {
    const msg = decodeMessage(fromHex(byId('rfc5769-2.1').message_hex));
    expect(msg.attributes.map((a: StunAttribute) => a.type)).toEqual([
      'SOFTWARE',
      'PRIORITY',
      'ICE-CONTROLLED',
      'USERNAME',
    ]);
    expect(msg.integrityOffset).toBe(76);
    expect(msg.fingerprintOffset).toBe(100);
    expect(msg.integritySha256Offset).toBe(-1);
  });
});
