import {
  decodeRtpPacket,
  encodeRtpPacket,
  ntpFromUnixMs,
  ntpMiddle32,
  RtpError,
  type RtpPacket,
  roundTripTimeMs,
  seqDelta,
  seqNewer,
  timestampDelta,
  timestampNewer,
  Unwrapper,
  unixMsFromNtp,
  unwrapRtx,
  wrapRtx,
} from '../src/index.js';
import { hex } from './helpers.js';

describe('sequence arithmetic', () => {
  test('seqDelta and seqNewer across the wrap', () => {
    expect(seqDelta(65535, 0)).toBe(1);
    expect(seqDelta(0, 65535)).toBe(-1);
    expect(seqDelta(100, 100)).toBe(0);
    expect(seqNewer(2, 65530)).toBe(true);
    expect(seqNewer(65530, 2)).toBe(false);
    expect(seqNewer(5, 5)).toBe(false);
  });

  test('timestamps', () => {
    expect(timestampDelta(0xfffffff0, 0x10)).toBe(0x20);
    expect(timestampNewer(0x10, 0xfffffff0)).toBe(true);
    expect(timestampNewer(0xfffffff0, 0x10)).toBe(false);
  });

  test('16-bit unwrapper: forward wraps, reordering before the wrap', () => {
    const u = new Unwrapper(16);
    expect(u.unwrap(65534)).toBe(65534);
    expect(u.unwrap(65535)).toBe(65535);
    expect(u.unwrap(1)).toBe(65537);
    expect(u.unwrap(65533)).toBe(65533); // late packet from before the wrap
    expect(u.unwrap(2)).toBe(65538);
    expect(u.highest).toBe(65538);
    let seq = 2;
    let ext = 65538;
    for (let i = 0; i < 300_000; i += 1000) {
      seq = (seq + 1000) & 0xffff;
      ext += 1000;
      expect(u.unwrap(seq)).toBe(ext);
    }
  });

  test('32-bit unwrapper', () => {
    const u = new Unwrapper(32);
    expect(u.unwrap(0xffffff00)).toBe(0xffffff00);
    expect(u.unwrap(0x100)).toBe(2 ** 32 + 0x100);
    expect(u.unwrap(0xfffffff0)).toBe(0xfffffff0);
  });
});

describe('NTP', () => {
  test('Unix epoch and back', () => {
    expect(ntpFromUnixMs(0)).toBe(2208988800n << 32n);
    const ms = 1_700_000_000_123.5;
    expect(Math.abs(unixMsFromNtp(ntpFromUnixMs(ms)) - ms)).toBeLessThan(0.001);
    expect(ntpFromUnixMs(500) & 0xffffffffn).toBe(0x80000000n);
  });

  test('middle 32 bits and RTT', () => {
    const ntp = 0x1122334455667788n;
    expect(ntpMiddle32(ntp)).toBe(0x33445566);
    const sent = ntpFromUnixMs(1_000_000);
    const now = ntpFromUnixMs(1_000_150);
    // the peer held the SR for 50 ms (DLSR in 1/65536 s)
    const rtt = roundTripTimeMs(now, ntpMiddle32(sent), 50 * 65.536);
    expect(rtt).toBeCloseTo(100, 0);
    expect(roundTripTimeMs(now, 0, 0)).toBeUndefined();
  });
});

describe('RTX (RFC 4588)', () => {
  const original: RtpPacket = {
    marker: true,
    payloadType: 96,
    sequenceNumber: 4242,
    timestamp: 90000,
    ssrc: 0x11111111,
    csrcs: [],
    extension: undefined,
    payload: hex('deadbeef'),
    paddingLength: 0,
  };

  test('wrap then unwrap gives the original back', () => {
    const rtx = wrapRtx(original, { payloadType: 97, ssrc: 0x22222222, sequenceNumber: 7 });
    const wire = encodeRtpPacket(rtx);
    const parsed = decodeRtpPacket(wire);
    expect(parsed.payloadType).toBe(97);
    expect(parsed.ssrc).toBe(0x22222222);
    expect(Buffer.from(parsed.payload).toString('hex')).toBe('1092deadbeef');
    const back = unwrapRtx(parsed, 96, 0x11111111);
    expect(encodeRtpPacket(back)).toEqual(encodeRtpPacket(original));
  });

  test('an RTX payload shorter than the OSN is rejected', () => {
    expect(() => unwrapRtx({ ...original, payload: hex('01') }, 96, 1)).toThrow(RtpError);
  });
});
