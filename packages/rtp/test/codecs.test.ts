import {
  Av1Depacketizer,
  Av1Packetizer,
  decodeALaw,
  decodeMuLaw,
  encodeALaw,
  encodeMuLaw,
  G711Depacketizer,
  G711Packetizer,
  H264Depacketizer,
  H264Packetizer,
  isVp9KeyframeBitstream,
  OpusDepacketizer,
  OpusPacketizer,
  opusPacketSamples,
  parseAv1AggregationHeader,
  parseAv1Elements,
  parseVp8Descriptor,
  parseVp9Descriptor,
  RtpError,
  splitAnnexB,
  splitAv1Obus,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
} from '../src/index.js';
import { hex, toHex } from './helpers.js';

function bytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('VP8 (RFC 7741)', () => {
  test('descriptor with all optional fields', () => {
    // X=1 N=1 S=1 PID=0 | I L T K | M=1 picture id 0x1234 | TL0PICIDX 5 | TID 2 Y 1 KEYIDX 3
    const d = parseVp8Descriptor(hex('b0f0923405a3'));
    expect(d).toEqual({
      nonReference: true,
      start: true,
      partitionId: 0,
      pictureId: 0x1234,
      tl0PicIdx: 5,
      tid: 2,
      layerSync: true,
      keyIdx: 3,
      size: 6,
    });
    expect(parseVp8Descriptor(hex('8080 7f'.replace(' ', ''))).pictureId).toBe(0x7f);
    expect(() => parseVp8Descriptor(hex('80'))).toThrow(RtpError);
    expect(() => parseVp8Descriptor(hex('8080'))).toThrow(RtpError);
  });

  test('packetize and assemble, keyframe from the P bit', () => {
    const frame = bytes(3000);
    frame[0] = 0x10; // P bit 0: key frame
    const pk = new Vp8Packetizer(0x7ffe);
    const payloads = pk.packetize(frame, 1200);
    expect(payloads.length).toBe(3);
    expect(payloads.every((p) => p.length <= 1200)).toBe(true);
    const dp = new Vp8Depacketizer();
    expect(dp.isKeyframe(payloads[0]!)).toBe(true);
    expect(dp.isFrameStart(payloads[0]!)).toBe(true);
    expect(dp.isFrameStart(payloads[1]!)).toBe(false);
    expect(dp.isKeyframe(payloads[1]!)).toBe(false);
    expect(dp.assemble(payloads)).toEqual(frame);
    expect(parseVp8Descriptor(payloads[0]!).pictureId).toBe(0x7ffe);
    const next = pk.packetize(Uint8Array.of(0x11, 2, 3), 1200);
    expect(parseVp8Descriptor(next[0]!).pictureId).toBe(0x7fff);
    expect(dp.isKeyframe(next[0]!)).toBe(false);
    expect(parseVp8Descriptor(pk.packetize(Uint8Array.of(1), 100)[0]!).pictureId).toBe(0);
  });
});

describe('VP9 (RFC 9628)', () => {
  test('non-flexible descriptor with layer indices and scalability structure', () => {
    // I P=0 L F=0 B E V Z=0 = 0xae | M pid 0x0102 | TID1 U0 SID0 D0 =0x20 | TL0 7 |
    // SS: N_S=0 Y=1 G=1 | 640x360 | N_G=1 | TID0 U0 R=1 | P_DIFF 1
    const d = parseVp9Descriptor(hex('ae81022007' + '18' + '02800168' + '01' + '04' + '01' + 'ff'));
    expect(d).toMatchObject({
      interPredicted: false,
      flexible: false,
      beginningOfFrame: true,
      endOfFrame: true,
      pictureId: 0x0102,
      tid: 1,
      sid: 0,
      tl0PicIdx: 7,
      scalability: { spatialLayers: 1, resolutions: [{ width: 640, height: 360 }] },
      size: 13,
    });
    const dp = new Vp9Depacketizer();
    expect(dp.isKeyframe(hex('ae81022007180280016801040100'))).toBe(true);
  });

  test('flexible mode with P_DIFFs', () => {
    // I P L F B = 0xf8 | pid 5 | L: TID0 SID1 D1 = 0x03 | P_DIFF 1 N=1, P_DIFF 2 N=0
    const d = parseVp9Descriptor(hex('f8050303 04'.replace(' ', '')));
    expect(d.pDiffs).toEqual([1, 2]);
    expect(d.sid).toBe(1);
    expect(d.size).toBe(5);
    expect(() => parseVp9Descriptor(hex('f8050303'))).toThrow(RtpError);
    expect(() => parseVp9Descriptor(hex('f805030303030300'))).toThrow(RtpError);
  });

  test('packetize and assemble; keyframe from the bitstream frame type', () => {
    const key = bytes(2500, 3);
    key[0] = 0x80; // frame_marker 2, profile 0, show_existing 0, frame_type 0
    expect(isVp9KeyframeBitstream(key)).toBe(true);
    const inter = key.slice();
    inter[0] = 0x84; // frame_type 1
    expect(isVp9KeyframeBitstream(inter)).toBe(false);
    const pk = new Vp9Packetizer();
    const dp = new Vp9Depacketizer();
    const a = pk.packetize(key, 1000);
    expect(a.length).toBe(3);
    expect(dp.isKeyframe(a[0]!)).toBe(true);
    expect(parseVp9Descriptor(a[2]!).endOfFrame).toBe(true);
    expect(parseVp9Descriptor(a[1]!).beginningOfFrame).toBe(false);
    expect(dp.assemble(a)).toEqual(key);
    const b = pk.packetize(inter, 1000);
    expect(dp.isKeyframe(b[0]!)).toBe(false);
    expect(parseVp9Descriptor(b[0]!).pictureId).toBe(1);
  });
});

describe('H.264 (RFC 6184, packetization-mode 1)', () => {
  const sps = hex('6742c01e');
  const pps = hex('68ce3c80');
  const idr = new Uint8Array([0x65, ...bytes(4000, 5)]);
  const annexB = (nals: Uint8Array[]) =>
    new Uint8Array(nals.flatMap((n, i) => [...(i % 2 ? [0, 0, 1] : [0, 0, 0, 1]), ...n]));

  test('Annex B splitting handles 3- and 4-byte start codes', () => {
    expect(splitAnnexB(annexB([sps, pps, hex('0988')])).map(toHex)).toEqual(['6742c01e', '68ce3c80', '0988']);
  });

  test('SPS+PPS go into one STAP-A, the IDR into FU-As, and reassemble', () => {
    const pk = new H264Packetizer();
    const payloads = pk.packetize(annexB([sps, pps, idr]), 1200);
    expect(payloads[0]![0]! & 0x1f).toBe(24);
    expect(toHex(payloads[0]!)).toBe('780004' + '6742c01e' + '0004' + '68ce3c80');
    const fus = payloads.slice(1);
    expect(fus.every((p) => (p[0]! & 0x1f) === 28 && p.length <= 1200)).toBe(true);
    expect(fus[0]![1]! & 0x80).toBeTruthy();
    expect(fus[fus.length - 1]![1]! & 0x40).toBeTruthy();
    const dp = new H264Depacketizer();
    expect(dp.isKeyframe(payloads[0]!)).toBe(true);
    expect(dp.isKeyframe(fus[0]!)).toBe(true);
    expect(dp.isKeyframe(fus[1]!)).toBe(false);
    expect(dp.isFrameStart(fus[0]!)).toBeUndefined();
    expect(dp.isFrameStart(payloads[0]!)).toBe(true);
    const au = dp.assemble(payloads);
    expect(splitAnnexB(au).map(toHex)).toEqual([sps, pps, idr].map(toHex));
  });

  test('small non-IDR slice is a single NAL packet', () => {
    const slice = hex('41e0aabbcc');
    const payloads = new H264Packetizer().packetize(annexB([slice]), 1200);
    expect(payloads.map(toHex)).toEqual(['41e0aabbcc']);
    expect(new H264Depacketizer().isKeyframe(payloads[0]!)).toBe(false);
  });

  test('malformed payloads are rejected', () => {
    const dp = new H264Depacketizer();
    expect(() => dp.assemble([hex('7c05aa')])).toThrow(RtpError); // FU-A continuation without start
    expect(() => dp.assemble([hex('7c85aa')])).toThrow(RtpError); // start without end
    expect(() => dp.assemble([hex('780010aa')])).toThrow(RtpError); // STAP-A overrun
    expect(() => dp.isKeyframe(hex('7900'))).toThrow(RtpError); // STAP-B unsupported
    expect(() => dp.isKeyframe(new Uint8Array(0))).toThrow(RtpError);
  });
});

describe('AV1 RTP payload', () => {
  // low-overhead TU: temporal delimiter, sequence header (size 10), frame OBU (size 3000)
  const seq = bytes(10, 7);
  const frameObu = bytes(3000, 8);
  const tu = new Uint8Array([0x12, 0x00, 0x0a, 0x0a, ...seq, 0x32, 0xb8, 0x17, ...frameObu]);

  test('OBU splitting', () => {
    const obus = splitAv1Obus(tu);
    expect(obus.map((o) => [o.type, o.element.length])).toEqual([
      [2, 1],
      [1, 11],
      [6, 3001],
    ]);
    expect(() => splitAv1Obus(hex('0a05aa'))).toThrow(RtpError);
    expect(() => splitAv1Obus(hex('8a00'))).toThrow(RtpError);
  });

  test('packetize drops the temporal delimiter, fragments, sets N; assemble restores the TU', () => {
    const payloads = new Av1Packetizer().packetize(tu, 1200);
    expect(payloads.length).toBe(3);
    expect(payloads.every((p) => p.length <= 1200)).toBe(true);
    const h = payloads.map(parseAv1AggregationHeader);
    expect(h.map((x) => [x.continuation, x.willContinue, x.newSequence])).toEqual([
      [false, true, true],
      [true, true, false],
      [true, false, false],
    ]);
    expect(parseAv1Elements(payloads[0]!)[0]!.length).toBe(11);
    const dp = new Av1Depacketizer();
    expect(dp.isKeyframe(payloads[0]!)).toBe(true);
    expect(dp.isKeyframe(payloads[1]!)).toBe(false);
    expect(dp.assemble(payloads)).toEqual(tu);
  });

  test('W field: last element without a length', () => {
    // W=2: element 1 has length 1, element 2 takes the rest
    const els = parseAv1Elements(hex('20' + '01' + '30' + '3212'));
    expect(els.map(toHex)).toEqual(['30', '3212']);
    expect(() => parseAv1Elements(hex('30' + '01' + '30'))).toThrow(RtpError);
    expect(() => parseAv1Elements(hex('00' + '05' + '30'))).toThrow(RtpError);
  });

  test('continuation without a start is rejected', () => {
    expect(() => new Av1Depacketizer().assemble([hex('800130')])).toThrow(RtpError);
    expect(() => new Av1Depacketizer().assemble([hex('400130')])).toThrow(RtpError);
  });
});

describe('Opus (RFC 7587) and G.711', () => {
  test('Opus TOC durations', () => {
    expect(opusPacketSamples(hex('fc'))).toBe(960); // CELT FB 20 ms, code 0
    expect(opusPacketSamples(hex('78'))).toBe(960); // SILK WB 20 ms
    expect(opusPacketSamples(hex('7903'))).toBe(1920); // code 1: two frames
    expect(opusPacketSamples(hex('fb03'))).toBe(2880); // code 3, 3 frames of 20 ms
    expect(() => opusPacketSamples(hex('fb00'))).toThrow(RtpError);
    expect(() => opusPacketSamples(hex('1b07'))).toThrow(RtpError); // 7 x 60 ms > 120 ms
    const p = new OpusPacketizer().packetize(hex('fc0102'), 1200);
    expect(new OpusDepacketizer().assemble(p)).toEqual(hex('fc0102'));
    expect(() => new OpusPacketizer().packetize(new Uint8Array(2000), 1200)).toThrow(RtpError);
  });

  test('G.711 packetization and companding', () => {
    const samples = bytes(400);
    const payloads = new G711Packetizer(160).packetize(samples, 1200);
    expect(payloads.map((p) => p.length)).toEqual([160, 160, 80]);
    expect(new G711Depacketizer().assemble(payloads)).toEqual(samples);
    for (let c = 0; c < 256; c++) {
      if (c !== 0x7f) expect(encodeMuLaw(decodeMuLaw(Uint8Array.of(c)))[0]).toBe(c);
      expect(encodeALaw(decodeALaw(Uint8Array.of(c)))[0]).toBe(c);
    }
    const pcm = Int16Array.of(0, 1000, -1000, 32767, -32768, 12345);
    const mu = decodeMuLaw(encodeMuLaw(pcm));
    const a = decodeALaw(encodeALaw(pcm));
    pcm.forEach((s, i) => {
      expect(Math.abs(mu[i]! - s)).toBeLessThanOrEqual(Math.max(8, Math.abs(s) / 16));
      expect(Math.abs(a[i]! - s)).toBeLessThanOrEqual(Math.max(16, Math.abs(s) / 16));
    });
    expect(toHex(encodeMuLaw(Int16Array.of(0)))).toBe('ff');
    expect(toHex(encodeALaw(Int16Array.of(0)))).toBe('d5');
  });
});
