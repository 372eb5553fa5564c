import { createHash } from 'node:crypto';
import { longTermKey, StunError, saslPrep, setHashBackend, shortTermKey, userHash } from '../src/index.js';
import { toHex } from './hex.js';

describe('SASLprep (RFC 4013)', () => {
  it.each([
    ['I\u00ADX', 'IX'], // RFC 4013 §3 example: SOFT HYPHEN mapped to nothing
    ['user', 'user'],
    ['USER', 'USER'],
    ['\u00AA', 'a'], // NFKC
    ['\u2168', 'IX'], // NFKC
    ['a\u00A0b', 'a b'], // non-ASCII space mapped to space
    ['The\u00ADM\u00AAtr\u2168', 'TheMatrIX'], // RFC 5769 §2.4
    ['\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9', '\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9'],
  ])('%j -> %j', (input, expected) => {
    expect(saslPrep(input)).toBe(expected);
  });

  it.each([
    ['\u0007', 'ASCII control (RFC 4013 §3 example)'],
    ['a\u007Fb', 'DEL'],
    ['\u0085', 'non-ASCII control'],
    ['\uE000', 'private use'],
    ['\uFDD0', 'non-character'],
    ['\uD800', 'lone surrogate'],
    ['\u200E', 'change display property'],
    ['\u{E0001}', 'tagging character'],
  ])('rejects %j (%s) with StunError(invalid-credential)', (input) => {
    expect(() => saslPrep(input)).toThrow(StunError);
    expect(() => saslPrep(input)).toThrow(expect.objectContaining({ code: 'invalid-credential' }));
  });
});

describe.each(['node', 'noble'] as const)('keys with the %s backend', (backend) => {
  beforeAll(() => setHashBackend(backend));
  afterAll(() => setHashBackend('node'));

  it('short-term key is the UTF-8 password', () => {
    expect(toHex(shortTermKey('abc'))).toBe('616263');
  });

  it('short-term key of printable ASCII equals the SASLprep path, byte for byte', () => {
    // Every printable ASCII character, and an ICE password (RFC 8839 ice-chars).
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    for (const pwd of [printable, 'asd88fgpdd777uzjYhagZg', ' a b ']) {
      expect(toHex(shortTermKey(pwd))).toBe(Buffer.from(saslPrep(pwd), 'utf8').toString('hex'));
    }
  });

  it('short-term key still prepares non-ASCII and refuses control characters (RFC 4013 §2.3)', () => {
    expect(toHex(shortTermKey('I\u00ADX'))).toBe('4958');
    expect(toHex(shortTermKey('\u00AAb'))).toBe('6162');
    expect(() => shortTermKey('ab\u0007c')).toThrow(expect.objectContaining({ code: 'invalid-credential' }));
    expect(() => shortTermKey('ab\u007fc')).toThrow(expect.objectContaining({ code: 'invalid-credential' }));
  });

  it('long-term MD5 and SHA-256 keys (RFC 8489 §9.2.2)', () => {
    const md5 = createHash('md5').update('user:realm:pass').digest('hex');
    const sha = createHash('sha256').update('user:realm:pass').digest('hex');
    expect(toHex(longTermKey('user', 'realm', 'pass'))).toBe(md5);
    expect(toHex(longTermKey('user', 'realm', 'pass', 'md5'))).toBe(md5);
    expect(toHex(longTermKey('user', 'realm', 'pass', 'sha256'))).toBe(sha);
  });

  it('USERHASH (RFC 8489 §14.4)', () => {
    expect(toHex(userHash('u', 'r'))).toBe(createHash('sha256').update('u:r').digest('hex'));
  });
});
