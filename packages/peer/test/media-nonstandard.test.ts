// The non-standard Node source and sink: IVF and Ogg/Opus files through two MediaSessions, with
// timestamps on the codec clock and frames reassembled on the far side.
import { IvfWriter, OggOpusWriter } from '@rtc/rtp';
import {
  defaultAudioCodecs,
  defaultVideoCodecs,
  MediaSession,
  MediaStreamTrack,
  srtpExporterLength,
  srtpSessionFromExporter,
} from '../src/media/index.js';
import {
  depacketizerFor,
  EncodedTrackSource,
  ivfFrames,
  oggOpusFrames,
  packetizerFor,
  TrackSink,
} from '../src/media/nonstandard/index.js';

const PROFILE = 'SRTP_AES128_CM_HMAC_SHA1_80' as const;

function sessions() {
  const material = new Uint8Array(srtpExporterLength(PROFILE)).fill(9);
  const ext = { mid: 4 };
  let x = 1;
  const random = () => (x = (x * 48271) % 2147483647) / 2147483647;
  const a = new MediaSession({
    srtp: srtpSessionFromExporter(material, PROFILE, 'client'),
    cname: 'a',
    extensions: ext,
    random,
  });
  const b = new MediaSession({
    srtp: srtpSessionFromExporter(material, PROFILE, 'server'),
    cname: 'b',
    extensions: ext,
    random,
  });
  return { a, b };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('EncodedTrackSource and TrackSink', () => {
  it('sends an IVF (VP8) file with 90 kHz timestamps from its time base and reassembles every frame', () => {
    const writer = new IvfWriter({
      fourcc: 'VP80',
      width: 320,
      height: 240,
      timebaseDenominator: 30,
      timebaseNumerator: 1,
    });
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const f = new Uint8Array(i % 20 === 0 ? 4000 : 900 + i).fill(i);
      f[0] = i % 20 === 0 ? 0x10 : 0x11;
      frames.push(f);
      writer.addFrame(f, i);
    }
    const file = writer.finish();
    const { a, b } = sessions();
    const stream = a.addSendStream({ kind: 'video', ssrc: 10, payloadType: 96, clockRate: 90000, mid: 'v' });
    const rv = b.addReceiveStream({ kind: 'video', mid: 'v', codecs: defaultVideoCodecs().slice(0, 1) });
    const source = new EncodedTrackSource({ codec: 'video/VP8', initialTimestamp: 5000 });
    source.attach(a, stream);
    const sink = new TrackSink({ codec: 'video/VP8' });
    let now = 0;
    for (const frame of ivfFrames(file)) {
      expect(source.writeFrame(frame, now)).toBe(true);
      for (let d = a.pollTransmit(); d; d = a.pollTransmit()) b.handlePacket(d, now + 10);
      for (let e = b.pollEvent(); e; e = b.pollEvent())
        if (e.type === 'rtp' && e.stream === rv) sink.handlePacket(e.packet, e.now);
      now += 33;
    }
    const got = [];
    for (let f = sink.pollFrame(); f; f = sink.pollFrame()) got.push(f);
    expect(got.map((f) => f.data)).toEqual(frames);
    expect(got.map((f) => f.timestamp - 5000)).toEqual(frames.map((_, i) => i * 3000));
    expect(got.filter((f) => f.keyframe)).toHaveLength(2);
    const first = sink.pollPacket()!;
    expect(first.ssrc).toBe(10);
    expect(first.timestamp).toBe(5000);
    expect(sink.needsKeyframe).toBe(false);
  });

  it('sends an Ogg/Opus file with 48 kHz timestamps advancing by each packet duration', () => {
    // TOC 0xfc: CELT fullband 20 ms, code 0 (RFC 6716 §3.1); 0xf8 would be 10 ms... use both
    const packets = Array.from({ length: 10 }, (_, i) => new Uint8Array([i % 2 ? 0xfc : 0xf4, i, i, i]));
    const writer = new OggOpusWriter({ channelCount: 2, serial: 77 });
    const file = concat([...packets.map((p) => writer.addPacket(p)), writer.finish()]);
    const frames = [...oggOpusFrames(file)];
    expect(frames.map((f) => f.data)).toEqual(packets);
    // 0xf4: config 30 (CELT FB 10 ms); 0xfc: config 31 (CELT FB 20 ms)
    expect(frames.map((f) => f.timestampMs)).toEqual([0, 10, 30, 40, 60, 70, 90, 100, 120, 130]);
    const { a, b } = sessions();
    const stream = a.addSendStream({ kind: 'audio', ssrc: 20, payloadType: 111, clockRate: 48000, mid: 'a' });
    const ra = b.addReceiveStream({ kind: 'audio', mid: 'a', codecs: defaultAudioCodecs() });
    const source = new EncodedTrackSource({ codec: 'audio/opus', initialTimestamp: 0 });
    expect(source.track.kind).toBe('audio');
    source.attach(a, stream);
    const sink = new TrackSink({ codec: 'audio/opus' });
    for (const f of frames) source.writeFrame(f, f.timestampMs);
    for (let d = a.pollTransmit(); d; d = a.pollTransmit()) b.handlePacket(d, 200);
    for (let e = b.pollEvent(); e; e = b.pollEvent())
      if (e.type === 'rtp' && e.stream === ra) sink.handlePacket(e.packet, 200);
    const timestamps: number[] = [];
    for (let p = sink.pollPacket(); p; p = sink.pollPacket()) timestamps.push(p.timestamp);
    expect(timestamps).toEqual(frames.map((f) => f.timestampMs * 48));
    let n = 0;
    while (sink.pollFrame()) n++;
    expect(n).toBe(10);
  });

  it('drops frames while the track is disabled, ended or unattached', () => {
    const { a } = sessions();
    const stream = a.addSendStream({ kind: 'video', ssrc: 10, payloadType: 96, clockRate: 90000 });
    const track = new MediaStreamTrack({ kind: 'video' });
    const source = new EncodedTrackSource({ codec: 'vp8', track });
    const frame = { data: new Uint8Array([0x10, 1, 2]), timestampMs: 0 };
    expect(source.writeFrame(frame, 0)).toBe(false); // not attached
    source.attach(a, stream);
    track.enabled = false;
    expect(source.writeFrame(frame, 0)).toBe(false);
    track.enabled = true;
    expect(source.writeFrame(frame, 0)).toBe(true);
    track.stop();
    expect(source.writeFrame(frame, 0)).toBe(false);
    expect(source.stats).toEqual({ framesSent: 1, packetsSent: 1, framesDropped: 3, keyframeRequests: 0 });
  });

  it('forwards RTP packets with the timestamp rebased onto its own clock', () => {
    const { a, b } = sessions();
    const stream = a.addSendStream({ kind: 'video', ssrc: 10, payloadType: 96, clockRate: 90000, mid: 'v' });
    b.addReceiveStream({ kind: 'video', mid: 'v', codecs: defaultVideoCodecs().slice(0, 1) });
    const source = new EncodedTrackSource({ codec: 'vp8', initialTimestamp: 100 });
    source.attach(a, stream);
    const base = {
      marker: true,
      payloadType: 100,
      sequenceNumber: 7,
      ssrc: 1,
      csrcs: [],
      extension: undefined,
      paddingLength: 0,
    };
    source.writeRtp({ ...base, timestamp: 0xfffffff0, payload: new Uint8Array([0x10, 1]) }, 0);
    source.writeRtp({ ...base, timestamp: 0x10, payload: new Uint8Array([0x11, 2]) }, 1);
    for (let d = a.pollTransmit(); d; d = a.pollTransmit()) b.handlePacket(d, 2);
    const got = [];
    for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'rtp') got.push(e.packet);
    expect(got.map((p) => [p.timestamp, p.payloadType, p.ssrc])).toEqual([
      [100, 96, 10],
      [132, 96, 10],
    ]);
  });

  it('asks for a key frame after decoder-visible loss until one arrives', () => {
    const sink = new TrackSink({ codec: 'vp8', jitterBuffer: { maxWaitMs: 50 } });
    const pkt = (seq: number, ts: number, key: boolean) => ({
      marker: true,
      payloadType: 96,
      sequenceNumber: seq,
      timestamp: ts,
      ssrc: 1,
      csrcs: [],
      extension: undefined,
      paddingLength: 0,
      payload: packetizerFor('vp8').packetize(new Uint8Array([key ? 0x10 : 0x11, 1, 2]), 1200)[0]!,
    });
    sink.handlePacket(pkt(1, 0, true), 0);
    sink.handlePacket(pkt(3, 6000, false), 10); // 2 lost
    sink.handleTimeout(100);
    while (sink.pollFrame());
    expect(sink.needsKeyframe).toBe(true);
    sink.handlePacket(pkt(4, 9000, true), 120);
    while (sink.pollFrame());
    expect(sink.needsKeyframe).toBe(false);
    expect(() => depacketizerFor('video/H265')).toThrow(TypeError);
  });
});
