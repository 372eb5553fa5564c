import { MediaDescription, parseSdp, SdpParseError, SessionDescription } from '../src/index.js';

function buildOffer(): SessionDescription {
  const sdp = SessionDescription.create({
    origin: { sessionId: '4611731400430051336', sessionVersion: '2' },
  });
  sdp.addGroup({ semantics: 'BUNDLE', mids: ['0', '1'] });
  sdp.extmapAllowMixed = true;
  sdp.msidSemantic = { semantic: 'WMS', identifiers: ['stream'] };

  const audio = sdp.addMedia({ kind: 'audio', protocol: 'UDP/TLS/RTP/SAVPF' });
  audio.rtcp = { port: 9, connection: { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' } };
  audio.addCandidate('1 1 udp 2130706431 127.0.0.1 50000 typ host');
  audio.iceUfrag = 'ufrag';
  audio.icePwd = 'passwordpasswordpassword';
  audio.iceOptions = ['trickle'];
  audio.fingerprints = [{ algorithm: 'sha-256', value: 'AB:CD' }];
  audio.setup = 'actpass';
  audio.mid = '0';
  audio.addExtmap({ id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' });
  audio.addExtmap({ id: 2, direction: 'recvonly', uri: 'urn:ietf:params:rtp-hdrext:csrc-audio-level' });
  audio.direction = 'sendrecv';
  audio.msids = [{ streamId: 'stream', trackId: 'track' }];
  audio.rtcpMux = true;
  audio.rtcpRsize = true;
  audio.addCodec({
    payloadType: 111,
    name: 'opus',
    clockRate: 48000,
    channels: 2,
    parameters: 'minptime=10;useinbandfec=1',
    feedback: [{ type: 'transport-cc' }],
  });
  audio.addCodec({ payloadType: 0, name: 'PCMU', clockRate: 8000 });
  audio.addSsrc({ ssrc: 1234, attribute: 'cname', value: 'abc' });
  audio.addCandidate('2 1 udp 1694498815 192.0.2.1 50001 typ srflx raddr 127.0.0.1 rport 50000');
  audio.endOfCandidates = true;

  const data = sdp.addMedia({
    kind: 'application',
    protocol: 'UDP/DTLS/SCTP',
    formats: ['webrtc-datachannel'],
  });
  data.iceUfrag = 'ufrag';
  data.icePwd = 'passwordpasswordpassword';
  data.fingerprints = [{ algorithm: 'sha-256', value: 'AB:CD' }];
  data.setup = 'actpass';
  data.mid = '1';
  data.sctpPort = 5000;
  data.maxMessageSize = 262144;
  return sdp;
}

const EXPECTED = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS stream',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
  'a=candidate:2 1 udp 1694498815 192.0.2.1 50001 typ srflx raddr 127.0.0.1 rport 50000',
  'a=ice-ufrag:ufrag',
  'a=ice-pwd:passwordpasswordpassword',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 AB:CD',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level',
  'a=sendrecv',
  'a=msid:stream track',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=ssrc:1234 cname:abc',
  'a=end-of-candidates',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:ufrag',
  'a=ice-pwd:passwordpasswordpassword',
  'a=fingerprint:sha-256 AB:CD',
  'a=setup:actpass',
  'a=mid:1',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

describe('building an SDP from scratch', () => {
  it('writes a JSEP-shaped offer in Chrome order', () => {
    expect(buildOffer().toString()).toBe(EXPECTED);
  });

  it('parses back to the same values', () => {
    const built = buildOffer();
    const parsed = parseSdp(built.toString(), { strict: true });
    expect(parsed.toString()).toBe(EXPECTED);
    expect(parsed.bundle).toEqual(['0', '1']);
    const audio = parsed.media[0]!;
    const original = built.media[0]!;
    expect(audio.codecs).toEqual(original.codecs);
    expect(audio.codecs[0]).toEqual({
      payloadType: 111,
      name: 'opus',
      clockRate: 48000,
      channels: 2,
      parameters: 'minptime=10;useinbandfec=1',
      feedback: [{ type: 'transport-cc' }],
    });
    expect(audio.extmaps).toEqual(original.extmaps);
    expect(audio.candidates).toHaveLength(2);
    expect(audio.ssrcs).toEqual([{ ssrc: 1234, attribute: 'cname', value: 'abc' }]);
    expect(parsed.media[1]!.sctpPort).toBe(5000);
    expect(parsed.media[1]!.maxMessageSize).toBe(262144);
  });

  it('edits in place: setters replace, undefined removes, codecs can be removed', () => {
    const sdp = buildOffer();
    const audio = sdp.media[0]!;
    audio.direction = 'recvonly';
    audio.mid = undefined;
    audio.removeCodec(111);
    audio.port = 50000;
    audio.endOfCandidates = false;
    const text = sdp.toString();
    expect(text).toContain('m=audio 50000 UDP/TLS/RTP/SAVPF 0\r\n');
    expect(text).toContain('a=recvonly\r\n');
    expect(text).not.toContain('a=sendrecv');
    expect(text).not.toContain('a=mid:0');
    expect(text).not.toContain('opus');
    expect(text).not.toContain('a=rtcp-fb:111');
    expect(text).not.toContain('end-of-candidates');
    expect(audio.codecs.map((c) => c.payloadType)).toEqual([0]);
  });

  it('adds c= and b= at their RFC 8866 §5 positions, before the attributes', () => {
    const m = MediaDescription.create({
      kind: 'video',
      protocol: 'RTP/AVP',
      formats: ['96'],
      connection: null,
    });
    m.mid = 'v';
    m.bandwidths = [{ type: 'TIAS', bandwidth: 500000 }];
    m.connection = { netType: 'IN', addrType: 'IP6', address: '::1' };
    expect(m.toString()).toBe('m=video 9 RTP/AVP 96\r\nc=IN IP6 ::1\r\nb=TIAS:500000\r\na=mid:v\r\n');
    const s = SessionDescription.create({ sessionName: 'call' });
    s.connection = { netType: 'IN', addrType: 'IP4', address: '192.0.2.1' };
    s.bandwidths = [{ type: 'CT', bandwidth: 128 }];
    s.iceLite = true;
    expect(s.toString()).toBe(
      'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=call\r\nc=IN IP4 192.0.2.1\r\nb=CT:128\r\nt=0 0\r\na=ice-lite\r\n',
    );
    expect(parseSdp(s.toString()).iceLite).toBe(true);
  });

  it('builds simulcast with rids and the legacy sctpmap form', () => {
    const m = MediaDescription.create({ kind: 'video', protocol: 'UDP/TLS/RTP/SAVPF' });
    m.addRid({ id: 'h', direction: 'send', payloadTypes: [96], restrictions: { 'max-width': '1280' } });
    m.addRid({ id: 'l', direction: 'send', restrictions: {} });
    m.simulcast = { send: [[{ rid: 'h', paused: false }], [{ rid: 'l', paused: true }]] };
    m.addSsrcGroup({ semantics: 'FID', ssrcs: [1, 2] });
    m.rtcpMuxOnly = true;
    expect(m.toString()).toContain(
      'a=rid:h send pt=96;max-width=1280\r\na=rid:l send\r\na=simulcast:send h;~l\r\n',
    );
    const d = MediaDescription.create({ kind: 'application', protocol: 'DTLS/SCTP', formats: ['5000'] });
    d.sctpmap = { port: 5000, protocol: 'webrtc-datachannel', streams: 1024 };
    expect(d.toString()).toContain('a=sctpmap:5000 webrtc-datachannel 1024\r\n');
  });

  it('refuses values that would inject lines or break the grammar (security)', () => {
    const m = MediaDescription.create({ kind: 'audio', protocol: 'RTP/AVP' });
    const before = m.toString();
    expect(() => m.addCandidate('1 1 udp 1 1.2.3.4 5 typ host\r\na=setup:active')).toThrow(SdpParseError);
    expect(() => {
      m.iceUfrag = 'a\nb';
    }).toThrow(SdpParseError);
    expect(() => m.addAttribute('x', 'y\0')).toThrow(SdpParseError);
    expect(() => m.addAttribute('bad:name')).toThrow(SdpParseError);
    expect(() => {
      m.port = 70000;
    }).toThrow(SdpParseError);
    expect(() => {
      m.sctpPort = -1;
    }).toThrow(SdpParseError);
    expect(() => m.addCodec({ payloadType: 200, name: 'x', clockRate: 1 })).toThrow(SdpParseError);
    expect(() => m.addCodec({ payloadType: 96, name: 'a/b', clockRate: 1 })).toThrow(SdpParseError);
    expect(() => {
      m.mid = 'two words';
    }).toThrow(SdpParseError);
    expect(() => {
      m.setup = 'sideways' as never;
    }).toThrow(SdpParseError);
    expect(m.toString()).toBe(before);
    let err: unknown;
    try {
      m.iceUfrag = 'a\r\nb';
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SdpParseError);
    expect((err as SdpParseError).code).toBe('invalid-value');
    expect((err as SdpParseError).line).toBeUndefined();
  });
});
