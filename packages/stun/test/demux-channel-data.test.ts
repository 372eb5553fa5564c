import {
  createTransactionId,
  decodeChannelData,
  encodeChannelData,
  encodeMessage,
  isChannelData,
  isStunPacket,
  StunError,
  StunMethod,
  streamFrameLength,
  transactionKey,
} from '../src/index.js';
import { toHex } from './hex.js';

const stun = encodeMessage(
  { class: 'request', method: StunMethod.Binding, transactionId: createTransactionId(), attributes: [] },
  { fingerprint: true },
);

describe('RFC 7983 demultiplexing helpers', () => {
  it('recognises STUN and nothing else', () => {
    expect(isStunPacket(stun)).toBe(true);
    expect(isStunPacket(stun.subarray(0, 19))).toBe(false);
    expect(isStunPacket(Uint8Array.of(...stun, 0))).toBe(false); // length mismatch
    const dtls = stun.slice();
    dtls[0] = 22; // DTLS handshake content type
    expect(isStunPacket(dtls)).toBe(false);
    const rtp = stun.slice();
    rtp[0] = 0x80;
    expect(isStunPacket(rtp)).toBe(false);
    const cookie = stun.slice();
    cookie[7] = 0;
    expect(isStunPacket(cookie)).toBe(false);
    expect(isChannelData(stun)).toBe(false);
    expect(isChannelData(encodeChannelData(0x4000, new Uint8Array(1)))).toBe(true);
  });

  it('stream framing lengths', () => {
    expect(streamFrameLength(stun)).toBe(stun.length);
    expect(streamFrameLength(encodeChannelData(0x4000, new Uint8Array(5)))).toBe(12);
    expect(streamFrameLength(Uint8Array.of(0x40, 0, 0))).toBeUndefined();
    expect(streamFrameLength(Uint8Array.of(0x80, 0, 0, 0))).toBeUndefined();
  });
});

describe('ChannelData (RFC 8656 §12.4)', () => {
  it('encodes, pads for TCP, and decodes', () => {
    const data = Uint8Array.of(1, 2, 3, 4, 5);
    expect(toHex(encodeChannelData(0x4001, data))).toBe('400100050102030405');
    const padded = encodeChannelData(0x4001, data, true);
    expect(toHex(padded)).toBe('400100050102030405000000');
    for (const bytes of [encodeChannelData(0x4001, data), padded]) {
      const d = decodeChannelData(bytes);
      expect(d.channelNumber).toBe(0x4001);
      expect(Array.from(d.data)).toEqual([1, 2, 3, 4, 5]);
    }
    expect(decodeChannelData(encodeChannelData(0x4fff, new Uint8Array(0))).data.length).toBe(0);
  });

  it('rejects reserved channel numbers and bad lengths', () => {
    const cases = [
      Uint8Array.of(0x50, 0, 0, 0), // reserved 0x5000
      Uint8Array.of(0x3f, 0xff, 0, 0), // below 0x4000
      Uint8Array.of(0x40, 0, 0), // too short
      Uint8Array.of(0x40, 0, 0, 5, 1, 2), // length past the end
      Uint8Array.of(0x40, 0, 0, 1, 1, 0, 0, 0, 0), // more than padding after the data
    ];
    for (const bytes of cases) {
      expect(() => decodeChannelData(bytes)).toThrow(
        expect.objectContaining({ code: 'invalid-channel-data' }),
      );
    }
    expect(() => encodeChannelData(0x3fff, new Uint8Array(0))).toThrow(StunError);
    expect(() => encodeChannelData(0x4000, new Uint8Array(0x10000))).toThrow(StunError);
  });
});

describe('transaction ids', () => {
  it('are 12 random bytes with a 12-character key', () => {
    const a = createTransactionId();
    const b = createTransactionId();
    expect(a.length).toBe(12);
    expect(toHex(a)).not.toBe(toHex(b));
    expect(transactionKey(a)).toHaveLength(12);
    expect(transactionKey(a)).not.toBe(transactionKey(b));
    expect(() => transactionKey(new Uint8Array(3))).toThrow(StunError);
  });
});
