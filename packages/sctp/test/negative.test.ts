import { type Chunk, ChunkType, DataFlags, decodePacket, encodePacket } from '../src/index.js';
import { Pair } from './pipe.js';

/** An established pair plus a way to inject crafted packets into b as if from a. */
function setup() {
  const p = new Pair({ delay: 5 });
  p.connect();
  const id = p.a.createChannel({ label: 'x' }, p.now);
  p.a.send(id, new Uint8Array([1]), true, p.now);
  p.runUntil(() => p.eventsB.some((e) => e.type === 'message'));
  // Learn the tags and the next TSN from a real packet a -> b.
  let sample: ReturnType<typeof decodePacket> | undefined;
  p.link.tap = (from: string, pkt: Uint8Array) => {
    if (from === 'a' && !sample) {
      const d = decodePacket(pkt);
      if (d.chunks.some((c) => c.type === ChunkType.DATA)) sample = d;
    }
    return pkt;
  };
  p.a.send(id, new Uint8Array([2]), true, p.now);
  p.runUntil(() => sample !== undefined && p.eventsB.filter((e) => e.type === 'message').length === 2);
  delete p.link.tap;
  const data = sample!.chunks.find((c) => c.type === ChunkType.DATA) as Extract<Chunk, { type: 0 }>;
  const inject = (chunks: Chunk[], tag = sample!.verificationTag) => {
    p.b.handlePacket(encodePacket({ srcPort: 5000, dstPort: 5000, verificationTag: tag }, chunks), p.now);
    p.flush();
  };
  const dataChunk = (tsn: number, payload: Uint8Array, flags = 3, streamId = id, ssn = 50): Chunk => ({
    type: ChunkType.DATA,
    flags,
    tsn: tsn >>> 0,
    streamId,
    ssn,
    ppid: 53,
    userData: payload,
  });
  const messages = () => p.eventsB.filter((e) => e.type === 'message').length;
  return { p, id, tag: sample!.verificationTag, nextTsn: (data.tsn + 1) >>> 0, inject, dataChunk, messages };
}

describe('hostile input is dropped or aborted cleanly', () => {
  it('bad checksum: dropped and counted', () => {
    const { p, nextTsn, dataChunk, tag, messages } = setup();
    const pkt = encodePacket({ srcPort: 5000, dstPort: 5000, verificationTag: tag }, [
      dataChunk(nextTsn, new Uint8Array([9])),
    ]);
    pkt[8]! ^= 0xff;
    const before = p.b.stats.packetsDropped;
    p.b.handlePacket(pkt, p.now);
    expect(p.b.stats.packetsDropped).toBe(before + 1);
    expect(messages()).toBe(2);
  });

  it('wrong verification tag: dropped', () => {
    const { p, nextTsn, dataChunk, inject, tag, messages } = setup();
    const before = p.b.stats.packetsDropped;
    inject([dataChunk(nextTsn, new Uint8Array([9]))], (tag + 1) >>> 0);
    expect(p.b.stats.packetsDropped).toBe(before + 1);
    expect(messages()).toBe(2);
    // ABORT with a wrong tag must not kill the association (RFC 9260 §8.5.1).
    inject([{ type: ChunkType.ABORT, flags: 0, causes: [] }], (tag + 1) >>> 0);
    inject([{ type: ChunkType.ABORT, flags: 1, causes: [] }], tag);
    expect(p.b.state).toBe('established');
    // INIT with a non-zero tag is dropped too.
    inject(
      [
        {
          type: ChunkType.INIT,
          flags: 0,
          initiateTag: 5,
          advertisedRwnd: 1,
          outboundStreams: 1,
          inboundStreams: 1,
          initialTsn: 1,
          params: [],
        },
      ],
      12345,
    );
    expect(p.b.state).toBe('established');
  });

  it('chunk length past the packet end: dropped', () => {
    const { p, nextTsn, dataChunk, tag, messages } = setup();
    const pkt = encodePacket({ srcPort: 5000, dstPort: 5000, verificationTag: tag }, [
      dataChunk(nextTsn, new Uint8Array([9])),
    ]);
    pkt[15] = 200; // chunk length low byte
    const c = fixChecksum(pkt); // only the length is wrong
    const before = p.b.stats.packetsDropped;
    p.b.handlePacket(c, p.now);
    expect(p.b.stats.packetsDropped).toBe(before + 1);
    expect(messages()).toBe(2);
  });

  it('TSN far outside the window: dropped, nothing buffered', () => {
    const { p, nextTsn, dataChunk, inject, messages } = setup();
    inject([dataChunk(nextTsn + 0x10000000, new Uint8Array(1000))]);
    inject([dataChunk(nextTsn - 0x10000000, new Uint8Array(1000))]);
    expect(messages()).toBe(2);
    expect(p.b.stats.localRwnd).toBe(1024 * 1024);
    expect(p.b.state).toBe('established');
  });

  it('reassembly flood beyond max-message-size: association aborted, memory released', () => {
    const { p, nextTsn, dataChunk, inject } = setup();
    const frag = new Uint8Array(1100);
    let tsn = nextTsn;
    inject([dataChunk(tsn++, frag, DataFlags.BEGIN)]);
    for (let i = 0; i < 300 && p.b.state === 'established'; i++) inject([dataChunk(tsn++, frag, 0)]);
    expect(p.b.state).toBe('closed');
    expect(p.eventsB.find((e) => e.type === 'closed')).toMatchObject({ reason: 'protocol-violation' });
    expect(internals(p.b).receiver).toBeUndefined(); // all reassembly state released
    // a is closed too (by b's ABORT, or by b's SACKs acking TSNs a never sent: the injected ones).
    p.runUntil(() => p.a.state === 'closed');
  });

  it('a window flood of out-of-order fragments is bounded by the receive window', () => {
    const { p, nextTsn, dataChunk, inject } = setup();
    // Holes everywhere: 2 MiB of isolated middle fragments (never completable, no run over the limit).
    for (let i = 1; i < 2000; i++) inject([dataChunk(nextTsn + 2 * i, new Uint8Array(1100), 0, 0, 60)]);
    expect(p.b.state).toBe('established');
    expect(p.b.stats.localRwnd).toBeGreaterThanOrEqual(0);
    expect(p.b.stats.localRwnd).toBeLessThan(1100);
    expect(internals(p.b).receiver!.reasm.bytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it('stream id beyond the negotiated count: ERROR Invalid Stream Identifier, TSN acked', () => {
    const p = new Pair({ delay: 5 }, 1, {}, {});
    p.connect();
    internals(p.b).inboundStreams = 16;
    p.a.createChannel({ negotiated: true, id: 100 }, p.now);
    p.a.send(100, new Uint8Array([1]), true, p.now);
    p.runUntil(() => p.eventsA.some((e) => e.type === 'error'));
    expect(p.eventsA.find((e) => e.type === 'error')).toMatchObject({ causeCodes: [1] });
    p.runUntil(() => p.a.stats.flightSize === 0);
    expect(p.eventsB.some((e) => e.type === 'message')).toBe(false);
  });

  it('garbage and truncated packets never throw', () => {
    const { p } = setup();
    for (let n = 0; n < 64; n++) p.b.handlePacket(new Uint8Array(n).fill(n), p.now);
    expect(p.b.state).toBe('established');
  });
});

import { sctpChecksum } from '../src/index.js';

function fixChecksum(b: Uint8Array): Uint8Array {
  Buffer.from(b.buffer, b.byteOffset, b.length).writeUInt32LE(sctpChecksum(b), 8);
  return b;
}

/** Test-only view of an association's private state (memory-bound assertions). */
function internals(a: unknown) {
  return (a as { t: unknown }).t as { receiver?: { reasm: { bytes: number } }; inboundStreams: number };
}
