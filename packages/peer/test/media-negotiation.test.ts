// Offer/answer codec and header-extension negotiation (RFC 8829 §5.2/§5.3) against real Chrome and
// Firefox offers, and H.264 profile-level-id rules (RFC 6184 §8.2.2).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExtensionUri } from '@rtc/rtp';
import { parseSdp, SessionDescription } from '@rtc/sdp';
import {
  acceptAnswerCodecs,
  answerProfileLevelId,
  defaultCodecs,
  defaultHeaderExtensions,
  getRtpCapabilities,
  type MediaCodec,
  negotiateCodecs,
  negotiateHeaderExtensions,
  parseProfileLevelId,
  readRemoteRtpParameters,
  remoteCodecs,
  rtxPayloadTypeFor,
  writeRtpSection,
} from '../src/media/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const vector = (name: string) => parseSdp(readFileSync(join(here, 'vectors/media', name), 'utf8'));

const summary = (codecs: MediaCodec[]) =>
  codecs.map((c) => `${c.payloadType} ${c.mimeType}${c.sdpFmtpLine ? ` ${c.sdpFmtpLine}` : ''}`);

describe('default capabilities', () => {
  it('offers Opus, VP8, VP9, H.264 (two profiles), AV1 with RTX and the feedback browsers use', () => {
    const video = defaultCodecs('video');
    expect(summary(video)).toEqual([
      '96 video/VP8',
      '97 video/rtx apt=96',
      '98 video/VP9 profile-id=0',
      '99 video/rtx apt=98',
      '102 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
      '103 video/rtx apt=102',
      '106 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '107 video/rtx apt=106',
      '45 video/AV1',
      '46 video/rtx apt=45',
    ]);
    expect(video[0]!.rtcpFeedback).toEqual([
      { type: 'goog-remb' },
      { type: 'transport-cc' },
      { type: 'ccm', parameter: 'fir' },
      { type: 'nack' },
      { type: 'nack', parameter: 'pli' },
    ]);
    expect(summary(defaultCodecs('audio'))).toEqual(['111 audio/opus minptime=10;useinbandfec=1']);
    expect(defaultCodecs('audio')[0]!.channels).toBe(2);
    const caps = getRtpCapabilities('video')!;
    expect(caps.codecs.filter((c) => c.mimeType === 'video/rtx')).toEqual([
      { mimeType: 'video/rtx', clockRate: 90000 },
    ]);
    expect(caps.headerExtensions.map((e) => e.uri)).toContain(ExtensionUri.repairedRid);
    expect(getRtpCapabilities('audio')!.headerExtensions.map((e) => e.uri)).toContain(
      ExtensionUri.audioLevel,
    );
    expect(getRtpCapabilities('text')).toBeNull();
  });

  it('writes an offer section that parses back to the same codecs, extensions, msid and FID group', () => {
    const sdp = SessionDescription.create({});
    const m = sdp.addMedia({ kind: 'video', protocol: 'UDP/TLS/RTP/SAVPF' });
    writeRtpSection(m, {
      mid: '1',
      direction: 'sendrecv',
      codecs: defaultCodecs('video'),
      extensions: defaultHeaderExtensions('video'),
      msid: { streamIds: ['stream-a'], trackId: 'track-1' },
      send: { ssrc: 0x1234, rtxSsrc: 0x5678, cname: 'me' },
    });
    const text = sdp.toString();
    expect(text).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103 106 107 45 46\r\n');
    expect(text).toContain('a=fmtp:97 apt=96\r\n');
    expect(text).toContain('a=rtcp-fb:96 nack pli\r\n');
    expect(text).toContain('a=msid:stream-a track-1\r\n');
    expect(text).toContain(`a=ssrc-group:FID ${0x1234} ${0x5678}\r\n`);
    expect(text).toContain('a=rtcp-mux\r\n');
    const back = readRemoteRtpParameters(parseSdp(text).media[0]!);
    expect(back.codecs).toEqual(defaultCodecs('video'));
    expect(back.extensions).toEqual(defaultHeaderExtensions('video'));
    expect(back.ssrcs).toEqual([{ ssrc: 0x1234, rtxSsrc: 0x5678, cname: 'me' }]);
    expect(back.streamIds).toEqual(['stream-a']);
    expect(back.trackId).toBe('track-1');
    expect(back.mid).toBe('1');
  });
});

describe('answering real browser offers', () => {
  it('Chrome video offer: offer payload types, H.264 by packetization-mode and profile, RTX by apt', () => {
    const offer = vector('qrpc-chrome-video-simulcast-rid-datachannel-offer.sdp');
    const video = offer.media.find((m) => m.kind === 'video')!;
    const answer = negotiateCodecs(remoteCodecs(video), defaultCodecs('video'));
    expect(summary(answer)).toEqual([
      '96 video/VP8',
      '97 video/rtx apt=96',
      '102 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
      '103 video/rtx apt=102',
      '106 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '107 video/rtx apt=106',
      '45 video/AV1',
      '46 video/rtx apt=45',
      '98 video/VP9 profile-id=0',
      '99 video/rtx apt=98',
    ]);
    // packetization-mode=0 (104, 108), main (127), high (112) and VP9 profile 2 (100) are left out
    for (const pt of [104, 108, 127, 112, 100, 105, 125])
      expect(answer.some((c) => c.payloadType === pt)).toBe(false);
    expect(answer[0]!.rtcpFeedback.map((f) => f.type)).toEqual([
      'goog-remb',
      'transport-cc',
      'ccm',
      'nack',
      'nack',
    ]);
    const exts = negotiateHeaderExtensions(video.extmaps, defaultHeaderExtensions('video'));
    expect(exts).toEqual([
      { uri: ExtensionUri.absSendTime, id: 2 },
      { uri: ExtensionUri.transportWideCc, id: 4 },
      { uri: ExtensionUri.mid, id: 9 },
      { uri: ExtensionUri.rid, id: 10 },
      { uri: ExtensionUri.repairedRid, id: 11 },
    ]);
    const remote = readRemoteRtpParameters(video);
    expect(remote.rids).toEqual(['h', 'm', 'l']);
    expect(rtxPayloadTypeFor(answer, 96)).toBe(97);
  });

  it('Chrome audio offer: Opus on 111 with our fmtp; red, G.722, PCMU/PCMA, CN, telephone-event left out', () => {
    const offer = vector('qrpc-chrome-video-simulcast-audio-datachannel-offer.sdp');
    const audio = offer.media.find((m) => m.kind === 'audio')!;
    const answer = negotiateCodecs(remoteCodecs(audio), defaultCodecs('audio'));
    expect(summary(answer)).toEqual(['111 audio/opus minptime=10;useinbandfec=1']);
    expect(answer[0]!.rtcpFeedback).toEqual([{ type: 'transport-cc' }]);
    const exts = negotiateHeaderExtensions(audio.extmaps, defaultHeaderExtensions('audio'));
    expect(exts.map((e) => e.uri).sort()).toEqual(
      [
        ExtensionUri.audioLevel,
        ExtensionUri.absSendTime,
        ExtensionUri.transportWideCc,
        ExtensionUri.mid,
      ].sort(),
    );
  });

  it('Firefox 99 offer: its payload types (109 Opus, 120 VP8, 126/105 H.264, 99 AV1) and extmap ids', () => {
    const offer = vector('qrpc-firefox99-audio-video-offer.sdp');
    const [audio, video] = offer.media;
    const a = negotiateCodecs(remoteCodecs(audio!), defaultCodecs('audio'));
    expect(summary(a)).toEqual(['109 audio/opus minptime=10;useinbandfec=1']);
    expect(a[0]!.rtcpFeedback).toEqual([]); // Firefox lists no rtcp-fb for Opus
    const v = negotiateCodecs(remoteCodecs(video!), defaultCodecs('video'));
    expect(summary(v)).toEqual([
      '120 video/VP8',
      '124 video/rtx apt=120',
      '121 video/VP9 profile-id=0',
      '125 video/rtx apt=121',
      '126 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '127 video/rtx apt=126',
      '105 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
      '106 video/rtx apt=105',
      '99 video/AV1',
      '100 video/rtx apt=99',
    ]);
    expect(negotiateHeaderExtensions(audio!.extmaps, defaultHeaderExtensions('audio'))).toEqual([
      { uri: ExtensionUri.audioLevel, id: 1 },
      { uri: ExtensionUri.mid, id: 3 },
    ]);
    expect(negotiateHeaderExtensions(video!.extmaps, defaultHeaderExtensions('video'))).toEqual([
      { uri: ExtensionUri.mid, id: 3 },
      { uri: ExtensionUri.absSendTime, id: 4 },
      { uri: ExtensionUri.transportWideCc, id: 7 },
    ]);
  });

  it('older Chrome and Firefox offers: RTX of red is dropped with red; SSRC/FID and msid are read', () => {
    const chrome = vector('aiortc-chrome-video.sdp').media[0]!;
    const answer = negotiateCodecs(remoteCodecs(chrome), defaultCodecs('video'));
    expect(answer.map((c) => c.payloadType)).toEqual([96, 97, 98, 99]);
    const remote = readRemoteRtpParameters(chrome);
    expect(remote.ssrcs).toEqual([{ ssrc: 1845476211, rtxSsrc: 3305256354, cname: '9iW3jspLCZJ5WjOZ' }]);
    const firefox = vector('aiortc-firefox61-video.sdp').media[0]!;
    const ff = readRemoteRtpParameters(firefox);
    expect(ff.streamIds).toEqual(['{38c9a1f0-d360-4ad8-afe3-4d7f6d4ae4e1}']);
    expect(ff.mid).toBe('sdparta_0');
    // VP9 without profile-id is profile 0 (VP9 RTP payload format §6)
    expect(negotiateCodecs(remoteCodecs(firefox), defaultCodecs('video')).map((c) => c.mimeType)).toEqual([
      'video/VP8',
      'video/VP9',
    ]);
  });

  it('no RTX in the answer when our codec list has none; answer codecs must come from the offer', () => {
    const video = vector('qrpc-firefox99-audio-video-offer.sdp').media[1]!;
    const noRtx = defaultCodecs('video').filter((c) => c.mimeType !== 'video/rtx');
    expect(negotiateCodecs(remoteCodecs(video), noRtx).some((c) => c.mimeType === 'video/rtx')).toBe(false);
    const ours = defaultCodecs('video');
    const theirs: MediaCodec[] = [
      { ...ours[0]!, payloadType: 96 },
      { payloadType: 100, mimeType: 'video/H265', clockRate: 90000, rtcpFeedback: [] },
    ];
    expect(acceptAnswerCodecs(ours, theirs).map((c) => c.payloadType)).toEqual([96]);
  });

  it('survives offers with odd codec lines (no rtpmap, bad fmtp, unknown names)', () => {
    const text =
      'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' +
      'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99\r\na=mid:0\r\na=rtpmap:96 VP8/90000\r\n' +
      'a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=\r\na=rtpmap:98 H264/90000\r\na=fmtp:98 profile-level-id=zzzzzz;packetization-mode=1\r\n';
    const m = parseSdp(text).media[0]!;
    expect(negotiateCodecs(remoteCodecs(m), defaultCodecs('video')).map((c) => c.payloadType)).toEqual([96]);
  });
});

describe('H.264 profile-level-id (RFC 6184 §8.2.2)', () => {
  it('classifies profiles and level 1b', () => {
    expect(parseProfileLevelId('42e01f')).toEqual({ profile: 'constrained-baseline', level: 31 });
    expect(parseProfileLevelId('42001f')).toEqual({ profile: 'baseline', level: 31 });
    expect(parseProfileLevelId('4d001f')?.profile).toBe('main');
    expect(parseProfileLevelId('4d801f')?.profile).toBe('constrained-baseline');
    expect(parseProfileLevelId('640c1f')?.profile).toBe('constrained-high');
    expect(parseProfileLevelId('64001f')?.profile).toBe('high');
    expect(parseProfileLevelId('42f00b')).toEqual({ profile: 'constrained-baseline', level: 9 });
    expect(parseProfileLevelId('f4001f')).toBeUndefined();
    expect(parseProfileLevelId('42e01')).toBeUndefined();
  });

  it('answers with the lower level, or our own level when both allow asymmetry', () => {
    expect(answerProfileLevelId('42e034', '42e01f', false)).toBe('42e01f');
    expect(answerProfileLevelId('42e00a', '42e01f', false)).toBe('42e00a');
    expect(answerProfileLevelId('42e00a', '42e01f', true)).toBe('42e01f');
    expect(answerProfileLevelId('42e00b', '42f00b', false)).toBe('42f00b'); // 1b is below 1.1
    expect(answerProfileLevelId('64001f', '42e01f', true)).toBeUndefined();
  });

  it('matches offered H.264 against ours through negotiateCodecs, level asymmetry included', () => {
    const offered: MediaCodec[] = [
      {
        payloadType: 121,
        mimeType: 'video/H264',
        clockRate: 90000,
        sdpFmtpLine: 'profile-level-id=42e034;packetization-mode=1',
        rtcpFeedback: [{ type: 'nack' }],
      },
      {
        payloadType: 122,
        mimeType: 'video/H264',
        clockRate: 90000,
        sdpFmtpLine: 'profile-level-id=42e00a;packetization-mode=1;level-asymmetry-allowed=1',
        rtcpFeedback: [],
      },
    ];
    const answer = negotiateCodecs(offered, defaultCodecs('video'));
    expect(summary(answer)).toEqual([
      '121 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      '122 video/H264 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    ]);
    expect(answer[0]!.rtcpFeedback).toEqual([{ type: 'nack' }]);
  });
});
