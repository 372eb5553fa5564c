// Our own offers with media (RFC 8829 §5.2.1/§5.2.2): default codecs, rtcp-fb and extmaps, msid and
// SSRC/FID, BUNDLE with the data section; negotiated payload types and extmap ids kept in later
// offers; setCodecPreferences; direction changes and negotiationneeded; sender parameters.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExtensionUri } from '@rtc/rtp';
import { type MediaDescription, parseSdp } from '@rtc/sdp';
import { MediaStream, RTCRtpReceiver, type RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource } from '../src/media/nonstandard/index.js';
import { negotiate, once, peersClosedAfterEach, trickle, until } from './helpers.js';
import { recordingSink, vp8Frame } from './media-helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const peer = peersClosedAfterEach();

const pts = (m: MediaDescription) => m.codecs.map((c) => `${c.payloadType} ${c.name}`);

describe('offers with media', () => {
  test('audio, video and data: default codecs, feedback, extmaps, msid, SSRC with FID, one BUNDLE', async () => {
    const pc = peer();
    const audio = new EncodedTrackSource({ codec: 'audio/opus' });
    const video = new EncodedTrackSource({ codec: 'video/VP8' });
    const stream = new MediaStream([audio.track, video.track]);
    pc.addTrack(audio.track, stream);
    pc.addTrack(video.track, stream);
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.createDataChannel('d');
    const sdp = parseSdp((await pc.createOffer()).sdp!);
    expect(sdp.media.map((m) => [m.kind, m.mid, m.direction])).toEqual([
      ['audio', '0', 'sendrecv'],
      ['video', '1', 'sendrecv'],
      ['video', '2', 'recvonly'],
      ['application', '3', undefined],
    ]);
    expect(sdp.bundle).toEqual(['0', '1', '2', '3']);
    const [a, v, r] = sdp.media as [MediaDescription, MediaDescription, MediaDescription];
    expect(pts(a)).toEqual(['111 opus']);
    expect(pts(v)).toEqual([
      '96 VP8',
      '97 rtx',
      '98 VP9',
      '99 rtx',
      '102 H264',
      '103 rtx',
      '106 H264',
      '107 rtx',
      '45 AV1',
      '46 rtx',
    ]);
    expect(v.codecs[4]!.parameters).toContain('packetization-mode=1');
    expect(v.codecs[0]!.feedback.map((f) => f.type)).toEqual([
      'goog-remb',
      'transport-cc',
      'ccm',
      'nack',
      'nack',
    ]);
    expect(a.extmaps.map((e) => e.uri)).toEqual([
      ExtensionUri.audioLevel,
      ExtensionUri.absSendTime,
      ExtensionUri.transportWideCc,
      ExtensionUri.mid,
    ]);
    // One id per URI across the bundle (RFC 8843 §9.1).
    const ids = new Map<string, number>();
    for (const m of sdp.media)
      for (const e of m.extmaps) {
        expect(ids.get(e.uri) ?? e.id).toBe(e.id);
        ids.set(e.uri, e.id);
      }
    expect(v.extmaps.map((e) => e.uri)).toEqual(
      expect.arrayContaining([ExtensionUri.mid, ExtensionUri.rid, ExtensionUri.repairedRid]),
    );
    expect(a.msids).toEqual([{ streamId: stream.id, trackId: audio.track.id }]);
    expect(v.msids).toEqual([{ streamId: stream.id, trackId: video.track.id }]);
    expect(v.ssrcGroups[0]!.semantics).toBe('FID');
    const [main, rtx] = v.ssrcGroups[0]!.ssrcs as [number, number];
    expect(v.ssrcs.filter((x) => x.attribute === 'cname').map((x) => x.ssrc)).toEqual([main, rtx]);
    expect(a.ssrcGroups).toEqual([]); // no RTX for audio
    // recvonly: no msid; one a=ssrc with our CNAME, the SSRC its receiver reports come from.
    expect(r.msids).toEqual([]);
    expect(r.ssrcGroups).toEqual([]);
    expect(r.ssrcs.map((x) => x.attribute)).toEqual(['cname']);
    expect([a.ssrcs[0]!.ssrc, main]).not.toContain(r.ssrcs[0]!.ssrc);
    expect(new Set([a.ssrcs[0]!.value, v.ssrcs[0]!.value, r.ssrcs[0]!.value])).toEqual(
      new Set([a.ssrcs[0]!.value]),
    ); // one CNAME
    for (const m of sdp.media) {
      expect(m.setup).toBe('actpass');
      expect(m.iceUfrag).toBe(sdp.media[0]!.iceUfrag);
    }
  });

  test('a later offer keeps the payload types and extmap ids negotiated with Firefox', async () => {
    const pc = peer();
    const ff = readFileSync(join(here, 'vectors/media/qrpc-firefox99-audio-video-offer.sdp'), 'utf8');
    await pc.setRemoteDescription({ type: 'offer', sdp: ff });
    await pc.setLocalDescription();
    const offer = parseSdp((await pc.createOffer()).sdp!);
    const [audio, video] = offer.media as [MediaDescription, MediaDescription];
    expect(pts(audio)).toEqual(['109 opus']);
    expect(pts(video)).toEqual([
      '120 VP8',
      '124 rtx',
      '121 VP9',
      '125 rtx',
      // Our 42001f H.264 is Firefox's 105, our 42e01f its 126.
      '105 H264',
      '106 rtx',
      '126 H264',
      '127 rtx',
      '99 AV1',
      '100 rtx',
    ]);
    expect(video.codecs.filter((c) => c.name === 'rtx').map((c) => c.parameters)).toEqual([
      'apt=120',
      'apt=121',
      'apt=105',
      'apt=126',
      'apt=99',
    ]);
    const id = (m: MediaDescription, uri: string) => m.extmaps.find((e) => e.uri === uri)?.id;
    expect(id(audio, ExtensionUri.audioLevel)).toBe(1);
    expect(id(audio, ExtensionUri.mid)).toBe(3);
    expect(id(video, ExtensionUri.mid)).toBe(3);
    expect(id(video, ExtensionUri.absSendTime)).toBe(4);
    expect(id(video, ExtensionUri.transportWideCc)).toBe(7);
    // Ones Firefox did not take keep ids no other URI uses.
    const all = offer.media.flatMap((m) => m.extmaps);
    for (const e of all) expect(all.filter((x) => x.id === e.id).every((x) => x.uri === e.uri)).toBe(true);
  });

  test('setCodecPreferences limits and orders the codecs offered and negotiated', async () => {
    const a = peer();
    const b = peer();
    const t = a.addTransceiver('video');
    const caps = RTCRtpReceiver.getCapabilities('video')!.codecs;
    t.setCodecPreferences([
      caps.find((c) => c.mimeType === 'video/VP9')!,
      caps.find((c) => c.mimeType === 'video/VP8')!,
      caps.find((c) => c.mimeType === 'video/rtx')!,
    ]);
    await negotiate(a, b);
    const offer = parseSdp(a.currentLocalDescription!.sdp);
    expect(pts(offer.media[0]!)).toEqual(['98 VP9', '99 rtx', '96 VP8', '97 rtx']);
    const negotiated = t.sender.getParameters().codecs.map((c) => c.mimeType);
    expect(negotiated).toEqual(['video/VP9', 'video/rtx', 'video/VP8', 'video/rtx']);
    expect(b.getTransceivers()[0]!.receiver.getParameters().codecs[0]!.mimeType).toBe('video/VP9');
  });

  test('direction changes renegotiate; a finished negotiation needs none; active=false stops sending', async () => {
    const a = peer();
    const b = peer();
    trickle(a, b);
    const source = new EncodedTrackSource({ codec: 'video/VP8' });
    const sender = a.addTrack(source.track);
    const tracks: RTCTrackEvent[] = [];
    b.ontrack = (e) => tracks.push(e);
    let needed = 0;
    a.onnegotiationneeded = () => needed++;
    b.onnegotiationneeded = () => needed++;
    await negotiate(a, b);
    await until(
      () => a.connectionState === 'connected' && b.connectionState === 'connected',
      5000,
      'connected',
    );
    await new Promise((r) => setTimeout(r, 20));
    // addTrack's check ran while the offer was already chained; nothing is left after the answer.
    expect(needed).toBe(0);
    const t = a.getTransceivers()[0]!;
    t.direction = 'sendonly';
    await once(a, 'negotiationneeded');
    await negotiate(a, b);
    expect(t.currentDirection).toBe('sendonly');
    expect(b.getTransceivers()[0]!.currentDirection).toBe('recvonly');

    const sink = recordingSink(tracks[0]!.track);
    source.writeFrame({ data: vp8Frame(0, true), timestampMs: 0 });
    await until(() => sink.frames.length === 1, 5000, 'a frame');
    const params = sender.getParameters();
    params.encodings[0]!.active = false;
    await sender.setParameters(params);
    expect(source.attached).toBe(false);
    expect(source.writeFrame({ data: vp8Frame(1, false), timestampMs: 33 })).toBe(false);
    const again = sender.getParameters();
    again.encodings[0]!.active = true;
    await sender.setParameters(again);
    expect(source.writeFrame({ data: vp8Frame(2, true), timestampMs: 66 })).toBe(true);
    await until(() => sink.frames.length === 2, 5000, 'frame after re-activation');
  }, 20_000);

  test('a transceiver stopped before any negotiation gets no m-section; API errors', async () => {
    const pc = peer();
    const t = pc.addTransceiver('audio');
    t.stop();
    expect(pc.getTransceivers()).toEqual([t]); // stopping, not yet stopped
    await pc.setLocalDescription();
    expect(parseSdp(pc.localDescription!.sdp).media).toHaveLength(0);
    expect(pc.getTransceivers()).toEqual([]);
    expect(t.currentDirection).toBe('stopped');

    const track = new EncodedTrackSource({ codec: 'video/VP8' }).track;
    const sender = pc.addTrack(track);
    expect(() => pc.addTrack(track)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => pc.addTransceiver('text')).toThrow(TypeError);
    const other = peer();
    expect(() => other.removeTrack(sender)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    pc.close();
    expect(() => pc.addTrack(new EncodedTrackSource({ codec: 'audio/opus' }).track)).toThrow(
      expect.objectContaining({ name: 'InvalidStateError' }),
    );
    expect(() => pc.addTransceiver('video')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(track.readyState).toBe('live'); // close() stops transceivers, not the local track
  });
});
