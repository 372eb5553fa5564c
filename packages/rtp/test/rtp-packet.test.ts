import { decodeRtpPacket, encodeRtpPacket, RtpError, rtpPacketSize, writeRtpPacket } from '../src/index.js';
import { hex, loadVectors, toHex } from './helpers.js';

const aiortc = loadVectors('rtp-rtcp-aiortc.json');
const constructed = loadVectors('rtp-rtcp-constructed.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const byId = (list: any[], id: string) => list.find((v) => v.id === id);

describe('RTP packet vectors (aiortc)', () => {
  for (const v of aiortc.rtp) {
    test(v.id, () => {
      const bytes = hex(v.hex);
      const p = decodeRtpPacket(bytes);
      const e = v.expect;
      expect(p.payloadType).toBe(e.payload_type);
      expect(p.sequenceNumber).toBe(e.sequence_number);
      expect(p.timestamp).toBe(e.timestamp);
      if (e.ssrc !== undefined) expect(p.ssrc).toBe(Number(e.ssrc));
      if (e.marker !== undefined) expect(p.marker).toBe(e.marker === 1);
      expect(p.payload.length).toBe(e.payload_length);
      if (e.csrc) expect(p.csrcs).toEqual(e.csrc);
      if (e.padding_length !== undefined) expect(p.paddingLength).toBe(e.padding_length);
      if (e.extension !== undefined) expect(p.extension !== undefined).toBe(e.extension);
      // zero-copy: the payload is a view on the input
      expect(p.payload.buffer).toBe(bytes.buffer);
      // Padding of rtp_only_padding is random bytes, not canonical; all others re-encode identically.
      if (v.id !== 'aiortc-rtp_only_padding') expect(toHex(encodeRtpPacket(p))).toBe(v.hex.toLowerCase());
      else expect(encodeRtpPacket(p).length).toBe(bytes.length);
    });
  }

  test('truncated CSRC list is rejected', () => {
    const bytes = hex(byId(aiortc.rtp, 'aiortc-rtp_with_csrc').hex);
    for (let n = 12; n < 20; n++) expect(() => decodeRtpPacket(bytes.subarray(0, n))).toThrow(RtpError);
  });

  test('truncated extension is rejected', () => {
    const bytes = hex(byId(aiortc.rtp, 'aiortc-rtp_with_sdes_mid').hex);
    for (let n = 12; n < 20; n++) expect(() => decodeRtpPacket(bytes.subarray(0, n))).toThrow(RtpError);
  });

  test('padding count 0 or longer than the payload is rejected', () => {
    const bytes = hex(byId(aiortc.rtp, 'aiortc-rtp_only_padding').hex);
    const zero = bytes.slice();
    zero[zero.length - 1] = 0;
    expect(() => decodeRtpPacket(zero)).toThrow(expect.objectContaining({ code: 'bad-padding' }));
    const short = bytes.slice(0, 13);
    expect(() => decodeRtpPacket(short)).toThrow(expect.objectContaining({ code: 'bad-padding' }));
  });
});

describe('RTP constructed vectors', () => {
  test('minimal header', () => {
    const v = byId(constructed.constructed, 'constructed-rtp-minimal');
    const p = decodeRtpPacket(hex(v.hex));
    expect(p).toMatchObject({ marker: true, payloadType: 96, sequenceNumber: 1, timestamp: 0x12345678 });
    expect(p.ssrc).toBe(0xdeadbeef);
    expect(p.payload.length).toBe(0);
    expect(toHex(encodeRtpPacket(p))).toBe(v.hex);
  });

  test('two-byte extension round trip', () => {
    const v = byId(constructed.constructed, 'constructed-rtp-two-byte-ext');
    const p = decodeRtpPacket(hex(v.hex));
    expect(p.extension?.profile).toBe(0x1000);
    expect(toHex(p.payload)).toBe('0102');
    expect(toHex(encodeRtpPacket(p))).toBe(v.hex);
  });
});

describe('serialization', () => {
  const packet = decodeRtpPacket(hex(byId(aiortc.rtp, 'aiortc-rtp_with_csrc').hex));

  test('writes into a caller buffer at an offset', () => {
    const out = new Uint8Array(rtpPacketSize(packet) + 10);
    const n = writeRtpPacket(packet, out, 10);
    expect(n).toBe(rtpPacketSize(packet));
    expect(decodeRtpPacket(out.subarray(10)).csrcs).toEqual(packet.csrcs);
  });

  test('rejects a too-small buffer and bad fields', () => {
    expect(() => writeRtpPacket(packet, new Uint8Array(10))).toThrow(
      expect.objectContaining({ code: 'buffer-too-small' }),
    );
    expect(() => encodeRtpPacket({ ...packet, payloadType: 128 })).toThrow(RtpError);
    expect(() => encodeRtpPacket({ ...packet, csrcs: new Array(16).fill(1) })).toThrow(RtpError);
    expect(() =>
      encodeRtpPacket({ ...packet, extension: { profile: 0xbede, data: new Uint8Array(3) } }),
    ).toThrow(RtpError);
  });

  test('padding is written with a count octet', () => {
    const out = encodeRtpPacket({ ...packet, paddingLength: 4 });
    expect(toHex(out.subarray(out.length - 4))).toBe('00000004');
    expect(decodeRtpPacket(out).payload.length).toBe(packet.payload.length);
  });
});
