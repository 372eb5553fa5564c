import { decodeMessage, encodeMessage, type StunErrorCode, StunMethod, shortTermKey } from '../src/index.js';
import { fromHex } from './hex.js';

const base = encodeMessage({
  class: 'request',
  method: StunMethod.Binding,
  transactionId: fromHex('0102030405060708090a0b0c'),
  attributes: [{ type: 'USERNAME', value: 'a:b' }],
});

function codeOf(bytes: Uint8Array): StunErrorCode | 'ok' | 'other' {
  try {
    decodeMessage(bytes);
    return 'ok';
  } catch (e) {
    return (e as { name?: string; code?: StunErrorCode }).name === 'StunError'
      ? (e as { code: StunErrorCode }).code
      : 'other';
  }
}

function withLength(bytes: Uint8Array, length: number): Uint8Array {
  const out = bytes.slice();
  out[2] = length >>> 8;
  out[3] = length & 0xff;
  return out;
}

function header(attrs: string): Uint8Array {
  const body = fromHex(attrs);
  const out = new Uint8Array(20 + body.length);
  out.set(base.subarray(0, 20));
  out.set(body, 20);
  return withLength(out, body.length);
}

describe('decodeMessage rejects bad input with a typed StunError', () => {
  it.each<[string, Uint8Array, StunErrorCode]>([
    ['empty', new Uint8Array(0), 'truncated'],
    ['19 bytes', base.subarray(0, 19), 'truncated'],
    ['top bits set (RTP/DTLS)', Uint8Array.of(0x80, ...base.subarray(1)), 'not-stun'],
    ['wrong cookie', Uint8Array.from(base, (b, i) => (i === 4 ? 0 : b)), 'bad-cookie'],
    ['length not multiple of 4', withLength(base, 5), 'bad-length'],
    ['length past the datagram', withLength(base, 12), 'truncated'],
    ['bytes after the message', Uint8Array.of(...base, 0, 0, 0, 0), 'bad-length'],
    [
      'attribute length past the end',
      header('00060010616263640000000000000000'.slice(0, 16)),
      'attribute-overflow',
    ],
    [
      'duplicate MESSAGE-INTEGRITY',
      header(`00080014${'00'.repeat(20)}00080014${'00'.repeat(20)}`),
      'duplicate-integrity',
    ],
    [
      'duplicate MESSAGE-INTEGRITY-SHA256',
      header(`001c0020${'00'.repeat(32)}001c0020${'00'.repeat(32)}`),
      'duplicate-integrity',
    ],
    ['MESSAGE-INTEGRITY of 16 bytes', header(`00080010${'00'.repeat(16)}`), 'invalid-attribute'],
    ['MESSAGE-INTEGRITY-SHA256 of 12 bytes', header(`001c000c${'00'.repeat(12)}`), 'invalid-attribute'],
    [
      'FINGERPRINT not last',
      header('8028000400000000802200016100000000'.slice(0, 32)),
      'fingerprint-not-last',
    ],
    ['FINGERPRINT of 8 bytes', header(`80280008${'00'.repeat(8)}`), 'invalid-attribute'],
    ['XOR-MAPPED-ADDRESS with family 3', header('002000080003000001020304'), 'invalid-attribute'],
    [
      'XOR-MAPPED-ADDRESS IPv4 of 12 bytes',
      header('0020000c0001000001020304' + '00000000'),
      'invalid-attribute',
    ],
    ['PRIORITY of 3 bytes', header('0024000300000000'), 'invalid-attribute'],
    ['USE-CANDIDATE with a value', header('0025000400000000'), 'invalid-attribute'],
    ['ERROR-CODE of 2 bytes', header('0009000200000000'), 'invalid-attribute'],
    ['UNKNOWN-ATTRIBUTES odd length', header('000a000300010000'), 'invalid-attribute'],
    ['PASSWORD-ALGORITHMS entry past the end', header('800200040001000800000000'), 'invalid-attribute'],
  ])('%s', (_name, bytes, code) => {
    expect(codeOf(bytes)).toBe(code);
  });

  it('non-Uint8Array input is a typed error too', () => {
    expect(codeOf('hello' as unknown as Uint8Array)).toBe('invalid-argument');
  });

  it('a MESSAGE-INTEGRITY after MESSAGE-INTEGRITY-SHA256 is ignored, not an error', () => {
    const bytes = encodeMessage(
      { class: 'request', method: 1, transactionId: new Uint8Array(12), attributes: [] },
      { integritySha256: shortTermKey('x') },
    );
    const extended = new Uint8Array(bytes.length + 24);
    extended.set(bytes);
    extended.set(fromHex('00080014'), bytes.length);
    const d = decodeMessage(withLength(extended, extended.length - 20));
    expect(d.integrityOffset).toBe(-1);
    expect(d.integritySha256Offset).toBe(20);
  });
});
