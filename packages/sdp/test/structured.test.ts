import { parseFmtpParameters, parseSdp } from '../src/index.js';
import { readVector } from './vectors.js';

describe('structured views of real SDPs', () => {
  it('Chrome simulcast offer: BUNDLE, ICE, DTLS, codecs, extmaps, rid/simulcast, data channel', () => {
    const sdp = parseSdp(readVector('qrpc-chrome-video-simulcast-rid-datachannel-offer.sdp'));
    expect(sdp.version).toBe(0);
    expect(sdp.origin).toEqual({
      username: '-',
      sessionId: '2755857735278132688',
      sessionVersion: '2',
      netType: 'IN',
      addrType: 'IP4',
      address: '127.0.0.1',
    });
    expect(sdp.sessionName).toBe('-');
    expect(sdp.timing).toEqual({ start: 0, stop: 0 });
    expect(sdp.groups).toEqual([{ semantics: 'BUNDLE', mids: ['0', '1'] }]);
    expect(sdp.bundle).toEqual(['0', '1']);
    expect(sdp.extmapAllowMixed).toBe(true);
    expect(sdp.msidSemantic).toEqual({
      semantic: 'WMS',
      identifiers: ['e1c6c32a-0d3d-4c1f-b8e3-38fc1382e07a'],
    });
    expect(sdp.media).toHaveLength(2);

    const video = sdp.media[0]!;
    expect(video.kind).toBe('video');
    expect(video.port).toBe(9);
    expect(video.protocol).toBe('UDP/TLS/RTP/SAVPF');
    expect(video.formats.slice(0, 4)).toEqual(['96', '97', '102', '103']);
    expect(video.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '0.0.0.0' });
    expect(video.rtcp).toEqual({
      port: 9,
      connection: { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' },
    });
    expect(video.iceUfrag).toBe('4mR1');
    expect(video.icePwd).toBe('d7Ou6mHlq1enMEWs0v0VAYov');
    expect(video.iceOptions).toEqual(['trickle']);
    expect(video.fingerprints).toEqual([
      {
        algorithm: 'sha-256',
        value:
          'F5:CE:1E:60:EC:B1:A4:29:DC:C4:2A:53:A4:DA:A0:9F:A3:3B:6D:11:FE:8C:7F:48:5F:03:AD:1A:7B:76:69:67',
      },
    ]);
    expect(video.setup).toBe('actpass');
    expect(video.mid).toBe('0');
    expect(video.direction).toBe('sendonly');
    expect(video.msids).toEqual([
      { streamId: 'e1c6c32a-0d3d-4c1f-b8e3-38fc1382e07a', trackId: 'e29c78af-7d82-48f1-b1ad-c08c427c7a74' },
    ]);
    expect(video.rtcpMux).toBe(true);
    expect(video.rtcpRsize).toBe(true);
    expect(video.rtcpMuxOnly).toBe(false);

    expect(video.extmaps).toHaveLength(13);
    expect(video.extmaps[0]).toEqual({ id: 1, uri: 'urn:ietf:params:rtp-hdrext:toffset' });
    expect(video.extmaps.find((e) => e.uri.endsWith('sdes:rtp-stream-id'))?.id).toBe(10);
    expect(video.extmaps.find((e) => e.uri.endsWith('sdes:repaired-rtp-stream-id'))?.id).toBe(11);

    const codecs = video.codecs;
    expect(codecs).toHaveLength(25);
    expect(codecs[0]).toEqual({
      payloadType: 96,
      name: 'VP8',
      clockRate: 90000,
      feedback: [
        { type: 'goog-remb' },
        { type: 'transport-cc' },
        { type: 'ccm', parameter: 'fir' },
        { type: 'nack' },
        { type: 'nack', parameter: 'pli' },
      ],
    });
    expect(codecs[1]).toEqual({
      payloadType: 97,
      name: 'rtx',
      clockRate: 90000,
      parameters: 'apt=96',
      feedback: [],
    });
    const h264 = codecs.find((c) => c.payloadType === 102)!;
    expect(parseFmtpParameters(h264.parameters!)).toEqual({
      'level-asymmetry-allowed': '1',
      'packetization-mode': '1',
      'profile-level-id': '42001f',
    });
    expect(codecs.find((c) => c.payloadType === 45)?.name).toBe('AV1');
    expect(video.rtpmaps.find((m) => m.payloadType === 118)).toEqual({
      payloadType: 118,
      encodingName: 'ulpfec',
      clockRate: 90000,
    });

    expect(video.rids).toEqual([
      { id: 'h', direction: 'send', restrictions: {} },
      { id: 'm', direction: 'send', restrictions: {} },
      { id: 'l', direction: 'send', restrictions: {} },
    ]);
    expect(video.simulcast).toEqual({
      send: [[{ rid: 'h', paused: false }], [{ rid: 'm', paused: false }], [{ rid: 'l', paused: false }]],
    });
    expect(video.candidates).toEqual([]);

    const data = sdp.media[1]!;
    expect(data.kind).toBe('application');
    expect(data.protocol).toBe('UDP/DTLS/SCTP');
    expect(data.formats).toEqual(['webrtc-datachannel']);
    expect(data.sctpPort).toBe(5000);
    expect(data.maxMessageSize).toBe(262144);
    expect(data.codecs).toEqual([]);
    expect(sdp.mediaByMid('1')).toBe(data);
  });

  it('Chrome video: ssrc and ssrc-group FID, Plan B ssrc attributes', () => {
    const video = parseSdp(readVector('aiortc-chrome-video.sdp')).media[0]!;
    expect(video.port).toBe(34955);
    expect(video.ssrcGroups).toEqual([{ semantics: 'FID', ssrcs: [1845476211, 3305256354] }]);
    expect(video.ssrcs.slice(0, 2)).toEqual([
      { ssrc: 1845476211, attribute: 'cname', value: '9iW3jspLCZJ5WjOZ' },
      {
        ssrc: 1845476211,
        attribute: 'msid',
        value: 'bbgewhUzS6hvFDlSlrhQ6zYlwW7ttRrK8QeQ 420c6f28-439d-4ead-b93c-94e14c0a16b4',
      },
    ]);
    expect(video.ssrcs).toHaveLength(8);
    expect(video.candidates).toEqual([
      '638323114 1 udp 2122260223 10.101.2.67 34955 typ host generation 0 network-id 2 network-cost 10',
      '1754264922 1 tcp 1518280447 10.101.2.67 9 typ host tcptype active generation 0 network-id 2 network-cost 10',
    ]);
    expect(video.endOfCandidates).toBe(false);
  });

  it('Chrome audio: opus fmtp and transport-cc feedback', () => {
    const audio = parseSdp(readVector('aiortc-chrome-audio-planb-era.sdp')).media[0]!;
    const opus = audio.codecs[0]!;
    expect(opus).toEqual({
      payloadType: 111,
      name: 'opus',
      clockRate: 48000,
      channels: 2,
      parameters: 'minptime=10;useinbandfec=1',
      feedback: [{ type: 'transport-cc' }],
    });
    expect(audio.codecs.map((c) => c.payloadType)).toEqual([
      111, 103, 104, 9, 0, 8, 106, 105, 13, 110, 112, 113, 126,
    ]);
  });

  it('Firefox 58 audio: session-level fingerprint, extmap direction, end-of-candidates, rtcp port', () => {
    const sdp = parseSdp(readVector('aiortc-firefox58-audio.sdp'));
    expect(sdp.fingerprints).toEqual([
      {
        algorithm: 'sha-256',
        value:
          'EB:A9:3E:50:D7:E3:B3:86:0F:7B:01:C1:EB:D6:AF:E4:97:DE:15:05:A8:DE:7B:83:56:C7:4B:6E:9D:75:D4:17',
      },
    ]);
    expect(sdp.direction).toBe('sendrecv');
    expect(sdp.iceOptions).toEqual(['trickle']);
    expect(sdp.msidSemantic).toEqual({ semantic: 'WMS', identifiers: ['*'] });
    const audio = sdp.media[0]!;
    expect(audio.fingerprints).toEqual([]);
    expect(audio.extmaps).toEqual([
      { id: 1, direction: 'sendonly', uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
      { id: 2, uri: 'urn:ietf:params:rtp-hdrext:sdes:mid' },
    ]);
    expect(audio.endOfCandidates).toBe(true);
    expect(audio.candidates).toHaveLength(10);
    expect(audio.rtcp).toEqual({
      port: 38612,
      connection: { netType: 'IN', addrType: 'IP4', address: '192.168.99.58' },
    });
    expect(audio.msids).toEqual([
      {
        streamId: '{dee771c7-671a-451e-b847-f86f8e87c7d8}',
        trackId: '{12692dea-686c-47ca-b3e9-48f38fc92b78}',
      },
    ]);
    expect(audio.codecs.find((c) => c.payloadType === 101)?.parameters).toBe('0-15');
    expect(audio.codecs.find((c) => c.payloadType === 9)).toMatchObject({ name: 'G722', channels: 1 });
  });

  it('Firefox 99 audio/video: recvonly extmaps, msid without stream', () => {
    const sdp = parseSdp(readVector('qrpc-firefox99-audio-video-offer.sdp'));
    expect(sdp.media[0]!.extmaps[1]).toEqual({
      id: 2,
      direction: 'recvonly',
      uri: 'urn:ietf:params:rtp-hdrext:csrc-audio-level',
    });
    expect(sdp.media[1]!.msids).toEqual([
      { streamId: '-', trackId: '{03dc3b2f-6415-4ce8-8626-5dc6273645db}' },
    ]);
    // fmtp lines come before rtpmap lines in Firefox's order; the codec view still pairs them.
    expect(sdp.media[1]!.codecs.find((c) => c.payloadType === 124)).toEqual({
      payloadType: 124,
      name: 'rtx',
      clockRate: 90000,
      parameters: 'apt=120',
      feedback: [],
    });
  });

  it("Firefox 63 data channel: sctp-port; Firefox 58's legacy sctpmap", () => {
    const ff63 = parseSdp(readVector('aiortc-firefox63-datachannel.sdp')).media[0]!;
    expect(ff63.protocol).toBe('UDP/DTLS/SCTP');
    expect(ff63.sctpPort).toBe(5000);
    expect(ff63.maxMessageSize).toBe(1073741823);
    expect(ff63.sctpmap).toBeUndefined();

    const ff58 = parseSdp(readVector('aiortc-firefox58-datachannel-sctpmap.sdp')).media[0]!;
    expect(ff58.protocol).toBe('DTLS/SCTP');
    expect(ff58.formats).toEqual(['5000']);
    expect(ff58.sctpmap).toEqual({ port: 5000, protocol: 'webrtc-datachannel', streams: 256 });
    expect(ff58.sctpPort).toBeUndefined();
    expect(ff58.maxMessageSize).toBe(1073741823);

    const safari = parseSdp(readVector('aiortc-safari-audio-video-datachannel.sdp'));
    expect(safari.media.map((m) => m.kind)).toEqual(['audio', 'video', 'application']);
    expect(safari.media[2]!.sctpmap).toEqual({ port: 5000, protocol: 'webrtc-datachannel', streams: 1024 });
  });

  it('Chrome answer: setup active and b=AS', () => {
    const data = parseSdp(readVector('qrpc-chrome-datachannel-answer-to-firefox.sdp')).media[0]!;
    expect(data.setup).toBe('active');
    expect(data.bandwidths).toEqual([{ type: 'AS', bandwidth: 30 }]);
  });

  it('Chrome munged simulcast: rid restrictions', () => {
    const video = parseSdp(readVector('qrpc-chrome-video-simulcast-audio-datachannel-offer.sdp')).media[0]!;
    expect(video.rids[0]).toEqual({
      id: 'h1',
      direction: 'send',
      restrictions: { 'max-bitrate': '500000', 'scalability-mode': 'L1T3' },
    });
  });

  it('synthetic simulcast: rid pt lists, paused alternatives, and the old draft syntax', () => {
    const sdp = parseSdp(readVector('sdp-transform-simulcast-rid-synthetic.sdp'));
    expect(sdp.connection).toEqual({ netType: 'IN', addrType: 'IP4', address: '192.0.2.156' });
    const video = sdp.media[1]!;
    expect(video.connection).toBeUndefined();
    expect(video.rids[0]).toEqual({
      id: '1',
      direction: 'send',
      payloadTypes: [97],
      restrictions: { 'max-width': '1280', 'max-height': '720', 'max-fps': '30' },
    });
    expect(video.rids[4]).toEqual({ id: 'c', direction: 'recv', payloadTypes: [97], restrictions: {} });
    const expected = {
      send: [
        [
          { rid: '1', paused: false },
          { rid: '4', paused: true },
        ],
        [{ rid: '2', paused: false }],
        [{ rid: '3', paused: false }],
      ],
      recv: [[{ rid: 'c', paused: false }]],
    };
    expect(video.simulcast).toEqual(expected);
    // The second a=simulcast line uses the draft syntax and means the same thing.
    const [, draft] = video.attributes('simulcast');
    const only = parseSdp(
      `v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nm=video 9 RTP/AVP 97\r\na=simulcast:${draft!.value}\r\n`,
    );
    expect(only.media[0]!.simulcast).toEqual(expected);
  });

  it('JSEP-style synthetic: bundle-only, port 0, two msids, rtcp with address', () => {
    const sdp = parseSdp(readVector('sdp-transform-jsep-style-synthetic.sdp'));
    const audio = sdp.media[0]!;
    const video = sdp.media[1]!;
    expect(audio.bundleOnly).toBe(false);
    expect(video.bundleOnly).toBe(true);
    expect(video.port).toBe(0);
    expect(video.msids).toHaveLength(2);
    expect(audio.rtcp).toEqual({
      port: 56501,
      connection: { netType: 'IN', addrType: 'IP4', address: '192.0.2.1' },
    });
    expect(audio.attribute('maxptime')).toBe('120');
    expect(sdp.msidSemantic).toEqual({ semantic: 'WMS', identifiers: [] });
  });

  it('RFC 8866 example: session fields, media without rtpmap, IPv6 connection', () => {
    const sdp = parseSdp(readVector('rfc8866-section5-example.sdp'));
    expect(sdp.origin.sessionVersion).toBe('3724394405');
    expect(sdp.sessionName).toBe('Call to John Smith');
    expect(sdp.media.map((m) => m.port)).toEqual([49170, 49180, 51372]);
    expect(sdp.media[0]!.codecs).toEqual([]);
    expect(sdp.media[2]!.connection).toEqual({ netType: 'IN', addrType: 'IP6', address: '2001:db8::2' });
    expect(sdp.media[2]!.codecs).toEqual([
      { payloadType: 99, name: 'h263-1998', clockRate: 90000, feedback: [] },
    ]);
  });

  it('skips malformed known attributes in the typed views (liberal mode)', () => {
    const sdp = parseSdp(
      [
        'v=0',
        'o=- 0 0 IN IP4 0.0.0.0',
        's=-',
        'm=audio 9 RTP/AVP 0 8',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:zz PCMA/8000',
        'a=extmap:x urn:bad',
        'a=setup:sideways',
        'a=sctp-port:99999',
        '',
      ].join('\n'),
    );
    const m = sdp.media[0]!;
    expect(m.rtpmaps).toEqual([{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000 }]);
    expect(m.extmaps).toEqual([]);
    expect(m.setup).toBeUndefined();
    expect(m.sctpPort).toBeUndefined();
  });
});
