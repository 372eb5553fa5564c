import { parseSdp, SdpParseError } from '../src/index.js';
import { readVector } from './vectors.js';

function errorOf(text: string, strict = false): SdpParseError {
  let caught: unknown;
  try {
    parseSdp(text, { strict });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SdpParseError);
  return caught as SdpParseError;
}

const HEAD = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';

describe('SdpParseError names the line', () => {
  it('missing v=', () => {
    const e = errorOf('o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n');
    expect(e).toMatchObject({ code: 'missing-version', line: 1, text: 'o=- 1 2 IN IP4 127.0.0.1' });
    expect(e.message).toContain('line 1');
    expect(errorOf('')).toMatchObject({ code: 'missing-version', line: 1 });
  });

  it('wrong version', () => {
    expect(errorOf('v=1\r\n')).toMatchObject({ code: 'bad-version', line: 1, text: 'v=1' });
  });

  it('missing or malformed o= and s=', () => {
    expect(errorOf('v=0\r\ns=-\r\n')).toMatchObject({ code: 'missing-origin', line: 2, text: 's=-' });
    expect(errorOf('v=0\r\no=- 1 IN IP4 1.2.3.4\r\ns=-\r\n')).toMatchObject({ code: 'bad-origin', line: 2 });
    expect(errorOf('v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\nt=0 0\r\n')).toMatchObject({
      code: 'missing-session-name',
      line: 3,
      text: 't=0 0',
    });
    expect(errorOf('v=0\r\no=- 1 2 IN IP4 1.2.3.4\r\n')).toMatchObject({
      code: 'missing-session-name',
      line: 3,
    });
  });

  it('bad line syntax', () => {
    const e = errorOf(`${HEAD}this is not sdp\r\n`);
    expect(e).toMatchObject({ code: 'bad-line', line: 5, text: 'this is not sdp' });
    expect(e.message).toBe('line 5: not a <type>=<value> line: "this is not sdp"');
    expect(errorOf(`${HEAD}A=upper\r\n`)).toMatchObject({ code: 'bad-line', line: 5 });
    expect(errorOf(`${HEAD}a =x\r\n`)).toMatchObject({ code: 'bad-line', line: 5 });
    expect(errorOf(`${HEAD}a=x\ry\r\n`)).toMatchObject({ code: 'bad-line', line: 5 });
    expect(errorOf(`${HEAD}a=x\0\r\n`)).toMatchObject({ code: 'bad-line', line: 5 });
  });

  it('bad m= line', () => {
    expect(errorOf(`${HEAD}m=audio 9\r\n`)).toMatchObject({ code: 'bad-media', line: 5, text: 'm=audio 9' });
    expect(errorOf(`${HEAD}m=\r\n`)).toMatchObject({ code: 'bad-media', line: 5 });
  });

  it('bad port', () => {
    expect(errorOf(`${HEAD}m=audio 65536 RTP/AVP 0\r\n`)).toMatchObject({
      code: 'bad-port',
      line: 5,
      text: 'm=audio 65536 RTP/AVP 0',
    });
    expect(errorOf(`${HEAD}m=audio -1 RTP/AVP 0\r\n`)).toMatchObject({ code: 'bad-port', line: 5 });
    expect(errorOf(`${HEAD}m=audio x RTP/AVP 0\r\n`)).toMatchObject({ code: 'bad-port', line: 5 });
    expect(errorOf(`${HEAD}m=audio 9/0 RTP/AVP 0\r\n`)).toMatchObject({ code: 'bad-port', line: 5 });
    expect(parseSdp(`${HEAD}m=audio 9/2 RTP/AVP 0\r\n`).media[0]!.mediaLine.numberOfPorts).toBe(2);
  });

  it('bad c=, b=, t= and attribute names', () => {
    expect(errorOf(`${HEAD}c=IN IP4\r\n`)).toMatchObject({ code: 'bad-connection', line: 5 });
    expect(errorOf(`${HEAD}b=AS\r\n`)).toMatchObject({ code: 'bad-bandwidth', line: 5 });
    expect(errorOf(`${HEAD}b=AS:lots\r\n`)).toMatchObject({ code: 'bad-bandwidth', line: 5 });
    expect(errorOf('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n')).toMatchObject({
      code: 'bad-timing',
      line: 4,
    });
    expect(errorOf(`${HEAD}a=\r\n`)).toMatchObject({ code: 'bad-attribute', line: 5 });
    expect(errorOf(`${HEAD}a=:value\r\n`)).toMatchObject({ code: 'bad-attribute', line: 5 });
  });

  it('counts lines of LF-only input and blank lines', () => {
    expect(errorOf('v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\n\nm=audio x RTP/AVP 0\n')).toMatchObject({
      code: 'bad-port',
      line: 5,
    });
  });

  it('strict mode rejects malformed known attributes, naming the line', () => {
    const bad = [
      'a=rtpmap:abc opus/48000',
      'a=rtpmap:111 opus',
      'a=fmtp:x y',
      'a=rtcp-fb:111',
      'a=extmap:1/sideways urn:x',
      'a=ssrc:4294967296 cname:x',
      'a=ssrc-group:FID x',
      'a=setup:sideways',
      'a=fingerprint:sha-256',
      'a=sctp-port:70000',
      'a=max-message-size:big',
      'a=rid:h sideways',
      'a=simulcast:send',
      'a=rtcp-mux:yes',
      'a=sendrecv:x',
      'a=mid',
      'a=group',
      'a=msid:a b c',
      'a=rtcp:x',
      'a=sctpmap:5000',
      'a=candidate',
    ];
    for (const line of bad) {
      const text = `${HEAD}m=audio 9 RTP/AVP 111\r\n${line}\r\n`;
      expect(errorOf(text, true)).toMatchObject({ code: 'bad-attribute', line: 6, text: line });
      expect(() => parseSdp(text)).not.toThrow();
    }
  });

  it('rejects non-string input with SdpParseError', () => {
    expect(() => parseSdp(42 as unknown as string)).toThrow(SdpParseError);
    expect(() => parseSdp(undefined as unknown as string)).toThrow(SdpParseError);
  });

  it('shortens very long lines in the message but keeps the full text', () => {
    const long = `x${'y'.repeat(1000)}`;
    const e = errorOf(`${HEAD}${long}\r\n`);
    expect(e.text).toBe(long);
    expect(e.message.length).toBeLessThan(300);
  });

  it('a real SDP with one damaged line names that line', () => {
    const lines = readVector('aiortc-chrome-video.sdp').split('\r\n');
    lines[6] = 'm=video abc UDP/TLS/RTP/SAVPF 96';
    expect(errorOf(lines.join('\r\n'))).toMatchObject({ code: 'bad-port', line: 7, text: lines[6] });
  });
});
