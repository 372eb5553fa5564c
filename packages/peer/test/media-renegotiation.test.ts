// Renegotiating media between two @rtc/peer connections: a second video track, removeTrack (the
// remote track mutes and leaves its stream), transceiver.stop() (the remote track ends), replaceTrack,
// media and a data channel on one bundled transport, and rollback of a remote offer's transceivers.
import { parseSdp } from '@rtc/sdp';
import {
  MediaStream,
  type MediaStreamTrackEvent,
  type RTCDataChannel,
  type RTCPeerConnection,
  type RTCTrackEvent,
} from '../src/index.js';
import { EncodedTrackSource } from '../src/media/nonstandard/index.js';
import { negotiate, once, peersClosedAfterEach, trickle, until } from './helpers.js';
import { recordingSink, vp8Frame } from './media-helpers.js';

const peer = peersClosedAfterEach();

async function connected(a: RTCPeerConnection, b: RTCPeerConnection): Promise<void> {
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    5000,
    'connected',
  );
}

/** Writes `count` frames (a key frame first) and waits for `sink` to have `total` frames. */
async function flow(source: EncodedTrackSource, sink: ReturnType<typeof recordingSink>, count: number) {
  const before = sink.frames.length;
  for (let i = 0; i < count; i++) source.writeFrame({ data: vp8Frame(i, i === 0), timestampMs: i * 33 });
  await until(() => sink.frames.length === before + count, 5000, `${count} frames`);
}

describe('media renegotiation', () => {
  test('a second video track added later gets its own m-section, SSRC and track event', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const first = new EncodedTrackSource({ codec: 'video/VP8' });
    a.addTrack(first.track);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    await negotiate(a, b);
    await connected(a, b);
    const sink1 = recordingSink(tracks[0]!.track);
    await flow(first, sink1, 3);

    const needed = once(a, 'negotiationneeded');
    const second = new EncodedTrackSource({ codec: 'video/VP8' });
    a.addTrack(second.track);
    await needed;
    await negotiate(a, b);
    expect(tracks).toHaveLength(2);
    expect(tracks[1]!.transceiver.mid).toBe('1');
    const offer = parseSdp(a.currentLocalDescription!.sdp);
    expect(offer.bundle).toEqual(['0', '1']);
    const ssrcs = offer.media.map((m) => m.ssrcGroups[0]!.ssrcs);
    expect(new Set(ssrcs.flat()).size).toBe(4); // media + RTX per section, all distinct
    const sink2 = recordingSink(tracks[1]!.track);
    await until(() => second.attached, 5000, 'second source attached');
    await flow(second, sink2, 3);
    await flow(first, sink1, 3);
    expect(sink2.packets[0]!.ssrc).not.toBe(sink1.packets[0]!.ssrc);
  }, 20_000);

  test('removeTrack: direction change, the remote track mutes and leaves its stream; stop() ends it', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const source = new EncodedTrackSource({ codec: 'video/VP8' });
    const stream = new MediaStream([source.track]);
    const sender = a.addTrack(source.track, stream);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    await negotiate(a, b);
    await connected(a, b);
    const remote = tracks[0]!.track;
    const remoteStream = tracks[0]!.streams[0]!;
    const sink = recordingSink(remote);
    await flow(source, sink, 2);
    expect(remote.muted).toBe(false);

    const events: string[] = [];
    remote.onmute = () => events.push('mute');
    remote.onended = () => events.push('ended');
    remoteStream.onremovetrack = (e: MediaStreamTrackEvent) =>
      events.push(`removetrack ${e.track === remote}`);
    const needed = once(a, 'negotiationneeded');
    a.removeTrack(sender);
    expect(sender.track).toBeNull();
    const ta = a.getTransceivers()[0]!;
    expect(ta.direction).toBe('recvonly');
    expect(source.attached).toBe(false); // stops sending at once
    expect(source.writeFrame({ data: vp8Frame(9, true), timestampMs: 0 })).toBe(false);
    await needed;
    await negotiate(a, b);
    expect(ta.currentDirection).toBe('inactive');
    expect(b.getTransceivers()[0]!.currentDirection).toBe('inactive');
    expect(events).toEqual(['mute', 'removetrack true']);
    expect(remote.readyState).toBe('live');
    expect(remoteStream.getTracks()).toEqual([]);

    ta.stop();
    expect(ta.direction).toBe('stopped');
    await negotiate(a, b);
    expect(events).toEqual(['mute', 'removetrack true', 'ended']);
    expect(remote.readyState).toBe('ended');
    expect(ta.currentDirection).toBe('stopped');
    expect(a.getTransceivers()).toEqual([]);
    expect(b.getTransceivers()).toEqual([]);
    expect(parseSdp(a.currentLocalDescription!.sdp).media[0]!.port).toBe(0);
    expect(parseSdp(b.currentLocalDescription!.sdp).media[0]!.port).toBe(0);

    // The stopped m-section is recycled for the next transceiver (RFC 8829 §5.2.2).
    const again = new EncodedTrackSource({ codec: 'video/VP8' });
    a.addTrack(again.track);
    await negotiate(a, b);
    const offer = parseSdp(a.currentLocalDescription!.sdp);
    expect(offer.media).toHaveLength(1);
    expect(offer.media[0]!.port).toBe(9);
    expect(a.getTransceivers()[0]!.mid).not.toBe('0');
    expect(tracks).toHaveLength(2);
  }, 20_000);

  test('replaceTrack switches the source without renegotiation', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const one = new EncodedTrackSource({ codec: 'video/VP8' });
    const sender = a.addTrack(one.track);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    await negotiate(a, b);
    await connected(a, b);
    const sink = recordingSink(tracks[0]!.track);
    await flow(one, sink, 2);
    let renegotiate = 0;
    a.onnegotiationneeded = () => renegotiate++;
    const two = new EncodedTrackSource({ codec: 'video/VP8' });
    await sender.replaceTrack(two.track);
    expect(one.attached).toBe(false);
    expect(two.attached).toBe(true);
    await flow(two, sink, 3);
    expect(sink.packets.every((p) => p.ssrc === sink.packets[0]!.ssrc)).toBe(true);
    expect(renegotiate).toBe(0);
  }, 20_000);

  test('media and a data channel share one bundled transport', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const channel = a.createDataChannel('chat');
    const source = new EncodedTrackSource({ codec: 'video/VP8' });
    a.addTrack(source.track);
    const back = new EncodedTrackSource({ codec: 'video/VP8' });
    b.addTrack(back.track);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
    await negotiate(a, b);
    const offer = parseSdp(a.currentLocalDescription!.sdp);
    expect(offer.media.map((m) => m.kind)).toEqual(['video', 'application']);
    expect(offer.bundle).toEqual(['0', '1']);
    const answer = parseSdp(b.currentLocalDescription!.sdp);
    expect(answer.bundle).toEqual(['0', '1']);
    expect(answer.media[0]!.direction).toBe('sendrecv'); // b's addTrack transceiver took the section
    const remote = await incoming;
    if (channel.readyState !== 'open') await once(channel, 'open');
    const echo = once<MessageEvent>(channel, 'message');
    remote.channel.onmessage = (e) => remote.channel.send(`echo ${e.data}`);
    channel.send('hi');
    const sink = recordingSink(tracks[0]!.track);
    await flow(source, sink, 4);
    expect((await echo).data).toBe('echo hi');
    const stats = [...(await a.getStats()).values()];
    expect(stats.filter((x) => x.type === 'transport')).toHaveLength(1);
    expect(stats.filter((x) => x.type === 'candidate-pair' && x.nominated)).toHaveLength(1);
  }, 20_000);

  test('rolling back a remote offer removes the transceivers it made and keeps addTrack ones', async () => {
    const a = peer();
    const b = peer();
    a.addTrack(new EncodedTrackSource({ codec: 'video/VP8' }).track);
    a.addTrack(new EncodedTrackSource({ codec: 'audio/opus' }).track);
    const own = new EncodedTrackSource({ codec: 'audio/opus' });
    const mine = b.addTrack(own.track);
    const offer = await a.createOffer();
    let tracks = 0;
    b.ontrack = () => tracks++;
    await b.setRemoteDescription(offer);
    expect(tracks).toBe(2);
    expect(b.getTransceivers().map((t) => [t.mid, t.receiver.track.kind])).toEqual([
      ['1', 'audio'],
      ['0', 'video'],
    ]);
    const made = b.getTransceivers()[1]!;
    await b.setRemoteDescription({ type: 'rollback' });
    expect(b.signalingState).toBe('stable');
    expect(b.getTransceivers()).toHaveLength(1);
    expect(b.getTransceivers()[0]!.sender).toBe(mine);
    expect(b.getTransceivers()[0]!.mid).toBeNull();
    expect(made.receiver.track.readyState).toBe('ended');
    // The same offer applies again afterwards.
    await b.setRemoteDescription(offer);
    expect(b.getTransceivers()).toHaveLength(2);
  }, 20_000);
});
