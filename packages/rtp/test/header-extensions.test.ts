import {
  absSendTimeFromMs,
  absSendTimeToMs,
  decodeAbsCaptureTime,
  decodeAbsSendTime,
  decodeAudioLevel,
  decodeMid,
  decodePlayoutDelay,
  decodeRepairedRid,
  decodeRid,
  decodeRtpPacket,
  decodeTransportSequenceNumber,
  decodeVideoOrientation,
  encodeAbsCaptureTime,
  encodeAbsSendTime,
  encodeAudioLevel,
  encodeHeaderExtensions,
  encodeMid,
  encodePlayoutDelay,
  encodeRepairedRid,
  encodeRid,
  encodeRtpPacket,
  encodeTransportSequenceNumber,
  encodeVideoOrientation,
  findHeaderExtension,
  parseHeaderExtensions,
  RtpError,
} from '../src/index.js';
import { hex, loadVectors, toHex } from './helpers.js';

const aiortc = loadVectors('rtp-rtcp-aiortc.json');
const constructed = loadVectors('rtp-rtcp-constructed.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const byId = (list: any[], id: string) => hex(list.find((v) => v.id === id).hex);

describe('RFC 8285 parsing', () => {
  test('one-byte mid element with padding (aiortc)', () => {
    const p = decodeRtpPacket(byId(aiortc.rtp, 'aiortc-rtp_with_sdes_mid'));
    const els = parseHeaderExtensions(p.extension!);
    expect(els.map((e) => e.id)).toEqual([9]);
    expect(decodeMid(els[0]!.data)).toBe('0');
    expect(decodeMid(findHeaderExtension(p.extension, 9)!)).toBe('0');
    expect(findHeaderExtension(p.extension, 3)).toBeUndefined();
  });

  test('abs-send-time element (aiortc)', () => {
    const p = decodeRtpPacket(byId(aiortc.rtp, 'aiortc-rtp_only_padding_with_header_extensions'));
    expect(decodeAbsSendTime(findHeaderExtension(p.extension, 2)!)).toBe(15846540);
  });

  test('two-byte form with a zero-length element (constructed)', () => {
    const p = decodeRtpPacket(byId(constructed.constructed, 'constructed-rtp-two-byte-ext'));
    const els = parseHeaderExtensions(p.extension!);
    expect(els.map((e) => [e.id, toHex(e.data)])).toEqual([
      [1, '6162'],
      [3, ''],
    ]);
  });

  test('one-byte id 15 stops parsing', () => {
    const els = parseHeaderExtensions({ profile: 0xbede, data: hex('10aaf0ff20bb0000') });
    expect(els.map((e) => e.id)).toEqual([1]);
  });

  test('overrunning elements are rejected', () => {
    expect(() => parseHeaderExtensions({ profile: 0xbede, data: hex('1f000000') })).toThrow(RtpError);
    expect(() => parseHeaderExtensions({ profile: 0x1000, data: hex('01050000') })).toThrow(RtpError);
    expect(() => parseHeaderExtensions({ profile: 0x1000, data: hex('00000001') })).toThrow(RtpError);
    expect(() => findHeaderExtension({ profile: 0xbede, data: hex('1f000000') }, 2)).toThrow(RtpError);
  });

  test('unknown profile keeps the raw block and yields no elements', () => {
    const block = { profile: 0x1234, data: hex('deadbeef') };
    expect(parseHeaderExtensions(block)).toEqual([]);
  });
});

describe('RFC 8285 building, mixed forms', () => {
  test('one-byte form chosen when all fit', () => {
    const block = encodeHeaderExtensions([
      { id: 1, data: encodeMid('a') },
      { id: 3, data: encodeTransportSequenceNumber(0x1234) },
    ]);
    expect(block.profile).toBe(0xbede);
    expect(toHex(block.data)).toBe('1061311234000000'.slice(0, 16));
    const back = parseHeaderExtensions(block);
    expect(decodeTransportSequenceNumber(back[1]!.data)).toBe(0x1234);
  });

  test('two-byte form when an id > 14, a 17+ byte or empty element is present (mixed)', () => {
    const els = [
      { id: 1, data: encodeMid('0') },
      { id: 20, data: new Uint8Array(20).fill(7) },
      { id: 5, data: new Uint8Array(0) },
    ];
    const block = encodeHeaderExtensions(els);
    expect(block.profile).toBe(0x1000);
    expect(block.data.length % 4).toBe(0);
    const back = parseHeaderExtensions(block);
    expect(back.map((e) => [e.id, e.data.length])).toEqual([
      [1, 1],
      [20, 20],
      [5, 0],
    ]);
    expect(() => encodeHeaderExtensions(els, 'one-byte')).toThrow(RtpError);
    expect(() => encodeHeaderExtensions([{ id: 0, data: new Uint8Array(1) }])).toThrow(RtpError);
  });

  test('packet with extensions round-trips', () => {
    const extension = encodeHeaderExtensions([{ id: 4, data: encodeRid('hi') }]);
    const bytes = encodeRtpPacket({
      marker: false,
      payloadType: 96,
      sequenceNumber: 7,
      timestamp: 9,
      ssrc: 1,
      csrcs: [],
      extension,
      payload: hex('0102'),
      paddingLength: 0,
    });
    const p = decodeRtpPacket(bytes);
    expect(decodeRid(findHeaderExtension(p.extension, 4)!)).toBe('hi');
  });
});

describe('typed extension codecs', () => {
  test('mid/rid/repaired-rid', () => {
    expect(decodeRepairedRid(encodeRepairedRid('r0'))).toBe('r0');
    expect(() => decodeMid(new Uint8Array(0))).toThrow(RtpError);
    expect(() => decodeRid(hex('ff'))).toThrow(RtpError);
    expect(() => encodeMid('')).toThrow(RtpError);
  });

  test('abs-send-time', () => {
    expect(toHex(encodeAbsSendTime(0x123456))).toBe('123456');
    expect(absSendTimeFromMs(1000)).toBe(1 << 18);
    expect(absSendTimeFromMs(64000)).toBe(0);
    expect(absSendTimeToMs(1 << 18)).toBe(1000);
    expect(() => decodeAbsSendTime(hex('0102'))).toThrow(RtpError);
  });

  test('audio level', () => {
    expect(decodeAudioLevel(hex('9e'))).toEqual({ voiceActivity: true, level: 30 });
    expect(toHex(encodeAudioLevel({ voiceActivity: false, level: 127 }))).toBe('7f');
    expect(() => encodeAudioLevel({ voiceActivity: false, level: 128 })).toThrow(RtpError);
  });

  test('video orientation', () => {
    expect(decodeVideoOrientation(hex('0d'))).toEqual({ backCamera: true, flip: true, rotation: 90 });
    expect(toHex(encodeVideoOrientation({ backCamera: false, flip: false, rotation: 270 }))).toBe('03');
  });

  test('playout delay', () => {
    expect(decodePlayoutDelay(hex('00a0c8'))).toEqual({ minMs: 100, maxMs: 2000 });
    expect(toHex(encodePlayoutDelay({ minMs: 100, maxMs: 2000 }))).toBe('00a0c8');
    expect(() => encodePlayoutDelay({ minMs: 0, maxMs: 50000 })).toThrow(RtpError);
  });

  test('abs-capture-time with and without offset', () => {
    const a = { absoluteCaptureTimestamp: 0xe5f1_0000_8000_0001n };
    expect(decodeAbsCaptureTime(encodeAbsCaptureTime(a))).toEqual(a);
    const b = { absoluteCaptureTimestamp: 5n, estimatedCaptureClockOffset: -(1n << 32n) };
    const enc = encodeAbsCaptureTime(b);
    expect(enc.length).toBe(16);
    expect(decodeAbsCaptureTime(enc)).toEqual(b);
    expect(() => decodeAbsCaptureTime(new Uint8Array(9))).toThrow(RtpError);
  });
});
