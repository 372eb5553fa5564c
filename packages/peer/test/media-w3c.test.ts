// The W3C media objects: MediaStreamTrack, MediaStream, RTCRtpTransceiver, RTCRtpSender,
// RTCRtpReceiver, RTCTrackEvent (Media Capture and Streams §4, webrtc-pc §5).
import { ExtensionUri } from '@rtc/rtp';
import {
  defaultCodecs,
  defaultHeaderExtensions,
  MediaStream,
  MediaStreamTrack,
  MediaStreamTrackEvent,
  RTCRtpReceiver,
  RTCRtpSender,
  RTCRtpTransceiver,
  RTCTrackEvent,
} from '../src/media/index.js';

function transceiver(kind: 'audio' | 'video' = 'video', track: MediaStreamTrack | null = null) {
  let needed = 0;
  const sender = new RTCRtpSender({ kind, track });
  const receiver = new RTCRtpReceiver({ kind });
  const t = new RTCRtpTransceiver({ kind, sender, receiver, onNegotiationNeeded: () => needed++ });
  return { t, sender, receiver, needed: () => needed };
}

async function rejects(p: Promise<unknown>, name: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ name });
}

describe('MediaStreamTrack', () => {
  it('has id, kind, label, enabled, muted, readyState and fires mute/unmute/ended', () => {
    const t = new MediaStreamTrack({ kind: 'audio', label: 'mic' });
    expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
    expect([t.kind, t.label, t.enabled, t.muted, t.readyState]).toEqual([
      'audio',
      'mic',
      true,
      false,
      'live',
    ]);
    const seen: string[] = [];
    t.onmute = () => seen.push('mute');
    t.addEventListener('unmute', () => seen.push('unmute'));
    t.onended = () => seen.push('ended');
    MediaStreamTrack.setMuted(t, true);
    MediaStreamTrack.setMuted(t, true); // no change, no event
    MediaStreamTrack.setMuted(t, false);
    MediaStreamTrack.end(t);
    expect(seen).toEqual(['mute', 'unmute', 'ended']);
    expect(t.readyState).toBe('ended');
    expect(() => new MediaStreamTrack({ kind: 'text' as 'audio' })).toThrow(TypeError);
  });

  it('stop() ends without an ended event; clone() copies state with a new id', async () => {
    const t = new MediaStreamTrack({ kind: 'video' });
    t.enabled = false;
    const c = t.clone();
    expect(c.id).not.toBe(t.id);
    expect([c.kind, c.enabled, c.readyState]).toEqual(['video', false, 'live']);
    let ended = 0;
    t.onended = () => ended++;
    t.stop();
    expect(t.readyState).toBe('ended');
    expect(c.readyState).toBe('live');
    expect(ended).toBe(0);
    expect(t.clone().readyState).toBe('ended');
    await expect(t.applyConstraints({})).resolves.toBeUndefined();
    await rejects(t.applyConstraints({ width: 640 }), 'OverconstrainedError');
  });
});

describe('MediaStream', () => {
  it('lists tracks by kind; addTrack/removeTrack fire nothing, remote changes fire addtrack/removetrack', () => {
    const a = new MediaStreamTrack({ kind: 'audio' });
    const v = new MediaStreamTrack({ kind: 'video' });
    const s = new MediaStream([a]);
    const events: string[] = [];
    s.onaddtrack = (e) => events.push(`add ${e.track.kind}`);
    s.addEventListener('removetrack', (e) =>
      events.push(`remove ${(e as MediaStreamTrackEvent).track.kind}`),
    );
    s.addTrack(v);
    s.addTrack(v);
    expect(s.getTracks()).toEqual([a, v]);
    expect(s.getAudioTracks()).toEqual([a]);
    expect(s.getVideoTracks()).toEqual([v]);
    expect(s.getTrackById(v.id)).toBe(v);
    s.removeTrack(v);
    expect(events).toEqual([]);
    MediaStream.addRemoteTrack(s, v);
    MediaStream.removeRemoteTrack(s, a);
    expect(events).toEqual(['add video', 'remove audio']);
    expect(s.active).toBe(true);
    v.stop();
    expect(s.active).toBe(false);
    expect(new MediaStream(s).getTracks()).toEqual([v]);
    expect(new MediaStream({ id: 'msid-1' }).id).toBe('msid-1');
    expect(s.clone().getTracks()[0]!.id).not.toBe(v.id);
    expect(() => s.addTrack({} as MediaStreamTrack)).toThrow(TypeError);
  });
});

describe('RTCRtpTransceiver', () => {
  it('mid is null until negotiated; direction setter validates and asks for negotiation', () => {
    const { t, needed } = transceiver();
    expect(t.mid).toBeNull();
    expect(t.currentDirection).toBeNull();
    expect(t.direction).toBe('sendrecv');
    t.direction = 'sendrecv';
    expect(needed()).toBe(0);
    t.direction = 'recvonly';
    expect(needed()).toBe(1);
    expect(() => {
      t.direction = 'stopped';
    }).toThrow(TypeError);
    expect(() => {
      t.direction = 'bogus' as 'inactive';
    }).toThrow(TypeError);
    RTCRtpTransceiver.setMid(t, '0');
    RTCRtpTransceiver.setCurrentDirection(t, 'recvonly');
    expect([t.mid, t.currentDirection]).toEqual(['0', 'recvonly']);
  });

  it('stop(): direction stopped, receiver track ended, further changes InvalidStateError', async () => {
    const { t, sender, receiver, needed } = transceiver('audio', new MediaStreamTrack({ kind: 'audio' }));
    let ended = 0;
    receiver.track.onended = () => ended++;
    t.stop();
    t.stop();
    expect(needed()).toBe(1);
    expect(t.direction).toBe('stopped');
    expect(receiver.track.readyState).toBe('ended');
    expect(ended).toBe(0);
    expect(() => {
      t.direction = 'sendrecv';
    }).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    await rejects(sender.replaceTrack(null), 'InvalidStateError');
    await rejects(sender.setParameters(sender.getParameters()), 'InvalidStateError');
    RTCRtpTransceiver.stopCompletely(t);
    expect(t.currentDirection).toBe('stopped');
  });

  it('setCodecPreferences: orders and limits the offered codecs; InvalidModificationError rules', () => {
    const { t } = transceiver();
    const caps = RTCRtpReceiver.getCapabilities('video')!.codecs;
    const vp9 = caps.find((c) => c.mimeType === 'video/VP9')!;
    const vp8 = caps.find((c) => c.mimeType === 'video/VP8')!;
    const rtx = caps.find((c) => c.mimeType === 'video/rtx')!;
    t.setCodecPreferences([vp9, vp8, vp9, rtx]);
    expect(RTCRtpTransceiver.codecs(t).map((c) => `${c.payloadType} ${c.mimeType}`)).toEqual([
      '98 video/VP9',
      '99 video/rtx',
      '96 video/VP8',
      '97 video/rtx',
    ]);
    t.setCodecPreferences([{ ...vp8, mimeType: 'VIDEO/vp8' }]); // mimeType compares case-insensitively
    expect(RTCRtpTransceiver.codecs(t).map((c) => c.payloadType)).toEqual([96]);
    const bad = (codecs: Parameters<RTCRtpTransceiver['setCodecPreferences']>[0]) =>
      expect(() => t.setCodecPreferences(codecs)).toThrow(
        expect.objectContaining({ name: 'InvalidModificationError' }),
      );
    bad([{ mimeType: 'video/H265', clockRate: 90000 }]);
    bad([{ ...vp8, clockRate: 48000 }]);
    bad([{ ...vp9, sdpFmtpLine: 'profile-id=2' }]);
    bad([rtx]);
    bad([
      { mimeType: 'audio/opus', clockRate: 48000, channels: 2, sdpFmtpLine: 'minptime=10;useinbandfec=1' },
    ]);
    t.setCodecPreferences([]);
    expect(RTCRtpTransceiver.codecs(t)).toEqual(defaultCodecs('video'));
  });
});

describe('RTCRtpSender', () => {
  it('replaceTrack keeps the kind (TypeError otherwise) and notifies the source', async () => {
    const { sender } = transceiver('video', new MediaStreamTrack({ kind: 'video' }));
    const next = new MediaStreamTrack({ kind: 'video' });
    const seen: (MediaStreamTrack | null)[] = [];
    RTCRtpSender.onTrackReplaced(sender, (t) => seen.push(t));
    await sender.replaceTrack(next);
    expect(sender.track).toBe(next);
    await rejects(sender.replaceTrack(new MediaStreamTrack({ kind: 'audio' })), 'TypeError');
    await sender.replaceTrack(null);
    expect(seen).toEqual([next, null]);
    expect(sender.transport).toBeNull();
    expect(() => new RTCRtpSender({ kind: 'audio', track: next })).toThrow(TypeError);
  });

  it('getParameters/setParameters follow the transactionId rule and read-only members', async () => {
    const { sender } = transceiver();
    await rejects(
      sender.setParameters({
        transactionId: 'x',
        encodings: [{}],
        codecs: [],
        headerExtensions: [],
        rtcp: {},
      }),
      'InvalidStateError',
    );
    RTCRtpSender.setNegotiated(sender, {
      codecs: defaultCodecs('video').slice(0, 2),
      headerExtensions: defaultHeaderExtensions('video'),
      cname: 'c',
    });
    const p1 = sender.getParameters();
    expect(p1.codecs.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/rtx']);
    expect(p1.headerExtensions.find((e) => e.uri === ExtensionUri.mid)).toEqual({
      uri: ExtensionUri.mid,
      id: 4,
      encrypted: false,
    });
    expect(p1.rtcp).toEqual({ cname: 'c', reducedSize: true });
    const p2 = sender.getParameters();
    expect(p2.transactionId).not.toBe(p1.transactionId);
    await rejects(sender.setParameters(p1), 'InvalidModificationError'); // stale transaction
    await rejects(sender.setParameters({ ...p2, encodings: [] }), 'InvalidModificationError');
    await rejects(sender.setParameters({ ...p2, encodings: [{ rid: 'x' }] }), 'InvalidModificationError');
    await rejects(sender.setParameters({ ...p2, codecs: [] }), 'InvalidModificationError');
    await rejects(sender.setParameters({ ...p2, rtcp: { cname: 'other' } }), 'InvalidModificationError');
    await rejects(sender.setParameters({ ...p2, encodings: [{ scaleResolutionDownBy: 0.5 }] }), 'RangeError');
    p2.encodings[0]!.active = false;
    p2.encodings[0]!.maxBitrate = 300_000;
    await sender.setParameters(p2);
    expect(sender.getParameters().encodings).toEqual([{ active: false, maxBitrate: 300_000 }]);
    await rejects(sender.setParameters(p2), 'InvalidModificationError'); // used up
  });

  it('sendEncodings: rid grammar and uniqueness, simulcast scale defaults', () => {
    expect(
      () => new RTCRtpSender({ kind: 'video', track: null, sendEncodings: [{ rid: 'a' }, { rid: 'a' }] }),
    ).toThrow(TypeError);
    expect(() => new RTCRtpSender({ kind: 'video', track: null, sendEncodings: [{ rid: 'a b' }] })).toThrow(
      TypeError,
    );
    expect(() => new RTCRtpSender({ kind: 'video', track: null, sendEncodings: [{ rid: 'a' }, {}] })).toThrow(
      TypeError,
    );
    expect(
      () => new RTCRtpSender({ kind: 'video', track: null, sendEncodings: [{ maxFramerate: -1 }] }),
    ).toThrow(RangeError);
    const s = new RTCRtpSender({
      kind: 'video',
      track: null,
      sendEncodings: [{ rid: 'h' }, { rid: 'm' }, { rid: 'l' }],
    });
    expect(RTCRtpSender.encodings(s).map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
    const stream = new MediaStream();
    s.setStreams(stream, stream);
    expect(RTCRtpSender.streamIds(s)).toEqual([stream.id]);
    expect(RTCRtpSender.getCapabilities('audio')!.codecs[0]!.mimeType).toBe('audio/opus');
  });
});

describe('RTCRtpReceiver and RTCTrackEvent', () => {
  it('its track starts muted and unmutes at the first packet; sources are listed newest first', () => {
    const { receiver } = transceiver('audio');
    expect(receiver.track.muted).toBe(true);
    expect(receiver.track.kind).toBe('audio');
    let unmuted = 0;
    receiver.track.onunmute = () => unmuted++;
    RTCRtpReceiver.recordPacket(
      receiver,
      { ssrc: 1, csrcs: [7, 8], rtpTimestamp: 100, audioLevelDbov: 20 },
      1000,
    );
    RTCRtpReceiver.recordPacket(
      receiver,
      { ssrc: 1, csrcs: [8], rtpTimestamp: 200, audioLevelDbov: 127 },
      1020,
    );
    expect(unmuted).toBe(1);
    expect(receiver.getSynchronizationSources()).toEqual([
      { timestamp: 1020, source: 1, rtpTimestamp: 200, audioLevel: 0 },
    ]);
    const csrcs = receiver.getContributingSources();
    expect(csrcs.map((c) => c.source)).toEqual([8, 7]);
    expect(csrcs[1]!.audioLevel).toBeCloseTo(0.1);
    // §5.3.1: a source is dropped 10 s after its last packet
    RTCRtpReceiver.recordPacket(receiver, { ssrc: 2, csrcs: [], rtpTimestamp: 0 }, 11_010);
    expect(receiver.getContributingSources().map((c) => c.source)).toEqual([8]);
    expect(receiver.getSynchronizationSources().map((c) => c.source)).toEqual([2, 1]);
    RTCRtpReceiver.setNegotiated(receiver, { codecs: defaultCodecs('audio'), headerExtensions: [] });
    expect(receiver.getParameters().codecs[0]).toEqual({
      payloadType: 111,
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
      sdpFmtpLine: 'minptime=10;useinbandfec=1',
    });
  });

  it('RTCTrackEvent carries receiver, track, streams and transceiver', () => {
    const { t, receiver } = transceiver();
    const stream = new MediaStream({ id: 's' });
    const e = new RTCTrackEvent('track', {
      receiver,
      track: receiver.track,
      streams: [stream],
      transceiver: t,
    });
    expect([e.type, e.receiver, e.track, e.transceiver]).toEqual(['track', receiver, receiver.track, t]);
    expect(e.streams).toEqual([stream]);
    expect(Object.isFrozen(e.streams)).toBe(true);
    expect(() => new RTCTrackEvent('track', { receiver, track: receiver.track } as never)).toThrow(TypeError);
    expect(() => new MediaStreamTrackEvent('addtrack', {} as never)).toThrow(TypeError);
  });
});
