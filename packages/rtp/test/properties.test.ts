import fc from 'fast-check';
import {
  Av1Depacketizer,
  Av1Packetizer,
  buildTransportCc,
  decodeRtcp,
  decodeRtpPacket,
  encodeHeaderExtensions,
  encodeRtcp,
  encodeRtpPacket,
  H264Depacketizer,
  H264Packetizer,
  type HeaderExtension,
  parseHeaderExtensions,
  type RtcpPacket,
  type RtpPacket,
  splitAnnexB,
  transportCcResults,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
} from '../src/index.js';

const opts = { seed: 424242, numRuns: 200 };
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const words = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => b.subarray(0, b.length & ~3));

const extensionElements = fc.array(
  fc.record({ id: fc.integer({ min: 1, max: 255 }), data: fc.uint8Array({ maxLength: 40 }) }),
  { maxLength: 6 },
);

const rtpPacket: fc.Arbitrary<RtpPacket> = fc.record({
  marker: fc.boolean(),
  payloadType: fc.integer({ min: 0, max: 127 }),
  sequenceNumber: u16,
  timestamp: u32,
  ssrc: u32,
  csrcs: fc.array(u32, { maxLength: 15 }),
  extension: fc.option(
    fc.oneof(
      extensionElements.map((els) => encodeHeaderExtensions(els)),
      fc.record({ profile: u16, data: words(32) }),
    ),
    { nil: undefined },
  ),
  payload: fc.uint8Array({ maxLength: 200 }),
  paddingLength: fc.integer({ min: 0, max: 255 }),
});

test('RTP packets round-trip', () => {
  fc.assert(
    fc.property(rtpPacket, (p) => {
      const back = decodeRtpPacket(encodeRtpPacket(p));
      expect({ ...back, csrcs: [...back.csrcs] }).toEqual({ ...p, csrcs: [...p.csrcs] });
    }),
    opts,
  );
});

test('RFC 8285 elements round-trip in whichever form is chosen', () => {
  fc.assert(
    fc.property(extensionElements, (els: HeaderExtension[]) => {
      const block = encodeHeaderExtensions(els);
      expect(parseHeaderExtensions(block)).toEqual(els);
    }),
    opts,
  );
});

const reportBlock = fc.record({
  ssrc: u32,
  fractionLost: fc.integer({ min: 0, max: 255 }),
  packetsLost: fc.integer({ min: -0x800000, max: 0x7fffff }),
  highestSequence: u32,
  jitter: u32,
  lsr: u32,
  dlsr: u32,
});
const ascii = fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s));
const rtcpPacket: fc.Arbitrary<RtcpPacket> = fc.oneof(
  fc.record({
    type: fc.constant('sr' as const),
    ssrc: u32,
    ntpTimestamp: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    rtpTimestamp: u32,
    packetCount: u32,
    octetCount: u32,
    reports: fc.array(reportBlock, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('rr' as const),
    ssrc: u32,
    reports: fc.array(reportBlock, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant('sdes' as const),
    chunks: fc.array(
      fc.record({
        ssrc: u32,
        items: fc.array(fc.record({ type: fc.integer({ min: 1, max: 8 }), value: ascii }), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  }),
  fc.record({ type: fc.constant('bye' as const), sources: fc.array(u32, { maxLength: 4 }) }),
  fc.record({
    type: fc.constant('app' as const),
    subtype: fc.integer({ min: 0, max: 31 }),
    ssrc: u32,
    name: fc.constantFrom('TEST', 'abcd'),
    data: words(16),
  }),
  fc.record({
    type: fc.constant('nack' as const),
    senderSsrc: u32,
    mediaSsrc: u32,
    lost: fc
      .uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 20 })
      .map((l) => l.sort((a, b) => a - b)),
  }),
  fc.record({ type: fc.constant('pli' as const), senderSsrc: u32, mediaSsrc: u32 }),
  fc.record({
    type: fc.constant('fir' as const),
    senderSsrc: u32,
    mediaSsrc: fc.constant(0),
    entries: fc.array(fc.record({ ssrc: u32, sequenceNumber: fc.integer({ min: 0, max: 255 }) }), {
      maxLength: 3,
    }),
  }),
  fc.record({
    type: fc.constant('remb' as const),
    senderSsrc: u32,
    mediaSsrc: u32,
    bitrate: fc
      .integer({ min: 0, max: 0x3ffff })
      .chain((m) => fc.integer({ min: 0, max: 40 }).map((e) => m * 2 ** e)),
    ssrcs: fc.array(u32, { maxLength: 4 }),
  }),
  fc.record({ type: fc.constant('xr' as const), ssrc: u32, blocks: words(16) }),
);

test('RTCP compound packets round-trip', () => {
  fc.assert(
    fc.property(fc.array(rtcpPacket, { minLength: 1, maxLength: 4 }), (packets) => {
      expect(decodeRtcp(encodeRtcp(packets))).toEqual(packets);
    }),
    opts,
  );
});

test('transport-cc builder: results reproduce the arrivals within a 250 us tick', () => {
  const arrivals = fc
    .array(fc.option(fc.integer({ min: -20_000, max: 80_000 })), { minLength: 1, maxLength: 300 })
    .map((deltas) => {
      let t = 5_000_000;
      return [t, ...deltas.map((d) => (d === null ? undefined : (t += d)))];
    });
  fc.assert(
    fc.property(arrivals, u16, (arr, base) => {
      const fb = buildTransportCc({
        senderSsrc: 1,
        mediaSsrc: 2,
        fbPktCount: 3,
        baseSequenceNumber: base,
        arrivals: arr,
      });
      const decoded = decodeRtcp(encodeRtcp([fb]))[0]!;
      expect(decoded).toEqual(fb);
      const results = transportCcResults(fb);
      arr.forEach((a, i) => {
        expect(results[i]!.received).toBe(a !== undefined);
        if (a !== undefined) expect(Math.abs(results[i]!.arrivalTimeUs! - a)).toBeLessThanOrEqual(125);
      });
    }),
    { ...opts, numRuns: 100 },
  );
});

describe('packetize then assemble gives the frame back', () => {
  const mtu = fc.integer({ min: 8, max: 300 });
  test('VP8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), mtu, (f, m) => {
        expect(new Vp8Depacketizer().assemble(new Vp8Packetizer().packetize(f, m))).toEqual(f);
      }),
      opts,
    );
  });
  test('VP9', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), mtu, (f, m) => {
        expect(new Vp9Depacketizer().assemble(new Vp9Packetizer().packetize(f, m))).toEqual(f);
      }),
      opts,
    );
  });
  test('H.264 (NAL units without emulated start codes)', () => {
    const nal = fc
      .tuple(fc.constantFrom(0x61, 0x65, 0x67, 0x68, 0x06), fc.uint8Array({ maxLength: 600 }))
      .map(([h, body]) => Uint8Array.from([h, ...body.map((x) => x | 0x04)])); // no 00 00 0x sequences
    fc.assert(
      fc.property(fc.array(nal, { minLength: 1, maxLength: 6 }), mtu, (nals, m) => {
        const au = Uint8Array.from(nals.flatMap((n) => [0, 0, 0, 1, ...n]));
        const payloads = new H264Packetizer().packetize(au, m);
        for (const p of payloads) expect(p.length).toBeLessThanOrEqual(m);
        expect(splitAnnexB(new H264Depacketizer().assemble(payloads))).toEqual(nals);
      }),
      opts,
    );
  });
  test('AV1', () => {
    const obu = fc
      .tuple(fc.constantFrom(1, 3, 4, 5, 6), fc.boolean(), fc.uint8Array({ maxLength: 500 }))
      .map(([type, ext, body]) => {
        const header = ext ? [(type << 3) | 0x06, 0x08] : [(type << 3) | 0x02];
        const size: number[] = [];
        let n = body.length;
        do {
          size.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
          n >>= 7;
        } while (n > 0);
        return [...header, ...size, ...body];
      });
    fc.assert(
      fc.property(fc.array(obu, { minLength: 1, maxLength: 5 }), mtu, (obus, m) => {
        const tu = Uint8Array.from([0x12, 0x00, ...obus.flat()]);
        const payloads = new Av1Packetizer().packetize(tu, m);
        for (const p of payloads) expect(p.length).toBeLessThanOrEqual(m);
        expect(new Av1Depacketizer().assemble(payloads)).toEqual(tu);
      }),
      opts,
    );
  });
});
