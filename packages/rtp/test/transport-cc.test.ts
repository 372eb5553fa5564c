import {
  buildTransportCc,
  decodeRtcp,
  encodeRtcpPacket,
  RtpError,
  type TransportCcFeedback,
  transportCcResults,
} from '../src/index.js';
import { hex, loadVectors, toHex } from './helpers.js';

const pion = loadVectors('rtcp-pion.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const byId = (id: string) => pion.rtcp_feedback.find((v: any) => v.id === id);
const twcc = (bytes: Uint8Array): TransportCcFeedback => {
  const p = decodeRtcp(bytes)[0]!;
  if (p.type !== 'twcc') throw new Error(`not twcc: ${p.type}`);
  return p;
};

describe('pion transport-cc vectors', () => {
  test('example1: one run-length chunk, one small delta, 1 octet padding', () => {
    const v = byId('pion-twcc-example1');
    const fb = twcc(hex(v.hex));
    expect(fb).toMatchObject({
      senderSsrc: v.expect.sender_ssrc,
      mediaSsrc: v.expect.media_ssrc,
      baseSequenceNumber: 153,
      packetStatusCount: 1,
      referenceTime: 4057090,
      fbPktCount: 23,
      chunks: [{ kind: 'run-length', symbol: 1, runLength: 1 }],
      recvDeltas: [148],
    });
    expect(transportCcResults(fb)[0]).toEqual({
      sequenceNumber: 153,
      received: true,
      arrivalTimeUs: 4057090 * 64000 + 37000,
    });
    expect(toHex(encodeRtcpPacket(fb))).toBe(v.hex);
  });

  test('example4: run of 7 small deltas', () => {
    const v = byId('pion-twcc-example4');
    const fb = twcc(hex(v.hex));
    expect(fb.recvDeltas.map((d) => d * 250)).toEqual(v.expect.recv_deltas_us);
    expect(fb).toMatchObject({
      baseSequenceNumber: 4,
      packetStatusCount: 7,
      referenceTime: 1074030,
      fbPktCount: 1,
    });
    expect(toHex(encodeRtcpPacket(fb))).toBe(v.hex);
  });

  test('example3: P bit without padding is rejected; read without P it gives the listed deltas', () => {
    const v = byId('pion-twcc-example3');
    const bytes = hex(v.hex);
    // Deliberate choice: RFC 3550 §6.4.1 makes a padding count of 0 invalid, so the packet is dropped.
    expect(() => decodeRtcp(bytes)).toThrow(expect.objectContaining({ code: 'bad-padding' }));
    const fixed = bytes.slice();
    fixed[0]! &= ~0x20;
    const fb = twcc(fixed);
    expect(fb.chunks).toEqual([
      { kind: 'run-length', symbol: 2, runLength: 2 },
      { kind: 'run-length', symbol: 1, runLength: 4 },
    ]);
    expect(fb.recvDeltas.map((d) => d * 250)).toEqual(v.expect.recv_deltas_us);
    expect(toHex(encodeRtcpPacket(fb))).toBe(toHex(fixed));
  });

  test('example2 (non-normative): only ever an RtpError or a parse', () => {
    const v = byId('pion-twcc-example2');
    const bytes = hex(v.hex);
    try {
      const fb = twcc(bytes);
      expect(fb.chunks[0]).toEqual({ kind: 'status-vector', symbolSize: 2, symbols: [1, 2, 0, 0, 0, 0, 0] });
    } catch (e) {
      expect(e).toBeInstanceOf(RtpError);
    }
    // Without the P bit the packet carries exactly the two deltas the chunks announce.
    const fixed = bytes.slice();
    fixed[0]! &= ~0x20;
    const fb = twcc(fixed);
    expect(fb.chunks[1]).toEqual({ kind: 'status-vector', symbolSize: 2, symbols: [3, 0, 0, 3, 3, 3, 3] });
    expect(fb.recvDeltas.map((d) => d * 250)).toEqual([52000, 0]);
  });
});

describe('transport-cc builder', () => {
  test('mixed losses, small, large and negative deltas round trip', () => {
    const arrivals: (number | undefined)[] = [];
    let t = 1_000_000_000;
    for (let i = 0; i < 60; i++) {
      if (i % 11 === 3) arrivals.push(undefined);
      else if (i === 20)
        arrivals.push((t += 100_000)); // large delta (100 ms)
      else if (i === 30)
        arrivals.push((t -= 3_000)); // reordered arrival: negative delta
      else arrivals.push((t += 1_000));
    }
    for (let i = 0; i < 20; i++) arrivals.push(undefined); // long loss run -> run-length chunk
    arrivals.push((t += 500));
    const fb = buildTransportCc({
      senderSsrc: 1,
      mediaSsrc: 2,
      fbPktCount: 9,
      baseSequenceNumber: 65500,
      arrivals,
    });
    expect(fb.chunks.some((c) => c.kind === 'run-length')).toBe(true);
    expect(fb.chunks.some((c) => c.kind === 'status-vector' && c.symbolSize === 2)).toBe(true);
    expect(fb.chunks.some((c) => c.kind === 'status-vector' && c.symbolSize === 1)).toBe(true);
    const bytes = encodeRtcpPacket(fb);
    expect(bytes.length % 4).toBe(0);
    const back = twcc(bytes);
    expect(back).toEqual(fb);
    const results = transportCcResults(back);
    expect(results).toHaveLength(arrivals.length);
    results.forEach((r, i) => {
      expect(r.sequenceNumber).toBe((65500 + i) & 0xffff);
      const a = arrivals[i];
      expect(r.received).toBe(a !== undefined);
      if (a !== undefined) expect(Math.abs(r.arrivalTimeUs! - a)).toBeLessThanOrEqual(125);
    });
  });

  test('rejects a first packet that was not received and deltas beyond 16 bits', () => {
    const base = { senderSsrc: 1, mediaSsrc: 2, fbPktCount: 0, baseSequenceNumber: 0 };
    expect(() => buildTransportCc({ ...base, arrivals: [undefined, 5] })).toThrow(RtpError);
    expect(() => buildTransportCc({ ...base, arrivals: [0, 10_000_000] })).toThrow(RtpError);
  });

  test('truncated chunk list and deltas are rejected', () => {
    const fb = buildTransportCc({
      senderSsrc: 1,
      mediaSsrc: 2,
      fbPktCount: 0,
      baseSequenceNumber: 0,
      arrivals: [0, 1000, 2000],
    });
    const bytes = encodeRtcpPacket(fb);
    const lying = bytes.slice();
    lying[15] = 200; // packet status count beyond the chunks present
    expect(() => decodeRtcp(lying)).toThrow(RtpError);
  });
});
