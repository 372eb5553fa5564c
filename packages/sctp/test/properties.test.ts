import fc from 'fast-check';
import {
  type Chunk,
  ChunkType,
  decodeDcep,
  decodePacket,
  encodeDcep,
  encodePacket,
  SctpError,
} from '../src/index.js';
import { hex, vectors } from './helpers.js';

const onlySctpError = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof SctpError)) throw e;
  }
};

const fixtures = (vectors('sctp-packets-aiortc.json').vectors as { packet_hex: string }[]).map((v) =>
  hex(v.packet_hex),
);

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

const chunkArb: fc.Arbitrary<Chunk> = fc.oneof(
  fc.record({
    type: fc.constant(ChunkType.DATA),
    flags: fc.integer({ min: 0, max: 15 }),
    tsn: u32,
    streamId: u16,
    ssn: u16,
    ppid: u32,
    userData: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    type: fc.constant(ChunkType.SACK),
    flags: fc.constant(0),
    cumulativeTsnAck: u32,
    advertisedRwnd: u32,
    gapBlocks: fc.array(u16, { maxLength: 8 }).map((a) => (a.length % 2 ? a.slice(1) : a)),
    duplicateTsns: fc.array(u32, { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constantFrom(ChunkType.INIT, ChunkType.INIT_ACK),
    flags: fc.constant(0),
    initiateTag: u32,
    advertisedRwnd: u32,
    outboundStreams: u16,
    inboundStreams: u16,
    initialTsn: u32,
    params: fc.array(fc.record({ type: u16, value: bytes(12) }), { maxLength: 4 }),
  }),
  fc.record({
    type: fc.constant(ChunkType.FORWARD_TSN),
    flags: fc.constant(0),
    newCumulativeTsn: u32,
    streams: fc.array(u16, { maxLength: 6 }).map((a) => (a.length % 2 ? a.slice(1) : a)),
  }),
  fc.record({
    type: fc.constantFrom(ChunkType.HEARTBEAT, ChunkType.HEARTBEAT_ACK),
    flags: fc.constant(0),
    info: bytes(40),
  }),
  fc.record({
    type: fc.constantFrom(ChunkType.ABORT, ChunkType.ERROR),
    flags: fc.integer({ min: 0, max: 1 }),
    causes: fc.array(fc.record({ code: u16, info: bytes(9) }), { maxLength: 3 }),
  }),
  fc.record({ type: fc.constant(ChunkType.SHUTDOWN), flags: fc.constant(0), cumulativeTsnAck: u32 }),
  fc.record({
    type: fc.constantFrom(ChunkType.COOKIE_ACK, ChunkType.SHUTDOWN_ACK, ChunkType.SHUTDOWN_COMPLETE),
    flags: fc.constant(0),
  }),
  fc.record({ type: fc.constant(ChunkType.COOKIE_ECHO), flags: fc.constant(0), cookie: bytes(40) }),
  fc.record({
    type: fc.constant(ChunkType.RE_CONFIG),
    flags: fc.constant(0),
    params: fc.array(
      fc.oneof(
        fc.record({
          type: fc.constant(13 as const),
          requestSeq: u32,
          responseSeq: u32,
          lastTsn: u32,
          streams: fc.array(u16, { maxLength: 4 }),
        }),
        fc.record({ type: fc.constant(16 as const), responseSeq: u32, result: u32 }),
        fc.record({ type: fc.constant(17 as const), requestSeq: u32, newStreams: u16 }),
      ),
      { minLength: 1, maxLength: 2 },
    ),
  }),
) as fc.Arbitrary<Chunk>;

describe('properties', () => {
  it('encode/decode round-trips every chunk type', () => {
    fc.assert(
      fc.property(
        u16,
        u16,
        u32,
        fc.array(chunkArb, { minLength: 1, maxLength: 4 }),
        (src, dst, tag, chunks) => {
          const p = decodePacket(encodePacket({ srcPort: src, dstPort: dst, verificationTag: tag }, chunks));
          expect(p.chunks).toEqual(chunks);
          expect([p.srcPort, p.dstPort, p.verificationTag]).toEqual([src, dst, tag]);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('random bytes only ever raise SctpError (with and without checksum)', () => {
    fc.assert(
      fc.property(bytes(200), (b) => {
        onlySctpError(() => decodePacket(b));
        onlySctpError(() => decodePacket(b, { verifyChecksum: false }));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('mutated real packets only ever raise SctpError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (pkt, muts, cut) => {
          const b = Uint8Array.from(pkt);
          for (const [i, v] of muts) b[i % b.length] = v;
          const t = b.subarray(0, cut % (b.length + 1));
          onlySctpError(() => decodePacket(t, { verifyChecksum: false }));
        },
      ),
      { numRuns: 1000, seed: 8 },
    );
  });

  it('DCEP: round trip, and random bytes only raise SctpError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x00, 0x80, 0x01, 0x81, 0x02, 0x82),
        u16,
        u32,
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ maxLength: 10 }),
        (channelType, priority, reliabilityParameter, label, protocol) => {
          const m = { type: 0x03 as const, channelType, priority, reliabilityParameter, label, protocol };
          expect(decodeDcep(encodeDcep(m))).toEqual(m);
        },
      ),
      { numRuns: 300, seed: 9 },
    );
    fc.assert(
      fc.property(bytes(40), (b) => onlySctpError(() => decodeDcep(b))),
      { numRuns: 1000, seed: 10 },
    );
  });
});
