import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  Av1Depacketizer,
  decodeAbsCaptureTime,
  decodeAbsSendTime,
  decodeAudioLevel,
  decodeMid,
  decodePlayoutDelay,
  decodeRtcp,
  decodeRtpPacket,
  decodeTransportSequenceNumber,
  decodeVideoOrientation,
  encodeRtcp,
  encodeRtpPacket,
  findHeaderExtension,
  G711Depacketizer,
  H264Depacketizer,
  IvfReader,
  JitterBuffer,
  OpusDepacketizer,
  opusPacketSamples,
  parseHeaderExtensions,
  parseOggPage,
  parseOpusHead,
  parseOpusTags,
  type RtcpPacket,
  type RtpDepacketizer,
  RtpError,
  readLeb128,
  readOggOpus,
  rtcpSsrc,
  rtpHeaderLength,
  splitAnnexB,
  splitAv1Obus,
  transportCcResults,
  unwrapRtx,
  Vp8Depacketizer,
  Vp9Depacketizer,
} from '../src/index.js';
import { hex, loadVectors } from './helpers.js';

const SEED = 20261123;
const RUNS = 300;

/**
 * Wraps `bytes` so that any indexed read at or beyond its length (or below 0) is recorded: a decoder
 * must never read past its input. Methods run on the real array (their results are bounded views).
 */
function guarded(bytes: Uint8Array): { view: Uint8Array; overreads: () => number } {
  let over = 0;
  const view = new Proxy(bytes, {
    get(target, key) {
      if (typeof key === 'string' && /^-?\d+$/.test(key)) {
        const i = Number(key);
        if (i < 0 || i >= target.length) over++;
        return target[i];
      }
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { view, overreads: () => over };
}

/** Runs `decode` on the input: it must return or throw RtpError, and never read past the input. */
function check(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
  const { view, overreads } = guarded(bytes);
  try {
    decode(view);
  } catch (e) {
    if (!(e instanceof RtpError)) throw new Error(`non-RtpError thrown: ${String(e)}`, { cause: e });
  }
  expect(overreads()).toBe(0);
}

const aiortc = loadVectors('rtp-rtcp-aiortc.json');
const pion = loadVectors('rtcp-pion.json');
const constructed = loadVectors('rtp-rtcp-constructed.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const hexes = (list: any[]) => list.map((v) => hex(v.hex));
const rtpSeeds = [
  ...hexes(aiortc.rtp),
  hex(constructed.constructed[0].hex),
  hex(constructed.constructed[1].hex),
];
const rtcpSeeds = [
  ...hexes(aiortc.rtcp),
  ...hexes(aiortc.rtcp_compound),
  ...hexes(pion.rtcp_compound),
  ...hexes(pion.rtcp_feedback),
  ...hexes(constructed.constructed.slice(2)),
  encodeRtcp([
    { type: 'app', subtype: 1, ssrc: 2, name: 'ABCD', data: new Uint8Array(8) },
    { type: 'xr', ssrc: 3, blocks: new Uint8Array(12) },
    { type: 'bye', sources: [1], reason: 'x' },
  ]),
];

/** Seeds mutated by byte flips, truncation and extension, plus pure random bytes. */
function inputs(seeds: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      fc.option(fc.nat()),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([seed, flips, cut, tail]) => {
      const b = Uint8Array.from(seed);
      for (const [pos, v] of flips) if (b.length) b[pos % b.length] = v;
      const cutAt = cut === null ? b.length : cut % (b.length + 1);
      return Uint8Array.from([...b.subarray(0, cutAt), ...(cut === null ? tail : [])]);
    });
  return fc.oneof(mutated, fc.uint8Array({ maxLength: 300 }));
}

const prop = (arb: fc.Arbitrary<Uint8Array>, decode: (b: Uint8Array) => unknown) =>
  fc.assert(
    fc.property(arb, (b) => check(decode, b)),
    { seed: SEED, numRuns: RUNS },
  );

test('the guard itself detects a read past the input and foreign errors', () => {
  expect(() => check((b) => b[b.length], Uint8Array.of(1, 2))).toThrow();
  expect(() => check((b) => b[-1], Uint8Array.of(1, 2))).toThrow();
  expect(() =>
    check(() => {
      throw new TypeError('boom');
    }, Uint8Array.of(1)),
  ).toThrow(/non-RtpError/);
  check((b) => b.subarray(1)[0], Uint8Array.of(1, 2));
});

describe('fuzz: RTP', () => {
  test('decodeRtpPacket, header length, extensions, RTX', () => {
    prop(inputs(rtpSeeds), (b) => {
      rtpHeaderLength(b);
      const p = decodeRtpPacket(b);
      expect(p.payload.byteOffset + p.payload.length).toBeLessThanOrEqual(b.byteOffset + b.length);
      expect(encodeRtpPacket(p).length).toBe(b.length);
      if (p.extension) {
        parseHeaderExtensions(p.extension);
        findHeaderExtension(p.extension, 1);
      }
      unwrapRtx(p, 96, 1);
    });
  });

  test('typed extension decoders', () => {
    const decoders = [
      decodeMid,
      decodeAbsSendTime,
      decodeTransportSequenceNumber,
      decodeAudioLevel,
      decodeVideoOrientation,
      decodePlayoutDelay,
      decodeAbsCaptureTime,
    ];
    prop(fc.uint8Array({ maxLength: 20 }), (b) => {
      for (const d of decoders) check(d, b);
    });
  });
});

describe('fuzz: RTCP (every packet type via mutated vectors)', () => {
  test('decodeRtcp and re-encode of whatever decodes', () => {
    prop(inputs(rtcpSeeds), (b) => {
      rtcpSsrc(b);
      const packets = decodeRtcp(b);
      for (const p of packets) if (p.type === 'twcc') transportCcResults(p);
      encodeRtcpSafe(packets);
    });
  });

  test('each packet type with a random body', () => {
    const types = [200, 201, 202, 203, 204, 205, 206, 207, 210];
    const arb = fc.tuple(
      fc.constantFrom(...types),
      fc.integer({ min: 0, max: 31 }),
      fc.uint8Array({ maxLength: 120 }),
    );
    fc.assert(
      fc.property(arb, ([pt, count, body]) => {
        const n = body.length & ~3;
        const b = new Uint8Array(4 + n);
        b[0] = 0x80 | count;
        b[1] = pt;
        b[2] = (n / 4) >> 8;
        b[3] = (n / 4) & 0xff;
        b.set(body.subarray(0, n), 4);
        check(decodeRtcp, b);
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });
});

/** Re-encoding a decoded packet may legitimately fail (RtpError) but must not throw anything else. */
function encodeRtcpSafe(packets: RtcpPacket[]): void {
  try {
    encodeRtcp(packets);
  } catch (e) {
    if (!(e instanceof RtpError)) throw e;
  }
}

describe('fuzz: depacketizers', () => {
  const depacketizers: [string, RtpDepacketizer][] = [
    ['vp8', new Vp8Depacketizer()],
    ['vp9', new Vp9Depacketizer()],
    ['h264', new H264Depacketizer()],
    ['av1', new Av1Depacketizer()],
    ['opus', new OpusDepacketizer()],
    ['g711', new G711Depacketizer()],
  ];
  test.each(depacketizers)('%s', (_name, dp) => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 4 }), (payloads) => {
        for (const p of payloads) {
          check((b) => dp.isKeyframe(b), p);
          check((b) => dp.isFrameStart(b), p);
        }
        try {
          dp.assemble(payloads);
        } catch (e) {
          if (!(e instanceof RtpError)) throw e;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test('bitstream helpers', () => {
    prop(fc.uint8Array({ maxLength: 60 }), (b) => {
      check(splitAnnexB, b);
      check(splitAv1Obus, b);
      check((x) => readLeb128(x, 0), b);
      check(opusPacketSamples, b);
    });
  });

  test('jitter buffer never throws on random packets', () => {
    const packet = fc.record({
      marker: fc.boolean(),
      payloadType: fc.constant(96),
      sequenceNumber: fc.integer({ min: 0, max: 40 }),
      timestamp: fc.integer({ min: 0, max: 5 }).map((t) => t * 3000),
      ssrc: fc.constant(1),
      csrcs: fc.constant([] as number[]),
      extension: fc.constant(undefined),
      payload: fc.uint8Array({ maxLength: 12 }),
      paddingLength: fc.constant(0),
    });
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 60 }), (packets) => {
        for (const dp of [new Vp8Depacketizer(), new H264Depacketizer(), new Av1Depacketizer()]) {
          const jb = new JitterBuffer({ depacketizer: dp, maxPackets: 16, maxWaitMs: 5 });
          packets.forEach((p, i) => {
            jb.handlePacket(p, i);
            jb.handleTimeout(i);
            expect(jb.size).toBeLessThanOrEqual(16);
          });
          while (jb.pollFrame());
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('fuzz: media files', () => {
  const fixture = (name: string) =>
    new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
  const ivfSeeds = ['testsrc-vp8.ivf', 'testsrc-av1.ivf'].map(fixture);
  const ogg = fixture('sine-440.opus');

  test('IVF reader', () => {
    prop(inputs(ivfSeeds), (b) => {
      const r = new IvfReader(b);
      for (let i = 0; i < 10 && r.readFrame(); i++);
    });
  });

  test('Ogg/Opus reader, pages, OpusHead, OpusTags', () => {
    prop(inputs([ogg, ogg.subarray(0, 200)]), (b) => {
      check(readOggOpus, b);
      check((x) => parseOggPage(x, 0), b);
      check(parseOpusHead, b);
      check(parseOpusTags, b);
    });
  });

  test('a mutated Ogg page fails its CRC', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (pos, x) => {
        const b = ogg.slice();
        const { size } = parseOggPage(b, 0);
        b[pos % size]! ^= x;
        expect(() => parseOggPage(b, 0)).toThrow(RtpError);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
