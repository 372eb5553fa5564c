// The SRTP media path (MediaSession, SRTP contexts) is created only when audio or video is
// negotiated: a data-only connection never has one, and a renegotiation that adds the first video
// m-section on an already connected DTLS transport creates it then (keys from the RFC 5705 exporter
// after the handshake, RFC 5764 §4.2) and media flows.
import type { RTCDataChannel, RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource, rtpTransportStats } from '../src/media/nonstandard/index.js';
import { negotiate, once, peersClosedAfterEach, trickle, until } from './helpers.js';
import { recordingSink, vp8Frame } from './media-helpers.js';

const peer = peersClosedAfterEach();

async function dataPair() {
  const a = peer();
  const b = peer();
  trickle(a, b);
  const ca = a.createDataChannel('chat');
  const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
  await negotiate(a, b);
  const cb = (await incoming).channel;
  if (ca.readyState !== 'open') await once(ca, 'open');
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    5000,
    'connected',
  );
  const got = once<MessageEvent>(cb, 'message');
  ca.send('ping');
  expect((await got).data).toBe('ping');
  return { a, b, ca, cb };
}

describe('media path created only for negotiated audio/video', () => {
  test('a data-only pair has no media session on either side', async () => {
    const { a, b } = await dataPair();
    expect(a.sctp?.transport.state).toBe('connected');
    expect(rtpTransportStats(a)).toBeUndefined();
    expect(rtpTransportStats(b)).toBeUndefined();
    // A renegotiation that adds nothing but another channel keeps it that way.
    a.createDataChannel('more');
    await negotiate(a, b);
    expect(rtpTransportStats(a)).toBeUndefined();
    expect(rtpTransportStats(b)).toBeUndefined();
  }, 20_000);

  test('adding a video track by renegotiation after connect creates it and media flows', async () => {
    const { a, b, ca, cb } = await dataPair();
    expect(rtpTransportStats(a)).toBeUndefined();
    const source = new EncodedTrackSource({ codec: 'video/VP8' });
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    const needed = once(a, 'negotiationneeded');
    a.addTrack(source.track);
    await needed;
    // Offer applied locally: nothing is negotiated yet, so still no media path.
    await a.setLocalDescription();
    expect(rtpTransportStats(a)).toBeUndefined();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    // The answerer has negotiated video on a connected transport: its media path exists now.
    expect(rtpTransportStats(b)).toBeDefined();
    await a.setRemoteDescription(b.localDescription!);
    expect(rtpTransportStats(a)).toBeDefined();
    expect(tracks).toHaveLength(1);
    const sink = recordingSink(tracks[0]!.track);
    await until(() => source.attached, 5000, 'source attached');
    for (let i = 0; i < 4; i++) source.writeFrame({ data: vp8Frame(i, i === 0), timestampMs: i * 33 });
    await until(() => sink.frames.length === 4, 5000, '4 frames');
    expect(sink.frames[0]!.data).toEqual(vp8Frame(0, true));
    const st = rtpTransportStats(b)!;
    expect(st.session.rtpReceived).toBeGreaterThan(0);
    expect(st.session.srtpDropped).toBe(0);
    // The data channel kept working through the renegotiation.
    const back = once<MessageEvent>(ca, 'message');
    cb.send('pong');
    expect((await back).data).toBe('pong');
  }, 20_000);
});
