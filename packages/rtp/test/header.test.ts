import {
  isRtcp,
  isRtp,
  RtpError,
  rtcpPacketType,
  rtcpSsrc,
  rtpHeaderLength,
  rtpMarker,
  rtpPayloadType,
  rtpSequenceNumber,
  rtpSsrc,
  rtpTimestamp,
} from '../src/index.js';
import { hex, loadVectors } from './helpers.js';

const aiortc = loadVectors('rtp-rtcp-aiortc.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const rtpVec = (id: string) => hex(aiortc.rtp.find((v: any) => v.id === id).hex);

describe('raw RTP header accessors', () => {
  test('plain PCMU packet', () => {
    const p = rtpVec('aiortc-rtp');
    expect(rtpHeaderLength(p)).toBe(12);
    expect(rtpSequenceNumber(p)).toBe(15743);
    expect(rtpTimestamp(p)).toBe(3937035252);
    expect(rtpSsrc(p)).toBe(0xf01b40e9);
    expect(rtpPayloadType(p)).toBe(0);
    expect(rtpMarker(p)).toBe(false);
    expect(isRtp(p)).toBe(true);
    expect(isRtcp(p)).toBe(false);
  });

  test('CSRCs count toward header length; truncated CSRC list fails', () => {
    const p = rtpVec('aiortc-rtp_with_csrc');
    expect(rtpHeaderLength(p)).toBe(20);
    for (let n = 12; n < 20; n++) expect(() => rtpHeaderLength(p.subarray(0, n))).toThrow(RtpError);
  });

  test('extension block counts toward header length; truncation fails', () => {
    const p = rtpVec('aiortc-rtp_with_sdes_mid');
    expect(rtpHeaderLength(p)).toBe(20);
    expect(rtpMarker(p)).toBe(true);
    for (let n = 0; n < 20; n++) expect(() => rtpHeaderLength(p.subarray(0, n))).toThrow(RtpError);
  });

  test('bad version rejected', () => {
    const p = rtpVec('aiortc-rtp').slice();
    p[0] = 0x40;
    expect(() => rtpHeaderLength(p)).toThrow(expect.objectContaining({ code: 'bad-version' }));
    expect(isRtp(p)).toBe(false);
  });

  test('accessors reject short input', () => {
    expect(() => rtpSsrc(new Uint8Array(11))).toThrow(RtpError);
    expect(() => rtpSequenceNumber(new Uint8Array(3))).toThrow(RtpError);
    expect(() => rtpTimestamp(new Uint8Array(7))).toThrow(RtpError);
    expect(() => rtcpSsrc(new Uint8Array(7))).toThrow(RtpError);
  });
});

describe('RFC 5761 §4 demultiplexing and RTCP SSRC', () => {
  test('every RTCP vector is RTCP and yields the first SSRC', () => {
    for (const v of aiortc.rtcp) {
      const p = hex(v.hex);
      if (p.length < 8) continue;
      expect(isRtcp(p)).toBe(true);
      expect(isRtp(p)).toBe(false);
    }
    const sr = hex(aiortc.rtcp[0].hex);
    expect(rtcpPacketType(sr)).toBe(200);
    expect(rtcpSsrc(sr)).toBe(1831097322);
  });

  test('boundaries of the 192..223 range', () => {
    const p = new Uint8Array(12);
    p[0] = 0x80;
    for (const [b1, rtcp] of [
      [191, false],
      [192, true],
      [200, true],
      [223, true],
      [224, false],
      [0x7f, false],
    ] as const) {
      p[1] = b1;
      expect(isRtcp(p)).toBe(rtcp);
      expect(isRtp(p)).toBe(!rtcp);
    }
  });
});
