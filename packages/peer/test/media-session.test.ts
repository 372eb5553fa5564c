import { type AssembledFrame, decodeRtcp, ExtensionUri, encodeRtcp, encodeRtpPacket } from '@rtc/rtp';
import fc from 'fast-check';
import {
  defaultAudioCodecs,
  defaultVideoCodecs,
  MediaSession,
  type MediaSessionEvent,
  type ReceiveStream,
  receiveStreamStats,
  sendStreamStats,
  srtpExporterLength,
  srtpSessionFromExporter,
} from '../src/media/index.js';
import { EncodedTrackSource, TrackSink } from '../src/media/nonstandard/index.js';

const PROFILE = 'SRTP_AES128_CM_HMAC_SHA1_80' as const;
const EXT = { absSendTime: 2, transportCc: 3, mid: 4 };

/** A seeded uniform [0, 1) source (mulberry32) so runs repeat exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pair() {
  const material = new Uint8Array(srtpExporterLength(PROFILE)).map((_, i) => (i * 7 + 3) & 0xff);
  const a = new MediaSession({
    srtp: srtpSessionFromExporter(material, PROFILE, 'client'),
    cname: 'alice',
    extensions: EXT,
    random: seeded(1),
  });
  const b = new MediaSession({
    srtp: srtpSessionFromExporter(material, PROFILE, 'server'),
    cname: 'bob',
    extensions: EXT,
    random: seeded(2),
  });
  const video = a.addSendStream({
    kind: 'video',
    ssrc: 0x1111,
    rtxSsrc: 0x1112,
    payloadType: 96,
    rtxPayloadType: 97,
    clockRate: 90000,
    mid: '1',
  });
  const audio = a.addSendStream({
    kind: 'audio',
    ssrc: 0x2222,
    payloadType: 111,
    clockRate: 48000,
    mid: '0',
  });
  const vp8 = defaultVideoCodecs().slice(0, 2); // VP8 96 + RTX 97
  const rv = b.addReceiveStream({ kind: 'video', mid: '1', codecs: vp8 });
  const ra = b.addReceiveStream({ kind: 'audio', mid: '0', codecs: defaultAudioCodecs() });
  return { a, b, video, audio, rv, ra };
}

/** Moves every queued datagram from one session to the other; `drop` may discard some. */
function pump(
  from: MediaSession,
  to: MediaSession,
  now: number,
  drop?: (d: Uint8Array, i: number) => boolean,
): number {
  let i = 0;
  for (let d = from.pollTransmit(); d; d = from.pollTransmit()) {
    if (!drop?.(d, i)) to.handlePacket(d, now);
    i++;
  }
  return i;
}

function events(s: MediaSession): MediaSessionEvent[] {
  const out: MediaSessionEvent[] = [];
  for (let e = s.pollEvent(); e; e = s.pollEvent()) out.push(e);
  return out;
}

function frame(size: number, key: boolean, fill: number): Uint8Array {
  const f = new Uint8Array(size).fill(fill);
  f[0] = key ? 0x10 : 0x11; // VP8 payload header P bit: 0 = key frame
  return f;
}

function feedSink(s: MediaSession, sink: TrackSink, stream: ReceiveStream): void {
  for (const e of events(s)) if (e.type === 'rtp' && e.stream === stream) sink.handlePacket(e.packet, e.now);
}

function drainFrames(sink: TrackSink): AssembledFrame[] {
  const out: AssembledFrame[] = [];
  for (let f = sink.pollFrame(); f; f = sink.pollFrame()) out.push(f);
  return out;
}

describe('MediaSession back to back (in memory)', () => {
  it('sends VP8 frames that route by mid, bind the SSRC and reassemble', () => {
    const { a, b, video, rv } = pair();
    const source = new EncodedTrackSource({ codec: 'video/VP8', initialTimestamp: 1000 });
    source.attach(a, video);
    const sink = new TrackSink({ codec: 'video/VP8' });
    const sent = [frame(3000, true, 1), frame(1500, false, 2), frame(200, false, 3)];
    sent.forEach((f, i) => {
      source.writeFrame({ data: f, timestampMs: i * 33.3 }, i * 33);
    });
    pump(a, b, 100);
    feedSink(b, sink, rv);
    const frames = drainFrames(sink);
    expect(frames.map((f) => f.data)).toEqual(sent);
    expect(frames[0]!.keyframe).toBe(true);
    expect(frames[1]!.timestamp - frames[0]!.timestamp).toBe(Math.round(33.3 * 90));
    expect(rv.ssrc).toBe(0x1111);
    expect(rv.counters.packetsReceived).toBe(source.stats.packetsSent);
    expect(sink.pollPacket()?.ssrc).toBe(0x1111);
  });

  it('an RTX copy of a packet already received (a bandwidth probe) is dropped and counted apart', () => {
    const { a, b, video, rv } = pair();
    const source = new EncodedTrackSource({ codec: 'vp8' });
    source.attach(a, video);
    for (let i = 0; i < 10; i++) source.writeFrame({ data: frame(300, i === 0, i), timestampMs: i * 33 }, i);
    pump(a, b, 20);
    const first = video.sequenceNumber - 10;
    // A NACK for packets that all arrived: the sender answers with RTX copies, like a probe.
    const nack = encodeRtcp([
      { type: 'nack', senderSsrc: 9, mediaSsrc: video.ssrc, lost: [first + 2, first + 5, first + 7] },
    ]);
    a.handlePacket(b.srtp.protectRtcp(nack), 30);
    expect(pump(a, b, 31)).toBe(3);
    expect(video.counters.retransmittedPacketsSent).toBe(3);
    expect(b.stats.duplicates).toBe(3);
    expect(rv.counters.packetsReceived).toBe(10);
    expect(rv.counters.retransmittedPacketsReceived).toBe(0);
    expect(rv.packetsLost).toBe(0);
    expect(events(b).filter((e) => e.type === 'rtp')).toHaveLength(10);
    // The receiver report says no loss either (RFC 3550 §6.4.1 cumulative lost).
    b.handleTimeout(5000);
    const stats = receiveStreamStats(rv, 'T', 5000)[0]!;
    expect(stats.packetsLost).toBe(0);
  });

  it('answers NACKs with RTX and the receiver recovers every lost packet', () => {
    const { a, b, video, rv } = pair();
    const source = new EncodedTrackSource({ codec: 'vp8' });
    source.attach(a, video);
    const sink = new TrackSink({ codec: 'vp8' });
    let now = 0;
    let lost = 0;
    for (let i = 0; i < 60; i++) {
      source.writeFrame({ data: frame(2500, i % 30 === 0, i), timestampMs: i * 33 }, now);
      // lose every 7th datagram on the way to b (the first one survives so the stream is bound)
      pump(a, b, now, (_d, k) => {
        const drop = (i * 3 + k) % 7 === 6;
        if (drop) lost++;
        return drop;
      });
      feedSink(b, sink, rv);
      now += 33;
      for (let t = b.nextDeadline(); t !== undefined && t <= now; t = b.nextDeadline()) b.handleTimeout(t);
      pump(b, a, now);
      events(a);
      pump(a, b, now + 5);
      feedSink(b, sink, rv);
    }
    for (let k = 0; k < 20; k++) {
      now += 50;
      b.handleTimeout(now);
      a.handleTimeout(now);
      pump(b, a, now);
      pump(a, b, now);
      feedSink(b, sink, rv);
    }
    expect(lost).toBeGreaterThan(10);
    expect(rv.counters.retransmittedPacketsReceived).toBeGreaterThanOrEqual(lost - 2);
    expect(video.counters.nackCount).toBeGreaterThan(0);
    expect(video.counters.retransmittedPacketsSent).toBeGreaterThanOrEqual(lost - 2);
    const frames = drainFrames(sink);
    expect(frames).toHaveLength(60);
    expect(frames.every((f) => !f.afterGap)).toBe(true);
    expect(rv.nack!.stats.recovered).toBeGreaterThan(0);
  });

  it('exchanges SR/RR/SDES on the interval and measures the round-trip time', () => {
    const { a, b, video, audio, rv } = pair();
    let now = 0;
    const oneWay = 20;
    const rtcpSeen: string[] = [];
    for (let i = 0; i < 200; i++) {
      a.sendRtp(video, { payload: new Uint8Array([0x10, 1, 2, 3]), timestamp: i * 3000, marker: true }, now);
      a.sendRtp(audio, { payload: new Uint8Array([0xfc, 1, 2]), timestamp: i * 960, marker: false }, now);
      for (const s of [a, b])
        for (let t = s.nextDeadline(); t !== undefined && t <= now; t = s.nextDeadline()) s.handleTimeout(t);
      // a's datagrams arrive at b after oneWay ms; RTCP is inspected in clear via b's own SRTP context copy
      const fromA: Uint8Array[] = [];
      for (let d = a.pollTransmit(); d; d = a.pollTransmit()) fromA.push(d);
      for (const d of fromA) b.handlePacket(d, now + oneWay);
      for (let d = b.pollTransmit(); d; d = b.pollTransmit()) {
        if ((d[1]! & 0x7f) >= 72 && (d[1]! & 0x7f) <= 76) rtcpSeen.push(String(d[1]));
        a.handlePacket(d, now + 2 * oneWay);
      }
      now += 20;
    }
    expect(rv.remoteSenderReport?.reportsReceived).toBeGreaterThan(1);
    expect(rv.remoteSenderReport?.packetCount).toBeGreaterThan(0);
    expect(rtcpSeen.length).toBeGreaterThan(1);
    const report = video.remoteReport;
    expect(report).toBeDefined();
    expect(report!.packetsLost).toBe(0);
    // Path RTT is 2 x 20 ms, plus b's 20 ms step before it handles what arrived (timers fire at
    // the deadline, up to one 20 ms step before the loop's now): 60 ms, up to 80 ms.
    expect(report!.roundTripTimeMs).toBeGreaterThanOrEqual(55);
    expect(report!.roundTripTimeMs).toBeLessThanOrEqual(85);
    // about one report per second over 4 s (RFC 3550 interval, randomized 0.5-1.5 / 1.22)
    expect(rv.remoteSenderReport!.reportsReceived).toBeGreaterThanOrEqual(2);
    expect(rv.remoteSenderReport!.reportsReceived).toBeLessThanOrEqual(10);
    // webrtc-stats views of the same numbers
    const [outbound, remoteInbound] = sendStreamStats(video, 'T0', now);
    expect(outbound).toMatchObject({
      type: 'outbound-rtp',
      ssrc: 0x1111,
      kind: 'video',
      packetsSent: 200,
      mid: '1',
    });
    expect(remoteInbound).toMatchObject({
      type: 'remote-inbound-rtp',
      localId: outbound!.id,
      packetsLost: 0,
    });
    expect(remoteInbound!.roundTripTime).toBeCloseTo(report!.roundTripTimeMs! / 1000);
    expect(remoteInbound!.roundTripTimeMeasurements).toBeGreaterThan(1);
    const [inbound, remoteOutbound] = receiveStreamStats(rv, 'T0', now);
    expect(inbound).toMatchObject({
      type: 'inbound-rtp',
      ssrc: 0x1111,
      packetsReceived: 200,
      packetsLost: 0,
      mid: '1',
    });
    expect(remoteOutbound).toMatchObject({ type: 'remote-outbound-rtp', localId: inbound!.id });
    expect(remoteOutbound!.packetsSent).toBeGreaterThan(0);
  });

  it('receives simulcast: one mid, three rids, each layer bound to its own receive stream', () => {
    const material = new Uint8Array(srtpExporterLength(PROFILE)).fill(5);
    const ids = { mid: 4, rid: 10, repairedRid: 11 };
    const a = new MediaSession({
      srtp: srtpSessionFromExporter(material, PROFILE, 'client'),
      cname: 'a',
      extensions: ids,
      random: seeded(3),
    });
    const b = new MediaSession({
      srtp: srtpSessionFromExporter(material, PROFILE, 'server'),
      cname: 'b',
      extensions: ids,
      random: seeded(4),
    });
    const codecs = defaultVideoCodecs().slice(0, 2);
    const layers = ['h', 'm', 'l'].map((rid, i) => ({
      send: a.addSendStream({
        kind: 'video',
        ssrc: 100 + i,
        rtxSsrc: 200 + i,
        payloadType: 96,
        rtxPayloadType: 97,
        clockRate: 90000,
        mid: '0',
        rid,
      }),
      recv: b.addReceiveStream({ kind: 'video', mid: '0', rid, codecs }),
    }));
    for (const { send } of layers)
      a.sendRtp(send, { payload: frame(100, true, 1), timestamp: 0, marker: true }, 0);
    pump(a, b, 1);
    expect(layers.map((l) => l.recv.ssrc)).toEqual([100, 101, 102]);
    // a NACK on layer m is answered on its RTX SSRC; the RTX packet routes by mid + rid and its RTX payload type
    const rtcp = encodeRtcp([
      { type: 'nack', senderSsrc: 9, mediaSsrc: 101, lost: [layers[1]!.send.sequenceNumber - 1] },
    ]);
    a.handlePacket(b.srtp.protectRtcp(rtcp), 2);
    pump(a, b, 3);
    expect(layers[1]!.recv.rtxSsrc).toBe(201);
    expect(b.stats.unknownSsrc).toBe(0);
    // The NACKed packet had arrived: its RTX copy is a duplicate, not a second reception.
    expect(b.stats.duplicates).toBe(1);
    expect(layers[1]!.recv.counters.retransmittedPacketsReceived).toBe(0);
    expect(layers[1]!.recv.counters.packetsReceived).toBe(1);
  });

  it('sends PLI and FIR on requestKeyframe; a repeated FIR sequence number is one request', () => {
    const { a, b, video, rv } = pair();
    expect(b.requestKeyframe(rv, 0)).toBe(false); // no SSRC known yet
    a.sendRtp(video, { payload: frame(100, true, 0), timestamp: 0, marker: true }, 0);
    pump(a, b, 1);
    expect(b.requestKeyframe(rv, 2, 'pli')).toBe(true);
    expect(b.requestKeyframe(rv, 3, 'fir')).toBe(true);
    pump(b, a, 4);
    // the same FIR command sequence number again (RFC 5104 §4.3.1.2), then a new one
    const fir = (seq: number) =>
      b.srtp.protectRtcp(
        encodeRtcp([
          {
            type: 'fir',
            senderSsrc: b.rtcpSsrc,
            mediaSsrc: 0,
            entries: [{ ssrc: 0x1111, sequenceNumber: seq }],
          },
        ]),
      );
    a.handlePacket(fir(rv.firSequenceNumber), 5);
    const requests = events(a).filter((e) => e.type === 'keyframe-request');
    expect(requests.map((e) => e.type === 'keyframe-request' && e.method)).toEqual(['pli', 'fir']);
    a.handlePacket(fir(rv.firSequenceNumber + 1), 6);
    expect(events(a).filter((e) => e.type === 'keyframe-request')).toHaveLength(1);
    expect(video.counters.firCount).toBe(2);
    expect(video.counters.pliCount).toBe(1);
    expect(rv.counters.pliCount).toBe(1);
    expect(rv.counters.firCount).toBe(1);
  });

  it('generates transport-wide CC feedback and parses REMB', () => {
    const { a, b, video } = pair();
    for (let i = 0; i < 20; i++)
      a.sendRtp(video, { payload: frame(300, i === 0, i), timestamp: i * 3000, marker: true }, i * 10);
    const datagrams: Uint8Array[] = [];
    for (let d = a.pollTransmit(); d; d = a.pollTransmit()) datagrams.push(d);
    datagrams.forEach((d, i) => {
      if (i !== 5) b.handlePacket(d, 100 + i * 10);
    });
    events(b);
    b.handleTimeout(500);
    b.sendRemb(1_500_000, [0x1111], 500);
    pump(b, a, 510);
    const evs = events(a);
    const twcc = evs.find((e) => e.type === 'transport-cc');
    expect(twcc?.type === 'transport-cc' && twcc.feedback.packetStatusCount).toBe(20);
    const remb = evs.find((e) => e.type === 'remb');
    expect(remb?.type === 'remb' && remb.bitrate).toBeGreaterThan(1_400_000);
    expect(remb?.type === 'remb' && remb.ssrcs).toEqual([0x1111]);
  });

  it('sends BYE on close and the remote reports it', () => {
    const { a, b, video } = pair();
    a.sendRtp(video, { payload: frame(100, true, 0), timestamp: 0, marker: true }, 0);
    a.close(10);
    pump(a, b, 10);
    const bye = events(b).find((e) => e.type === 'bye');
    expect(bye?.type === 'bye' && bye.ssrcs).toContain(0x1111);
    expect(a.nextDeadline()).toBeUndefined();
  });

  it('is idle without streams: no deadline, nothing to send', () => {
    const { a } = pair();
    const idle = new MediaSession({ srtp: a.srtp, cname: 'x' });
    expect(idle.nextDeadline()).toBeUndefined();
    idle.handleTimeout(1e9);
    expect(idle.pollTransmit()).toBeUndefined();
  });
});

describe('MediaSession negative cases', () => {
  it('drops SRTP with a bad authentication tag and counts it', () => {
    const { a, b, video, rv } = pair();
    a.sendRtp(video, { payload: frame(100, true, 0), timestamp: 0, marker: true }, 0);
    const d = a.pollTransmit()!;
    const bad = d.slice();
    bad[bad.length - 1]! ^= 0x01;
    b.handlePacket(bad, 1);
    expect(b.stats.srtpDropped).toBe(1);
    expect(b.srtp.stats.rtpDropped['auth-failed']).toBe(1);
    expect(events(b)).toHaveLength(0);
    b.handlePacket(d, 2); // the genuine packet still passes
    expect(rv.counters.packetsReceived).toBe(1);
  });

  it('drops a replayed SRTP packet and a tampered SRTCP packet', () => {
    const { a, b, video, rv } = pair();
    a.sendRtp(video, { payload: frame(100, true, 0), timestamp: 0, marker: true }, 0);
    const d = a.pollTransmit()!;
    b.handlePacket(d, 1);
    b.handlePacket(d, 2);
    expect(b.stats.srtpDropped).toBe(1);
    expect(b.srtp.stats.rtpDropped.replayed).toBe(1);
    expect(rv.counters.packetsReceived).toBe(1);
    expect(b.requestKeyframe(rv, 3)).toBe(true);
    const pli = b.pollTransmit()!.slice();
    pli[10]! ^= 0xff;
    a.handlePacket(pli, 4);
    expect(a.stats.srtcpDropped).toBe(1);
    expect(video.counters.pliCount).toBe(0);
  });

  it('drops RTP for an unknown SSRC (no mid, payload type of no section) and reports it once', () => {
    const { a, b } = pair();
    const stray = a.addSendStream({ kind: 'video', ssrc: 0x9999, payloadType: 50, clockRate: 90000 });
    a.sendRtp(stray, { payload: new Uint8Array(10), timestamp: 0, marker: true }, 0);
    a.sendRtp(stray, { payload: new Uint8Array(10), timestamp: 0, marker: true }, 1);
    pump(a, b, 2);
    expect(b.stats.unknownSsrc).toBe(2);
    const unknown = events(b).filter((e) => e.type === 'unknown-ssrc');
    expect(unknown).toEqual([{ type: 'unknown-ssrc', ssrc: 0x9999, payloadType: 50, mid: undefined }]);
  });

  it('routes an unsignalled SSRC by a payload type unique to one section, and not by a shared one', () => {
    const { a, b, rv } = pair();
    const noMid = new MediaSession({ srtp: a.srtp, cname: 'x', random: seeded(5) }); // no mid extension
    const s = noMid.addSendStream({ kind: 'video', ssrc: 0x7777, payloadType: 96, clockRate: 90000 });
    noMid.sendRtp(s, { payload: frame(50, true, 1), timestamp: 0, marker: true }, 0);
    pump(noMid, b, 1);
    expect(rv.ssrc).toBe(0x7777);
    // a second section with the same payload type makes 96 ambiguous for new SSRCs
    b.addReceiveStream({ kind: 'video', mid: '2', codecs: defaultVideoCodecs().slice(0, 2) });
    const s2 = noMid.addSendStream({ kind: 'video', ssrc: 0x7778, payloadType: 96, clockRate: 90000 });
    noMid.sendRtp(s2, { payload: frame(50, true, 1), timestamp: 0, marker: true }, 2);
    pump(noMid, b, 3);
    expect(b.stats.unknownSsrc).toBe(1);
  });

  it('counts a payload type the section did not negotiate as malformed', () => {
    const { a, b, video } = pair();
    a.sendRtp(video, { payload: frame(50, true, 1), timestamp: 0, marker: true }, 0);
    a.sendRtp(video, { payload: frame(50, true, 1), timestamp: 0, marker: true, payloadType: 120 }, 1);
    pump(a, b, 2);
    expect(b.stats.malformedRtp).toBe(1);
  });

  it('survives malformed RTCP (bad lengths, truncated feedback) and keeps working', () => {
    const { a, b, video, rv } = pair();
    a.sendRtp(video, { payload: frame(50, true, 1), timestamp: 0, marker: true }, 0);
    pump(a, b, 1);
    // length field says 16 words but only 2 follow
    const bogus = new Uint8Array([0x80, 201, 0x00, 0x10, 0, 0, 0x22, 0x22, 1, 2, 3, 4]);
    b.handlePacket(a.srtp.protectRtcp(bogus), 2);
    expect(b.stats.malformedRtcp).toBe(1);
    // a NACK whose FCI is cut short
    const nack = encodeRtcp([{ type: 'nack', senderSsrc: 1, mediaSsrc: 0x1111, lost: [1, 2] }]);
    a.handlePacket(b.srtp.protectRtcp(nack.subarray(0, 12)), 3);
    expect(a.stats.malformedRtcp).toBe(1);
    // a NACK, PLI and FIR for an SSRC we do not send are ignored
    const foreign = encodeRtcp([
      { type: 'rr', ssrc: 5, reports: [] },
      { type: 'nack', senderSsrc: 5, mediaSsrc: 0xdead, lost: [1] },
      { type: 'pli', senderSsrc: 5, mediaSsrc: 0xdead },
      { type: 'fir', senderSsrc: 5, mediaSsrc: 0, entries: [{ ssrc: 0xdead, sequenceNumber: 1 }] },
    ]);
    a.handlePacket(b.srtp.protectRtcp(foreign), 4);
    expect(events(a).filter((e) => e.type === 'keyframe-request')).toHaveLength(0);
    // still working afterwards
    expect(b.requestKeyframe(rv, 5)).toBe(true);
    pump(b, a, 6);
    expect(video.counters.pliCount).toBe(1);
  });

  it('never throws on random or mutated datagrams', () => {
    const { a, b, video } = pair();
    a.sendRtp(video, { payload: frame(200, true, 1), timestamp: 0, marker: true }, 0);
    const good = a.pollTransmit()!;
    b.handlePacket(good, 0);
    const rtp = encodeRtpPacket({
      marker: true,
      payloadType: 97,
      sequenceNumber: 9,
      timestamp: 0,
      ssrc: 0x1112,
      csrcs: [],
      extension: undefined,
      payload: new Uint8Array([0]),
      paddingLength: 0,
    });
    // a decryptable RTX packet whose payload is too short for the OSN
    b.handlePacket(a.srtp.protectRtp(rtp), 1);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 200 }),
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const m = good.slice();
            m[i]! ^= x;
            return m;
          }),
        ),
        (bytes) => {
          b.handlePacket(bytes, 5);
          b.handleTimeout(10);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
    expect(b.stats.srtpDropped + b.stats.srtcpDropped).toBeGreaterThan(0);
  });

  it('sends an RR + SDES compound when it only receives, and reduced-size feedback', () => {
    const { a, b, video } = pair();
    a.sendRtp(video, { payload: frame(50, true, 1), timestamp: 0, marker: true }, 0);
    pump(a, b, 1);
    events(b);
    b.handleTimeout(5000);
    const compounds: string[][] = [];
    for (let d = b.pollTransmit(); d; d = b.pollTransmit()) {
      const clear = a.srtp.unprotectRtcp(d);
      expect(clear.ok).toBe(true);
      if (clear.ok) compounds.push(decodeRtcp(clear.packet).map((p) => p.type));
    }
    // transport-cc feedback (reduced-size, RFC 5506) and the periodic RR + SDES (RFC 3550 §6.1)
    expect(compounds).toEqual([['twcc'], ['rr', 'sdes']]);
    expect(ExtensionUri.mid).toBe('urn:ietf:params:rtp-hdrext:sdes:mid');
  });
});
