// Two @rtc/peer connections in one process over loopback, with media: addTrack on both sides,
// offer/answer, `track` events, and VP8 (from an IVF built in the test) and Opus frames through
// EncodedTrackSource -> SRTP -> TrackSink, intact and without sequence gaps.

import { MediaStream, type RTCPeerConnection, type RTCTrackEvent } from '../src/index.js';
import {
  EncodedTrackSource,
  ivfFrames,
  type KeyframeRequestEvent,
  requestKeyframe,
} from '../src/media/nonstandard/index.js';
import { negotiate, once, peersClosedAfterEach, trickle, until } from './helpers.js';
import { contiguous, opusPacket, recordingSink, vp8Frame, vp8Ivf } from './media-helpers.js';

const peer = peersClosedAfterEach();

async function connected(...pcs: RTCPeerConnection[]): Promise<void> {
  await Promise.all(
    pcs.map((pc) => (pc.connectionState === 'connected' ? undefined : once(pc, 'connectionstatechange'))),
  );
  await until(() => pcs.every((pc) => pc.connectionState === 'connected'), 5000, 'connected');
}

describe('media between two peers', () => {
  test('addTrack both ways: track events, VP8 and Opus frames arrive intact with no gaps', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const video = new EncodedTrackSource({ codec: 'video/VP8' });
    const audio = new EncodedTrackSource({ codec: 'audio/opus' });
    const stream = new MediaStream([video.track, audio.track]);
    a.addTrack(video.track, stream);
    a.addTrack(audio.track, stream);
    const back = new EncodedTrackSource({ codec: 'video/VP8' });
    b.addTrack(back.track);
    const atB: RTCTrackEvent[] = [];
    const atA: RTCTrackEvent[] = [];
    b.ontrack = (e) => atB.push(e);
    a.ontrack = (e) => atA.push(e);
    await negotiate(a, b);
    // The answerer gets its track events from the offer, the offerer from the answer.
    expect(atB.map((e) => e.track.kind)).toEqual(['video', 'audio']);
    expect(atB.every((e) => e.streams.length === 1 && e.streams[0]!.id === stream.id)).toBe(true);
    expect(atB[0]!.streams[0]).toBe(atB[1]!.streams[0]);
    expect(atB[0]!.transceiver.receiver).toBe(atB[0]!.receiver);
    expect(atB[0]!.track.muted).toBe(true);
    expect(atA.map((e) => e.track.kind)).toEqual(['video']);
    expect(atA[0]!.streams).toEqual([]);
    expect(a.getTransceivers().map((t) => [t.mid, t.currentDirection])).toEqual([
      ['0', 'sendrecv'],
      ['1', 'sendonly'],
    ]);
    expect(b.getTransceivers().map((t) => [t.mid, t.currentDirection])).toEqual([
      ['0', 'sendrecv'],
      ['1', 'recvonly'],
    ]);
    const vsink = recordingSink(atB[0]!.track);
    const asink = recordingSink(atB[1]!.track);
    const backSink = recordingSink(atA[0]!.track);
    let unmuted = 0;
    atB[0]!.track.onunmute = () => unmuted++;
    await connected(a, b);
    expect(video.attached && audio.attached && back.attached).toBe(true);

    const { file, frames } = vp8Ivf(60);
    const opus = Array.from({ length: 50 }, (_, i) => opusPacket(i));
    let i = 0;
    for (const frame of ivfFrames(file)) {
      expect(video.writeFrame(frame)).toBe(true);
      back.writeFrame(frame);
      if (i < opus.length) audio.writeFrame({ data: opus[i]!, timestampMs: i * 20 });
      i++;
      // Pace a little so loopback socket buffers are never the limit.
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await until(
      () => vsink.frames.length === 60 && asink.frames.length === 50 && backSink.frames.length === 60,
      5000,
      'all frames',
    );
    expect(vsink.frames.map((f) => f.data)).toEqual(frames);
    expect(backSink.frames.map((f) => f.data)).toEqual(frames);
    expect(asink.frames.map((f) => f.data)).toEqual(opus);
    expect(vsink.frames.filter((f) => f.keyframe)).toHaveLength(2);
    // 90 kHz timestamps 3000 apart (30 fps), 48 kHz 960 apart (20 ms).
    expect(vsink.frames[1]!.timestamp - vsink.frames[0]!.timestamp).toBe(3000);
    expect((asink.frames[1]!.timestamp - asink.frames[0]!.timestamp) >>> 0).toBe(960);
    expect(contiguous(vsink.packets)).toBe(true);
    expect(contiguous(asink.packets)).toBe(true);
    expect(vsink.packets.length).toBeGreaterThan(60);
    expect(atB[0]!.track.muted).toBe(false);
    expect(unmuted).toBe(1);
    const sources = atB[1]!.receiver.getSynchronizationSources();
    expect(sources).toHaveLength(1);
    expect(sources[0]!.source).toBe(asink.packets[0]!.ssrc);
  }, 20_000);

  test('requestKeyframe on the receiver side reaches the sender source as PLI/FIR; SR/RR make consistent stats', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const video = new EncodedTrackSource({ codec: 'video/VP8' });
    const sender = a.addTrack(video.track);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    await negotiate(a, b);
    const receiver = tracks[0]!.receiver;
    const sink = recordingSink(tracks[0]!.track);
    await connected(a, b);
    const requests: string[] = [];
    video.onkeyframerequest = (e: KeyframeRequestEvent) => requests.push(e.method);
    let n = 0;
    const send = () => {
      video.writeFrame({ data: vp8Frame(n, n % 50 === 0), timestampMs: n * 33 });
      n++;
    };
    for (let i = 0; i < 5; i++) send();
    await until(() => sink.frames.length === 5, 5000, 'first frames');
    expect(sink.sink.requestKeyframe()).toBe(true);
    await until(() => requests.length === 1, 5000, 'PLI at the source');
    expect(requestKeyframe(receiver, 'fir')).toBe(true);
    await until(() => requests.length === 2, 5000, 'FIR at the source');
    expect(requests).toEqual(['pli', 'fir']);
    expect(video.stats.keyframeRequests).toBe(2);
    // Keep sending until SRs and RRs went both ways (RFC 3550 §6.2: about one per second).
    const hasReports = async () => {
      const sent = await a.getStats();
      const got = await b.getStats();
      // An RR carries a round-trip time once it answers an SR (RFC 3550 §6.4.1 LSR/DLSR).
      const rtt = [...sent.values()].find((x) => x.type === 'remote-inbound-rtp')?.roundTripTimeMeasurements;
      return (rtt as number) >= 1 && [...got.values()].some((x) => x.type === 'remote-outbound-rtp');
    };
    let ready = false;
    for (let i = 0; i < 200 && !ready; i++) {
      send();
      await new Promise((r) => setTimeout(r, 20));
      ready = await hasReports();
    }
    expect(ready).toBe(true);
    const total = n;
    await until(() => sink.frames.length === total, 5000, 'all frames');
    const out = [...(await sender.getStats()).values()];
    const inb = [...(await receiver.getStats()).values()];
    const outbound = out.find((x) => x.type === 'outbound-rtp')!;
    const remoteInbound = out.find((x) => x.type === 'remote-inbound-rtp')!;
    const inbound = inb.find((x) => x.type === 'inbound-rtp')!;
    const remoteOutbound = inb.find((x) => x.type === 'remote-outbound-rtp')!;
    expect(outbound).toMatchObject({ kind: 'video', mid: '0', framesSent: total, pliCount: 1, firCount: 1 });
    expect(inbound).toMatchObject({
      kind: 'video',
      mid: '0',
      ssrc: outbound.ssrc,
      packetsReceived: outbound.packetsSent,
      bytesReceived: outbound.bytesSent,
      headerBytesReceived: outbound.headerBytesSent,
      packetsLost: 0,
      pliCount: 1,
      firCount: 1,
      trackIdentifier: tracks[0]!.track.id,
    });
    expect(remoteInbound).toMatchObject({ ssrc: outbound.ssrc, localId: outbound.id, packetsLost: 0 });
    expect(remoteInbound.roundTripTime as number).toBeGreaterThanOrEqual(0);
    expect(remoteInbound.roundTripTime as number).toBeLessThan(1);
    expect(remoteInbound.roundTripTimeMeasurements as number).toBeGreaterThanOrEqual(1);
    expect(remoteOutbound).toMatchObject({ ssrc: outbound.ssrc, localId: inbound.id });
    expect(remoteOutbound.packetsSent as number).toBeLessThanOrEqual(outbound.packetsSent as number);
    expect(remoteOutbound.packetsSent as number).toBeGreaterThan(0);
    expect(out.find((x) => x.type === 'codec')).toMatchObject({ mimeType: 'video/VP8', clockRate: 90000 });
    expect(inb.find((x) => x.id === inbound.codecId)).toMatchObject({ mimeType: 'video/VP8' });
    expect(out.find((x) => x.id === outbound.mediaSourceId)).toMatchObject({
      type: 'media-source',
      kind: 'video',
      trackIdentifier: video.track.id,
    });
    // pc.getStats() holds the same entries next to the transport ones; a track selects its own.
    const all = await a.getStats();
    expect(all.get(outbound.id as string)).toMatchObject({ type: 'outbound-rtp' });
    expect([...all.values()].some((x) => x.type === 'transport')).toBe(true);
    const selected = await b.getStats(tracks[0]!.track);
    expect(selected.get(inbound.id as string)).toMatchObject({ type: 'inbound-rtp' });
  }, 20_000);
});
