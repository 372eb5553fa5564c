import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  hasAttribute,
  type StunAttribute,
  StunError,
  type StunMessage,
  StunMethod,
} from '../src/index.js';
import { fromHex, toHex } from './hex.js';

const tid = fromHex('0102030405060708090a0b0c');

const everyAttribute: StunAttribute[] = [
  { type: 'MAPPED-ADDRESS', value: { family: 'IPv4', address: '192.0.2.1', port: 3478 } },
  { type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv6', address: '2001:db8::1', port: 65535 } },
  { type: 'ALTERNATE-SERVER', value: { family: 'IPv6', address: '::ffff:c000:201', port: 1 } },
  { type: 'RESPONSE-ORIGIN', value: { family: 'IPv4', address: '0.0.0.0', port: 0 } },
  { type: 'OTHER-ADDRESS', value: { family: 'IPv4', address: '255.255.255.255', port: 80 } },
  { type: 'XOR-PEER-ADDRESS', value: { family: 'IPv4', address: '10.0.0.1', port: 50000 } },
  { type: 'XOR-RELAYED-ADDRESS', value: { family: 'IPv6', address: 'fe80::1:2:3:4', port: 49152 } },
  { type: 'USERNAME', value: 'abcd:efgh' },
  { type: 'REALM', value: 'example.org' },
  { type: 'NONCE', value: 'n0nce\u00e9\u4e2d' },
  { type: 'SOFTWARE', value: '@rtc/stun' },
  { type: 'ALTERNATE-DOMAIN', value: 'turn.example.org' },
  { type: 'USERHASH', value: new Uint8Array(32).fill(7) },
  { type: 'ERROR-CODE', value: { code: 438, reason: 'Stale Nonce' } },
  { type: 'UNKNOWN-ATTRIBUTES', value: [0x0031, 0x7fff, 0x0002] },
  { type: 'PASSWORD-ALGORITHM', value: { algorithm: 2, parameters: new Uint8Array(0) } },
  {
    type: 'PASSWORD-ALGORITHMS',
    value: [
      { algorithm: 2, parameters: new Uint8Array(0) },
      { algorithm: 1, parameters: new Uint8Array([1, 2, 3]) },
    ],
  },
  { type: 'PRIORITY', value: 0xffffffff },
  { type: 'USE-CANDIDATE' },
  { type: 'ICE-CONTROLLED', value: 0xffffffffffffffffn },
  { type: 'ICE-CONTROLLING', value: 1n },
  { type: 'CHANNEL-NUMBER', value: 0x4001 },
  { type: 'LIFETIME', value: 600 },
  { type: 'DATA', value: new Uint8Array([1, 2, 3, 4, 5]) },
  { type: 'REQUESTED-TRANSPORT', value: 17 },
  { type: 'DONT-FRAGMENT' },
  { type: 'RESERVATION-TOKEN', value: fromHex('0011223344556677') },
  { type: 'EVEN-PORT', value: { reserve: true } },
  { type: 'REQUESTED-ADDRESS-FAMILY', value: 'IPv6' },
  { type: 'ADDITIONAL-ADDRESS-FAMILY', value: 'IPv6' },
  { type: 'RAW', code: 0xc057, value: new Uint8Array([9, 9]) },
];

const message = (attributes: StunAttribute[], cls: StunMessage['class'] = 'request'): StunMessage => ({
  class: cls,
  method: StunMethod.Allocate,
  transactionId: tid,
  attributes,
});

describe('attribute codec', () => {
  it('round-trips every attribute type', () => {
    const bytes = encodeMessage(message(everyAttribute));
    const back = decodeMessage(bytes);
    expect(back.attributes).toEqual(everyAttribute);
    expect(back.unknownRequired).toEqual([]);
    expect(toHex(encodeMessage(back))).toBe(toHex(bytes));
  });

  it('round-trips every class and TURN method', () => {
    for (const method of Object.values(StunMethod)) {
      for (const cls of ['request', 'indication', 'success', 'error'] as const) {
        const back = decodeMessage(encodeMessage({ class: cls, method, transactionId: tid, attributes: [] }));
        expect([back.class, back.method]).toEqual([cls, method]);
      }
    }
    // RFC 8489 §5: Binding success response is 0x0101, error 0x0111; Send indication 0x0016, Data 0x0017.
    const type = (cls: StunMessage['class'], method: number) =>
      toHex(encodeMessage({ class: cls, method, transactionId: tid, attributes: [] }).subarray(0, 2));
    expect(type('success', StunMethod.Binding)).toBe('0101');
    expect(type('error', StunMethod.Binding)).toBe('0111');
    expect(type('indication', StunMethod.Send)).toBe('0016');
    expect(type('indication', StunMethod.Data)).toBe('0017');
    expect(type('request', 0xfff)).toBe('3eef');
  });

  it('pads with zeros and writes the wire layout of fixed attributes', () => {
    const bytes = encodeMessage(
      message([
        { type: 'USERNAME', value: 'a' },
        { type: 'REQUESTED-TRANSPORT', value: 17 },
        { type: 'EVEN-PORT', value: { reserve: false } },
        { type: 'CHANNEL-NUMBER', value: 0x4abc },
      ]),
    );
    expect(toHex(bytes.subarray(20))).toBe(
      '00060001610000000019000411000000001800010000000' + '0000c00044abc0000',
    );
  });

  it('RFC 8489 §14.2: XOR-MAPPED-ADDRESS IPv4 wire value', () => {
    const bytes = encodeMessage(
      message([{ type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv4', address: '192.0.2.1', port: 32853 } }]),
    );
    expect(toHex(bytes.subarray(24))).toBe('0001a147e112a643');
  });

  it('normalises IPv6 text per RFC 5952 and accepts IPv4 tails', () => {
    const cases: [string, string][] = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['::', '::'],
      ['::1', '::1'],
      ['1::', '1::'],
      ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
      ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['fe80::1%eth0', 'fe80::1'],
    ];
    for (const [input, expected] of cases) {
      const back = decodeMessage(
        encodeMessage(
          message([{ type: 'MAPPED-ADDRESS', value: { family: 'IPv6', address: input, port: 1 } }]),
        ),
      );
      expect(getAttribute(back, 'MAPPED-ADDRESS')?.value.address).toBe(expected);
    }
  });

  it('rejects values it cannot encode with StunError(invalid-attribute)', () => {
    const bad: StunAttribute[] = [
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv4', address: '1.2.3', port: 1 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv4', address: '1.2.3.256', port: 1 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv4', address: '1.2.3.4', port: 70000 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv6', address: '1:::2', port: 1 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv6', address: '1:2:3:4:5:6:7:8:9', port: 1 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv6', address: '1::2::3', port: 1 } },
      { type: 'MAPPED-ADDRESS', value: { family: 'IPv6', address: 'g::', port: 1 } },
      { type: 'USERNAME', value: 'x'.repeat(764) },
      { type: 'ERROR-CODE', value: { code: 200, reason: '' } },
      { type: 'PRIORITY', value: -1 },
      { type: 'ICE-CONTROLLING', value: 1n << 64n },
      { type: 'USERHASH', value: new Uint8Array(31) },
      { type: 'RESERVATION-TOKEN', value: new Uint8Array(7) },
      { type: 'REQUESTED-TRANSPORT', value: 256 },
      { type: 'RAW', code: 0x0008, value: new Uint8Array(20) },
      { type: 'RAW', code: 0x10000, value: new Uint8Array(0) },
    ];
    for (const attr of bad) {
      let error: unknown;
      try {
        encodeMessage(message([attr]));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StunError);
      expect((error as StunError).code).toBe('invalid-attribute');
    }
  });

  it('rejects a bad transaction id, class or method, and too-large messages', () => {
    expect(() => encodeMessage({ ...message([]), transactionId: new Uint8Array(11) })).toThrow(StunError);
    expect(() => encodeMessage({ ...message([]), method: 0x1000 })).toThrow(StunError);
    expect(() => encodeMessage({ ...message([]), class: 'bogus' as 'request' })).toThrow(StunError);
    const big = message([
      { type: 'DATA', value: new Uint8Array(65_000) },
      { type: 'DATA', value: new Uint8Array(600) },
    ]);
    expect(() => encodeMessage(big)).toThrow(expect.objectContaining({ code: 'too-large' }));
    // The largest DATA that fits: 65532 - 4 (header) bytes, and then no room for FINGERPRINT.
    const max = message([{ type: 'DATA', value: new Uint8Array(65_528) }]);
    expect(encodeMessage(max).length).toBe(20 + 65_532);
    expect(() => encodeMessage(max, { fingerprint: true })).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
  });

  it('keeps unknown comprehension-required attributes for a 420 response', () => {
    const bytes = encodeMessage(
      message([
        { type: 'RAW', code: 0x0031, value: new Uint8Array(0) },
        { type: 'RAW', code: 0x8031, value: new Uint8Array(0) },
      ]),
    );
    expect(decodeMessage(bytes).unknownRequired).toEqual([0x0031]);
  });

  it('getAttribute returns the first of its type; hasAttribute tests presence', () => {
    const msg = message([
      { type: 'PRIORITY', value: 1 },
      { type: 'PRIORITY', value: 2 },
      { type: 'USE-CANDIDATE' },
    ]);
    expect(getAttribute(msg, 'PRIORITY')?.value).toBe(1);
    expect(hasAttribute(msg, 'USE-CANDIDATE')).toBe(true);
    expect(hasAttribute(msg, 'ICE-CONTROLLING')).toBe(false);
  });
});

describe('decoding a Buffer', () => {
  it('copies the transaction id, so reusing the receive buffer does not change it', () => {
    const buf = Buffer.from(encodeMessage(message([{ type: 'ICE-CONTROLLING', value: 0x1fffff_ffffffffn }])));
    const msg = decodeMessage(buf);
    buf.fill(0, 8, 20);
    expect(toHex(msg.transactionId)).toBe(toHex(tid));
    expect(getAttribute(msg, 'ICE-CONTROLLING')?.value).toBe(0x1fffff_ffffffffn);
  });
});
