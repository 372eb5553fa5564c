import { parseSdp, serializeSdp } from '../src/index.js';
import { readVector, vectorNames } from './vectors.js';

describe('lossless round trip of real SDPs', () => {
  it('has all 16 samples', () => {
    expect(vectorNames).toHaveLength(16);
  });

  it.each(vectorNames)('%s serializes back byte-identical', (name) => {
    const text = readVector(name);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(serializeSdp(parseSdp(text))).toBe(text);
  });

  it.each(vectorNames)('%s is accepted by strict mode too', (name) => {
    const text = readVector(name);
    expect(parseSdp(text, { strict: true }).toString()).toBe(text);
  });

  it.each(vectorNames)('%s with LF-only line endings serializes to the CRLF original', (name) => {
    const text = readVector(name);
    const lf = text.replace(/\r\n/g, '\n');
    expect(lf.includes('\r')).toBe(false);
    expect(parseSdp(lf).toString()).toBe(text);
  });

  it('adds the final CRLF when the input lacks it', () => {
    const text = readVector('rfc8866-section5-example.sdp');
    expect(parseSdp(text.slice(0, -2)).toString()).toBe(text);
  });

  it('keeps unknown attributes and line types verbatim and in order', () => {
    const text = [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      'x=unknown line type',
      't=0 0',
      'a=zzz-unknown:with: colons  and  blanks ',
      'a=flag-unknown',
      'a=empty-value:',
      'm=audio 9 RTP/AVP 0',
      'a=x-custom:1',
      'a=rtpmap:0 PCMU/8000',
      'a=x-custom:2',
      '',
    ].join('\r\n');
    const sdp = parseSdp(text);
    expect(sdp.toString()).toBe(text);
    expect(sdp.attributes().map((a) => [a.name, a.value])).toEqual([
      ['zzz-unknown', 'with: colons  and  blanks '],
      ['flag-unknown', undefined],
      ['empty-value', ''],
    ]);
    expect(sdp.media[0]!.attributes('x-custom').map((a) => a.value)).toEqual(['1', '2']);
  });

  it('keeps position of an edited attribute', () => {
    const text = readVector('aiortc-chrome-video.sdp');
    const sdp = parseSdp(text);
    const video = sdp.media[0]!;
    video.iceUfrag = 'abcd';
    video.setup = 'active';
    const expected = text
      .replace('a=ice-ufrag:9KhP', 'a=ice-ufrag:abcd')
      .replace('a=setup:actpass', 'a=setup:active');
    expect(sdp.toString()).toBe(expected);
  });
});
