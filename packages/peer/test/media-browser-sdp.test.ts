// Answering real browser offers with audio and video (test/vectors/media, copied from the shared
// vectors): the answer's codecs and payload types, header extension ids, directions, msid/SSRC,
// simulcast reception, BUNDLE and transport attributes (RFC 8829 §5.3.1, RFC 8843, RFC 8853).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExtensionUri } from '@rtc/rtp';
import { type MediaDescription, parseSdp } from '@rtc/sdp';
import { MediaStream, type RTCPeerConnection, type RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource } from '../src/media/nonstandard/index.js';
import { newPeer } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const offer = (name: string) => readFileSync(join(here, 'vectors/media', name), 'utf8');

const opened: RTCPeerConnection[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

async function answer(file: string, prepare?: (pc: RTCPeerConnection) => void) {
  const pc = newPeer();
  opened.push(pc);
  prepare?.(pc);
  const tracks: RTCTrackEvent[] = [];
  pc.ontrack = (e) => tracks.push(e);
  await pc.setRemoteDescription({ type: 'offer', sdp: offer(file) });
  const a = await pc.createAnswer();
  await pc.setLocalDescription(a);
  return { pc, sdp: parseSdp(a.sdp!), tracks };
}

const codecs = (m: MediaDescription) =>
  m.codecs.map((c) => `${c.payloadType} ${c.name}${c.parameters ? ` ${c.parameters}` : ''}`);
const extmaps = (m: MediaDescription) => m.extmaps.map((e) => `${e.id} ${e.uri}`);

function transportAttributes(m: MediaDescription): void {
  expect(m.iceUfrag).toBeDefined();
  expect(m.icePwd).toBeDefined();
  expect(m.fingerprints[0]!.algorithm).toBe('sha-256');
  expect(m.setup).toBe('active');
  if (m.kind !== 'application') expect(m.rtcpMux).toBe(true);
}

describe('answering browser offers', () => {
  test('Firefox 99 audio+video: its payload types and extmap ids, sendrecv audio with our SSRC', async () => {
    const opus = new EncodedTrackSource({ codec: 'audio/opus' });
    const stream = new MediaStream([opus.track]);
    const { pc, sdp, tracks } = await answer('qrpc-firefox99-audio-video-offer.sdp', (p) =>
      p.addTrack(opus.track, stream),
    );
    expect(sdp.bundle).toEqual(['0', '1']);
    const [audio, video] = sdp.media as [MediaDescription, MediaDescription];
    expect([audio.mid, audio.direction, video.mid, video.direction]).toEqual([
      '0',
      'sendrecv',
      '1',
      'recvonly',
    ]);
    expect(codecs(audio)).toEqual(['109 opus minptime=10;useinbandfec=1']);
    expect(audio.codecs[0]!.channels).toBe(2);
    // The offer's ids; csrc-audio-level, toffset and playout-delay are not ours to answer.
    expect(extmaps(audio)).toEqual([`1 ${ExtensionUri.audioLevel}`, `3 ${ExtensionUri.mid}`]);
    expect(extmaps(video)).toEqual([
      `3 ${ExtensionUri.mid}`,
      `4 ${ExtensionUri.absSendTime}`,
      `7 ${ExtensionUri.transportWideCc}`,
    ]);
    // VP8, VP9, H.264 in packetization-mode 1 only (its mode-0 97 and 103 are left out), AV1, each
    // with its RTX; no red/ulpfec.
    expect(codecs(video)).toEqual([
      '120 VP8',
      '124 rtx apt=120',
      '121 VP9 profile-id=0',
      '125 rtx apt=121',
      '126 H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '127 rtx apt=126',
      '105 H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
      '106 rtx apt=105',
      '99 AV1',
      '100 rtx apt=99',
    ]);
    expect(video.codecs[0]!.feedback.map((f) => `${f.type}${f.parameter ? ` ${f.parameter}` : ''}`)).toEqual(
      expect.arrayContaining(['nack', 'nack pli', 'ccm fir', 'transport-cc']),
    );
    // Sending audio: msid with our stream and track, one SSRC with our CNAME. Recvonly video: no
    // msid, and one a=ssrc (as Firefox writes itself) for the SSRC its receiver reports come from.
    expect(audio.msids).toEqual([{ streamId: stream.id, trackId: opus.track.id }]);
    expect(new Set(audio.ssrcs.map((x) => x.ssrc)).size).toBe(1);
    expect(audio.ssrcs[0]!.attribute).toBe('cname');
    expect(video.msids).toEqual([]);
    expect(video.ssrcs.map((x) => [x.attribute, x.value])).toEqual([['cname', audio.ssrcs[0]!.value]]);
    expect(video.ssrcs[0]!.ssrc).not.toBe(audio.ssrcs[0]!.ssrc);
    for (const m of sdp.media) transportAttributes(m);
    // Firefox's "msid:- {id}" means no stream: the track events carry none.
    expect(tracks.map((t) => [t.track.kind, t.streams.length, t.transceiver.mid])).toEqual([
      ['audio', 0, '0'],
      ['video', 0, '1'],
    ]);
    expect(pc.getTransceivers().map((t) => [t.mid, t.currentDirection])).toEqual([
      ['0', 'sendrecv'],
      ['1', 'recvonly'],
    ]);
    const [sent] = pc.getSenders();
    const params = sent!.getParameters();
    expect(params.codecs.map((c) => c.payloadType)).toEqual([109]);
    expect(params.headerExtensions.map((h) => h.id)).toEqual([1, 3]);
    expect(pc.getReceivers()[1]!.getParameters().codecs[0]).toMatchObject({
      payloadType: 120,
      mimeType: 'video/VP8',
    });
  });

  test('Chrome simulcast video + audio + data: rids received, msid stream shared, one BUNDLE', async () => {
    const { sdp, tracks } = await answer('qrpc-chrome-video-simulcast-audio-datachannel-offer.sdp');
    expect(sdp.bundle).toEqual(['0', '1', '2']);
    const [video, audio, data] = sdp.media as [MediaDescription, MediaDescription, MediaDescription];
    expect([video.kind, audio.kind, data.kind]).toEqual(['video', 'audio', 'application']);
    expect([video.direction, audio.direction]).toEqual(['recvonly', 'recvonly']);
    // RFC 8853 §5.3: each offered send rid is answered as recv.
    expect(video.rids.map((r) => `${r.id} ${r.direction}`)).toEqual(['h1 recv', 'm1 recv', 'l1 recv']);
    expect(video.simulcast?.recv?.map((alt) => alt[0]!.rid)).toEqual(['h1', 'm1', 'l1']);
    expect(extmaps(video)).toEqual(
      expect.arrayContaining([
        `9 ${ExtensionUri.mid}`,
        `10 ${ExtensionUri.rid}`,
        `11 ${ExtensionUri.repairedRid}`,
      ]),
    );
    expect(extmaps(audio)).toContain(`13 ${ExtensionUri.audioLevel}`);
    expect(codecs(audio)).toEqual(['111 opus minptime=10;useinbandfec=1']); // red/48000 left out
    expect(codecs(video).slice(0, 2)).toEqual(['96 VP8', '97 rtx apt=96']);
    expect(codecs(video).some((c) => / (red|ulpfec)/.test(c))).toBe(false);
    expect(data.sctpPort).toBe(5000);
    for (const m of sdp.media) transportAttributes(m);
    expect(tracks).toHaveLength(2);
    expect(tracks[0]!.streams[0]!.id).toBe('83b556d6-2bfd-4eb8-8e35-6a826151485b');
    expect(tracks[1]!.streams[0]).toBe(tracks[0]!.streams[0]);
    expect(tracks[0]!.streams[0]!.getTracks()).toEqual([tracks[0]!.track, tracks[1]!.track]);
  });

  test('Chrome video-only (aiortc sample): an addTrack transceiver takes the section, sendrecv', async () => {
    const vp8 = new EncodedTrackSource({ codec: 'video/VP8' });
    const { sdp, pc } = await answer('aiortc-chrome-video.sdp', (p) => p.addTrack(vp8.track));
    expect(sdp.bundle).toEqual(['video']);
    const [video] = sdp.media as [MediaDescription];
    expect(video.direction).toBe('sendrecv');
    expect(codecs(video)).toEqual(['96 VP8', '97 rtx apt=96', '98 VP9 profile-id=0', '99 rtx apt=98']);
    // RFC 4588: our media SSRC and its RTX SSRC in an FID group.
    expect(video.ssrcGroups).toHaveLength(1);
    expect(video.ssrcGroups[0]!.semantics).toBe('FID');
    expect(pc.getTransceivers()).toHaveLength(1);
    expect(pc.getTransceivers()[0]!.sender.track).toBe(vp8.track);
  });

  test('Safari (old sctpmap data, Plan B msid in a=ssrc): H.264 42e01f matched, 640c1f left out', async () => {
    const { sdp, tracks } = await answer('aiortc-safari-audio-video-datachannel.sdp');
    expect(sdp.bundle).toEqual(['audio', 'video', 'data']);
    const [audio, video, data] = sdp.media as [MediaDescription, MediaDescription, MediaDescription];
    expect(codecs(audio)).toEqual(['111 opus minptime=10;useinbandfec=1']);
    expect(codecs(video)).toEqual([
      '98 H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '99 rtx apt=98',
      '100 VP8',
      '101 rtx apt=100',
    ]);
    expect(data.sctpmap?.port).toBe(5000);
    expect(tracks.map((t) => t.streams[0]?.id)).toEqual([
      'cb7e185b-6110-4f65-b027-ddb8b5fa78c7',
      'cb7e185b-6110-4f65-b027-ddb8b5fa78c7',
    ]);
  });
});
