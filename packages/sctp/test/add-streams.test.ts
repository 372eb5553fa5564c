// RFC 6525 §5.1.5 / §5.2.5 / §5.2.6: adding streams to an established association. The pair is
// made to negotiate few streams by rewriting b's INIT/INIT-ACK (its inbound stream count) on the wire.
import {
  type AssociationEvent,
  type Chunk,
  ChunkType,
  decodePacket,
  encodePacket,
  ParamType,
  SctpError,
} from '../src/index.js';
import { Pair } from './pipe.js';

type ReconfigParams = Extract<Chunk, { type: typeof ChunkType.RE_CONFIG }>['params'];

/** Test-only view of an association's stream counts and tags. */
function tcb(a: unknown) {
  return (a as { t: unknown }).t as {
    inboundStreams: number;
    outboundStreams: number;
    localTag: number;
    peerInitialTsn: number;
  };
}

interface Opts {
  /** b's inbound stream count as announced in its INIT and INIT-ACK. */
  bInbound: number;
  /** Remove RE-CONFIG from b's Supported Extensions. */
  noReconfig?: boolean;
}

function pair(o: Opts) {
  const p = new Pair({ delay: 5 });
  const fromA: { streams: number[]; reconfig: ReconfigParams[] }[] = [];
  const fromB: ReconfigParams[] = [];
  p.link.tap = (from, pkt) => {
    const d = decodePacket(pkt);
    if (from === 'a') {
      fromA.push({
        streams: d.chunks.flatMap((c) => (c.type === ChunkType.DATA ? [c.streamId] : [])),
        reconfig: d.chunks.flatMap((c) => (c.type === ChunkType.RE_CONFIG ? [c.params] : [])),
      });
      return pkt;
    }
    for (const c of d.chunks) if (c.type === ChunkType.RE_CONFIG) fromB.push(c.params);
    const first = d.chunks[0];
    if (first?.type !== ChunkType.INIT && first?.type !== ChunkType.INIT_ACK) return pkt;
    first.inboundStreams = o.bInbound;
    if (o.noReconfig)
      first.params = first.params.map((x) =>
        x.type === ParamType.SUPPORTED_EXTENSIONS
          ? { type: x.type, value: x.value.filter((t) => t !== ChunkType.RE_CONFIG) }
          : x,
      );
    return encodePacket(d, d.chunks);
  };
  p.connect();
  expect(tcb(p.a).outboundStreams).toBe(o.bInbound);
  return { p, fromA, fromB };
}

const opened = (ev: AssociationEvent[], id: number) =>
  ev.some((e) => e.type === 'channel-open' && e.channel.id === id);

describe('adding streams (RFC 6525)', () => {
  it('a channel beyond the negotiated streams waits for Add Outgoing Streams, then opens and carries data', () => {
    const { p, fromA, fromB } = pair({ bInbound: 16 });
    tcb(p.b).inboundStreams = 16; // b's own view, as if it had announced 16 itself
    const id = p.a.createChannel({ label: 'far', id: 40 }, p.now);
    expect(id).toBe(40);
    expect(p.a.channelState(40)?.state).toBe('connecting');
    expect(() => p.a.send(40, new Uint8Array([1]), true, p.now)).toThrow(SctpError);
    p.runUntil(() => opened(p.eventsA, 40) && opened(p.eventsB, 40));
    // The request asked for exactly the streams up to id 40; b granted them.
    const requests = fromA.flatMap((x) => x.reconfig.flat()).filter((x) => x.type === 17);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ newStreams: 25 });
    expect(fromB.flat().some((x) => x.type === 16 && x.result === 1)).toBe(true);
    expect(tcb(p.a).outboundStreams).toBe(41);
    expect(tcb(p.b).inboundStreams).toBe(41);
    // No DATA on stream 40 left a before the request did.
    const firstReq = fromA.findIndex((x) => x.reconfig.length > 0);
    const firstData = fromA.findIndex((x) => x.streams.includes(40));
    expect(firstReq).toBeGreaterThanOrEqual(0);
    expect(firstData).toBeGreaterThan(firstReq);
    p.a.send(40, new TextEncoder().encode('over the new stream'), false, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'message'));
    const m = p.eventsB.find((e) => e.type === 'message');
    expect(m).toMatchObject({ channelId: 40, binary: false });
    // A second channel within the granted range needs no new request.
    p.a.createChannel({ negotiated: true, id: 30 }, p.now);
    expect(p.a.channelState(30)?.state).toBe('open');
    p.runUntil(() => false, p.now + 2000);
    expect(fromA.flatMap((x) => x.reconfig.flat()).filter((x) => x.type === 17)).toHaveLength(1);
  });

  it('a denied request fails the channel (error + channel-closed) and sends nothing on it', () => {
    // b still counts 65535 inbound streams: adding more would pass the limit, so it denies (§5.2.5).
    const { p, fromA, fromB } = pair({ bInbound: 16 });
    p.a.createChannel({ negotiated: true, id: 20 }, p.now);
    p.runUntil(() => p.eventsA.some((e) => e.type === 'channel-closed'));
    expect(fromB.flat().some((x) => x.type === 16 && x.result === 2)).toBe(true);
    const err = p.eventsA.find((e) => e.type === 'error');
    expect(err).toMatchObject({ channelId: 20 });
    expect(p.a.channelState(20)).toBeUndefined();
    expect(fromA.some((x) => x.streams.includes(20))).toBe(false);
    expect(tcb(p.a).outboundStreams).toBe(16);
    // Channels inside the negotiated range are unaffected.
    p.a.createChannel({ negotiated: true, id: 2 }, p.now);
    expect(p.a.channelState(2)?.state).toBe('open');
  });

  it('a peer without RE-CONFIG: a stream beyond the negotiated count is refused at once', () => {
    const { p, fromA } = pair({ bInbound: 16, noReconfig: true });
    let err: unknown;
    try {
      p.a.createChannel({ negotiated: true, id: 20 }, p.now);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SctpError);
    expect((err as SctpError).code).toBe('invalid-channel');
    expect(p.a.channelState(20)).toBeUndefined();
    p.runUntil(() => false, p.now + 2000);
    expect(fromA.some((x) => x.reconfig.length > 0)).toBe(false);
    p.a.createChannel({ negotiated: true, id: 15 }, p.now);
    expect(p.a.channelState(15)?.state).toBe('open');
  });

  it('a channel created before the association is up asks for its stream once the counts are known', () => {
    const p = new Pair({ delay: 5 });
    p.link.tap = (from, pkt) => {
      const d = decodePacket(pkt);
      const first = d.chunks[0];
      if (from === 'a' || (first?.type !== ChunkType.INIT && first?.type !== ChunkType.INIT_ACK)) return pkt;
      first.inboundStreams = 8;
      return encodePacket(d, d.chunks);
    };
    p.a.createChannel({ label: 'early', id: 12 }, p.now);
    p.connect();
    tcb(p.b).inboundStreams = 8;
    p.runUntil(() => opened(p.eventsB, 12));
    expect(tcb(p.a).outboundStreams).toBe(13);
  });

  it("the peer's Add Incoming Streams request: we answer performed and add our outgoing streams", () => {
    const { p, fromA } = pair({ bInbound: 16 });
    tcb(p.b).inboundStreams = 16;
    const a = tcb(p.a);
    const reconfig = (params: ReconfigParams) =>
      p.a.handlePacket(
        encodePacket({ srcPort: 5000, dstPort: 5000, verificationTag: a.localTag }, [
          { type: ChunkType.RE_CONFIG, flags: 0, params },
        ]),
        p.now,
      );
    reconfig([{ type: 18, requestSeq: a.peerInitialTsn, newStreams: 8 }]);
    p.runUntil(() => a.outboundStreams === 24);
    const sent = fromA.flatMap((x) => x.reconfig.flat());
    expect(sent).toContainEqual(expect.objectContaining({ type: 16, result: 1 }));
    expect(sent).toContainEqual(expect.objectContaining({ type: 17, newStreams: 8 }));
    expect(tcb(p.b).inboundStreams).toBe(24);
    // Beyond 65535 streams in all: denied (§5.2.6), nothing requested.
    reconfig([{ type: 18, requestSeq: (a.peerInitialTsn + 1) >>> 0, newStreams: 65535 }]);
    p.runUntil(() => false, p.now + 1000);
    const after = fromA.flatMap((x) => x.reconfig.flat());
    expect(after).toContainEqual(expect.objectContaining({ type: 16, result: 2 }));
    expect(after.filter((x) => x.type === 17)).toHaveLength(1);
    expect(a.outboundStreams).toBe(24);
  });
});
