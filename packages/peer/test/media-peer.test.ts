// Two @rtc/peer connections in one process over loopback, with media: addTrack on both sides,
// offer/answer, `track` events, and VP8 (from an IVF built in the test) and Opus frames through
// EncodedTrackSource -> SRTP -> TrackSink, intact and without sequence gaps.

import { MediaStream, type RTCPeerConnection, type RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource, ivfFrames } from '../src/media/nonstandard/index.js';
import { negotiate, newPeer, once, trickle, until } from './helpers.js';
import { contiguous, opusPacket, recordingSink, vp8Ivf } from './media-helpers.js';

const opened: RTCPeerConnection[] = [];
function peer(): RTCPeerConnection {
  const p = newPeer();
  opened.push(p);
  return p;
}
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

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
});
