import fc from 'fast-check';
import {
  decodeChannelData,
  decodeMessage,
  encodeMessage,
  type StunAttribute,
  StunError,
  type StunMessage,
  shortTermKey,
  verifyFingerprint,
  verifyIntegrity,
} from '../src/index.js';
import { fromHex } from './hex.js';

// Fixed seeds keep the suite reproducible. In total these properties run 125,000 cases.
const SEED = 0x5354554e;
const key = shortTermKey('VOkJxbRl1RmTxUk/WvJxBt');

/** Decoding (and verifying, when decoding succeeds) must return or throw a StunError, nothing else. */
function decodeOnlyThrowsStunError(bytes: Uint8Array): void {
  try {
    const msg = decodeMessage(bytes);
    verifyIntegrity(msg, key);
    verifyFingerprint(msg);
  } catch (e) {
    if (!(e instanceof StunError)) throw e;
  }
}

function withHeader(body: Uint8Array, type: number): Uint8Array {
  const out = new Uint8Array(20 + body.length);
  out[0] = (type >>> 8) & 0x3f;
  out[1] = type & 0xff;
  out[2] = body.length >>> 8;
  out[3] = body.length & 0xff;
  out.set([0x21, 0x12, 0xa4, 0x42], 4);
  out.set(body, 20);
  return out;
}

const knownCodes = [
  0x0001, 0x0006, 0x0008, 0x0009, 0x000a, 0x000c, 0x000d, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017,
  0x0018, 0x0019, 0x001a, 0x001c, 0x001d, 0x001e, 0x0020, 0x0022, 0x0024, 0x0025, 0x8000, 0x8002, 0x8003,
  0x8022, 0x8023, 0x8028, 0x8029, 0x802a, 0x802b, 0x802c,
];

/** A sequence of attributes with plausible headers (known codes, small lengths) but random values. */
const attributeSoup = fc
  .array(
    fc.record({
      code: fc.oneof(fc.constantFrom(...knownCodes), fc.integer({ min: 0, max: 0xffff })),
      value: fc.uint8Array({ maxLength: 40 }),
      lie: fc.oneof(fc.constant(0), fc.integer({ min: -8, max: 8 })),
    }),
    { maxLength: 8 },
  )
  .map((attrs) => {
    const parts: number[] = [];
    for (const { code, value, lie } of attrs) {
      const len = Math.max(0, value.length + lie) & 0xffff;
      parts.push(code >>> 8, code & 0xff, len >>> 8, len & 0xff, ...value);
      while (parts.length % 4) parts.push(0);
    }
    return Uint8Array.from(parts);
  });

const vectors = [
  '000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf',
  '010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c',
  '000100882112a44278ad3433c6ad72c029da412e001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c394653547679363473410000000014000b6578616d706c652e6f726700001c0020fd8c273860d2e18ebca4c89b6973befa7ee8ecc69e9642db326fab65a0b955ba',
].map(fromHex);

/** Mutations of a valid message: overwrite bytes, truncate, extend, or splice in random bytes. */
const mutated = fc
  .record({
    base: fc.constantFrom(...vectors),
    edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    tail: fc.uint8Array({ maxLength: 8 }),
  })
  .map(({ base, edits, cut, tail }) => {
    let bytes = base.slice();
    for (const [pos, value] of edits) bytes[pos % bytes.length] = value;
    if (cut !== undefined) bytes = bytes.subarray(0, cut % (bytes.length + 1));
    return tail.length ? Uint8Array.of(...bytes, ...tail) : bytes;
  });

const address = fc.oneof(
  fc
    .tuple(fc.ipV4(), fc.integer({ min: 0, max: 65535 }))
    .map(([address, port]) => ({ family: 'IPv4' as const, address, port })),
  fc
    .tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 65535 }))
    .map(([b, port]) => {
      const groups = Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16));
      return { family: 'IPv6' as const, address: groups.join(':'), port };
    }),
);

const text = fc.string({ maxLength: 60, unit: 'grapheme' });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const attribute: fc.Arbitrary<StunAttribute> = fc.oneof(
  address.map((value) => ({ type: 'XOR-MAPPED-ADDRESS' as const, value })),
  address.map((value) => ({ type: 'MAPPED-ADDRESS' as const, value })),
  address.map((value) => ({ type: 'XOR-PEER-ADDRESS' as const, value })),
  text.map((value) => ({ type: 'USERNAME' as const, value })),
  text.map((value) => ({ type: 'NONCE' as const, value })),
  u32.map((value) => ({ type: 'PRIORITY' as const, value })),
  u32.map((value) => ({ type: 'LIFETIME' as const, value })),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((value) => ({ type: 'ICE-CONTROLLING' as const, value })),
  fc.constant({ type: 'USE-CANDIDATE' as const }),
  fc.uint8Array({ maxLength: 100 }).map((value) => ({ type: 'DATA' as const, value })),
  fc
    .record({ code: fc.integer({ min: 300, max: 699 }), reason: text })
    .map((value) => ({ type: 'ERROR-CODE' as const, value })),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }).map((value) => ({
    type: 'UNKNOWN-ATTRIBUTES' as const,
    value,
  })),
  fc.boolean().map((reserve) => ({ type: 'EVEN-PORT' as const, value: { reserve } })),
);

const message: fc.Arbitrary<StunMessage> = fc.record({
  class: fc.constantFrom('request', 'indication', 'success', 'error') as fc.Arbitrary<StunMessage['class']>,
  method: fc.integer({ min: 0, max: 0xfff }),
  transactionId: fc.uint8Array({ minLength: 12, maxLength: 12 }),
  attributes: fc.array(attribute, { maxLength: 6 }),
});

describe('fast-check properties', () => {
  it('random bytes only ever give a StunError (40,000 cases)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), decodeOnlyThrowsStunError), {
      seed: SEED,
      numRuns: 40_000,
    });
  });

  it('random attribute soups behind a valid header only ever give a StunError (40,000 cases)', () => {
    fc.assert(
      fc.property(attributeSoup, fc.integer({ min: 0, max: 0x3fff }), (body, type) =>
        decodeOnlyThrowsStunError(withHeader(body, type)),
      ),
      { seed: SEED, numRuns: 40_000 },
    );
  });

  it('mutated RFC vectors only ever give a StunError (30,000 cases)', () => {
    fc.assert(
      fc.property(mutated, (bytes) => {
        decodeOnlyThrowsStunError(bytes);
      }),
      { seed: SEED, numRuns: 30_000 },
    );
  });

  it('encode/decode round trip with integrity and fingerprint (5,000 cases)', () => {
    fc.assert(
      fc.property(message, (msg) => {
        const bytes = encodeMessage(msg, { integrity: key, fingerprint: true });
        const back = decodeMessage(bytes);
        expect(back.class).toBe(msg.class);
        expect(back.method).toBe(msg.method);
        expect(back.transactionId).toEqual(msg.transactionId);
        expect(back.attributes).toEqual(msg.attributes);
        expect(verifyIntegrity(back, key)).toBe(true);
        expect(verifyFingerprint(back)).toBe(true);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it('ChannelData decoding of random bytes only ever gives a StunError (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeChannelData(bytes);
        } catch (e) {
          if (!(e instanceof StunError)) throw e;
        }
      }),
      { seed: SEED, numRuns: 10_000 },
    );
  });
});
