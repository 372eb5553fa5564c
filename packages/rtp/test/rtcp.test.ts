import {
  decodeRtcp,
  encodeRtcp,
  encodeRtcpPacket,
  type ReceiverEstimatedMaxBitrate,
  type RtcpPacket,
  RtpError,
} from '../src/index.js';
import { hex, loadVectors, toHex } from './helpers.js';

const aiortc = loadVectors('rtp-rtcp-aiortc.json');
const pion = loadVectors('rtcp-pion.json');
const constructed = loadVectors('rtp-rtcp-constructed.json');
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const byId = (list: any[], id: string) => list.find((v) => v.id === id);
const one = (h: string): RtcpPacket => {
  const packets = decodeRtcp(hex(h));
  expect(packets).toHaveLength(1);
  return packets[0]!;
};
// biome-ignore lint/suspicious/noExplicitAny: vector JSON
const reportOf = (r: any) => ({
  ssrc: Number(r.ssrc),
  fractionLost: r.fraction_lost,
  packetsLost: r.packets_lost ?? r.total_lost,
  highestSequence: Number(r.highest_sequence ?? r.last_sequence),
  jitter: r.jitter,
  lsr: Number(r.lsr),
  dlsr: r.dlsr,
});

describe('aiortc RTCP vectors', () => {
  test('SR decodes and re-encodes byte-identical', () => {
    const v = byId(aiortc.rtcp, 'aiortc-rtcp_sr');
    const p = one(v.hex);
    if (p.type !== 'sr') throw new Error('not SR');
    expect(p.ssrc).toBe(v.expect.ssrc);
    expect(p.ntpTimestamp).toBe(BigInt(v.expect.ntp_timestamp));
    expect(p.rtpTimestamp).toBe(v.expect.rtp_timestamp);
    expect(p.packetCount).toBe(v.expect.packet_count);
    expect(p.octetCount).toBe(v.expect.octet_count);
    expect(p.reports).toEqual(v.expect.reports.map(reportOf));
    expect(toHex(encodeRtcpPacket(p))).toBe(v.hex);
  });

  test('RR', () => {
    const v = byId(aiortc.rtcp, 'aiortc-rtcp_rr');
    const p = one(v.hex);
    expect(p).toEqual({ type: 'rr', ssrc: v.expect.ssrc, reports: v.expect.reports.map(reportOf) });
    expect(toHex(encodeRtcpPacket(p))).toBe(v.hex);
  });

  test('SDES CNAME', () => {
    const v = byId(aiortc.rtcp, 'aiortc-rtcp_sdes');
    const p = one(v.hex);
    expect(p).toEqual({
      type: 'sdes',
      chunks: [{ ssrc: 1831097322, items: [{ type: 1, value: v.expect.chunks[0].items[0].value }] }],
    });
    expect(toHex(encodeRtcpPacket(p))).toBe(v.hex);
  });

  test('BYE with and without sources, with padding', () => {
    for (const id of ['aiortc-rtcp_bye', 'aiortc-rtcp_bye_no_sources']) {
      const v = byId(aiortc.rtcp, id);
      const p = one(v.hex);
      expect(p).toEqual({ type: 'bye', sources: v.expect.sources });
      expect(toHex(encodeRtcpPacket(p))).toBe(v.hex);
    }
    const padded = byId(aiortc.rtcp, 'aiortc-rtcp_bye_padding');
    expect(one(padded.hex)).toEqual({ type: 'bye', sources: [] });
    expect(() => decodeRtcp(hex('a0cb000100000000'))).toThrow(
      expect.objectContaining({ code: 'bad-padding' }),
    );
  });

  test('PLI and NACK', () => {
    const pli = byId(aiortc.rtcp, 'aiortc-rtcp_psfb_pli');
    expect(one(pli.hex)).toEqual({ type: 'pli', senderSsrc: 1414554213, mediaSsrc: 587284409 });
    expect(toHex(encodeRtcpPacket(one(pli.hex)))).toBe(pli.hex);
    const nack = byId(aiortc.rtcp, 'aiortc-rtcp_rtpfb_nack');
    const p = one(nack.hex);
    expect(p).toEqual({
      type: 'nack',
      senderSsrc: nack.expect.sender_ssrc,
      mediaSsrc: nack.expect.media_ssrc,
      lost: nack.expect.lost_sequence_numbers,
    });
    expect(toHex(encodeRtcpPacket(p))).toBe(nack.hex);
  });

  test('malformed fixtures are rejected with RtpError', () => {
    // biome-ignore lint/suspicious/noExplicitAny: vector JSON
    const bad = aiortc.rtcp.filter((v: any) => v.expect.error);
    expect(bad.length).toBe(7);
    for (const v of bad) expect(() => decodeRtcp(hex(v.hex))).toThrow(RtpError);
  });

  test('compound SR + SDES', () => {
    const v = aiortc.rtcp_compound[0];
    const packets = decodeRtcp(hex(v.hex));
    expect(packets.map((p) => p.type)).toEqual(['sr', 'sdes']);
    expect(toHex(encodeRtcp(packets))).toBe(v.hex);
  });

  test('REMB FCI cases', () => {
    for (const c of aiortc.rtcp_feedback[0].cases) {
      const bitrate = typeof c.bitrate === 'number' ? c.bitrate : 262143 * 2 ** 63;
      const remb: ReceiverEstimatedMaxBitrate = {
        type: 'remb',
        senderSsrc: 1,
        mediaSsrc: 0,
        bitrate,
        ssrcs: c.ssrcs,
      };
      const bytes = encodeRtcpPacket(remb);
      expect(toHex(bytes.subarray(12))).toBe(c.fci_hex);
      expect(decodeRtcp(bytes)[0]).toEqual(remb);
    }
  });
});

describe('pion RTCP vectors', () => {
  test('RR + SDES + BYE from a dump', () => {
    const v = pion.rtcp_compound[0];
    const packets = decodeRtcp(hex(v.hex));
    expect(packets.map((p) => p.type)).toEqual(['rr', 'sdes', 'bye']);
    const rr = packets[0]!;
    if (rr.type !== 'rr') throw new Error();
    expect(rr.ssrc).toBe(0x902f9e2e);
    expect(rr.reports).toEqual(v.expect[0].reports.map(reportOf));
    expect(packets[1]).toEqual({
      type: 'sdes',
      chunks: [{ ssrc: 0x902f9e2e, items: [{ type: 1, value: v.expect[1].chunks[0].items[0].value }] }],
    });
    expect(packets[2]).toEqual({ type: 'bye', sources: [0x902f9e2e] });
    expect(toHex(encodeRtcp(packets))).toBe(v.hex);
  });

  test('Chrome REMB and the max-value REMB', () => {
    const chrome = byId(pion.rtcp_feedback, 'pion-remb-chrome');
    const p = one(chrome.hex);
    expect(p).toEqual({ type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrate: 8927168, ssrcs: [1215622422] });
    expect(toHex(encodeRtcpPacket(p))).toBe(chrome.hex);
    const max = byId(pion.rtcp_feedback, 'pion-remb-max');
    const m = one(max.hex);
    expect(m).toMatchObject({ type: 'remb', bitrate: 262143 * 2 ** 63, ssrcs: [] });
    expect(toHex(encodeRtcpPacket(m))).toBe(max.hex);
  });
});

describe('constructed RTCP vectors', () => {
  test('PLI, NACK, FIR decode and re-encode', () => {
    const pli = byId(constructed.constructed, 'constructed-rtcp-pli');
    expect(one(pli.hex)).toEqual({ type: 'pli', senderSsrc: 1, mediaSsrc: 0x0a0b0c0d });
    const nack = byId(constructed.constructed, 'constructed-rtcp-nack');
    expect(one(nack.hex)).toMatchObject({
      type: 'nack',
      senderSsrc: 1,
      mediaSsrc: 2,
      lost: nack.expect_lost,
    });
    const fir = byId(constructed.constructed, 'constructed-rtcp-fir');
    expect(one(fir.hex)).toEqual({
      type: 'fir',
      senderSsrc: 1,
      mediaSsrc: 0,
      entries: [{ ssrc: 0x0a0b0c0d, sequenceNumber: 7 }],
    });
    for (const v of [pli, nack, fir]) expect(toHex(encodeRtcpPacket(one(v.hex)))).toBe(v.hex);
  });
});

describe('other packet types round trip', () => {
  const cases: RtcpPacket[] = [
    { type: 'app', subtype: 3, ssrc: 9, name: 'TEST', data: hex('01020304') },
    { type: 'xr', ssrc: 5, blocks: hex('0400000200000001ffffffff') },
    { type: 'rtpfb', fmt: 3, senderSsrc: 1, mediaSsrc: 2, fci: hex('aabbccdd') },
    { type: 'psfb', fmt: 15, senderSsrc: 1, mediaSsrc: 2, fci: hex('41424344') },
    { type: 'unknown', packetType: 210, count: 2, body: hex('00000001') },
    { type: 'bye', sources: [1, 2], reason: 'shutting down' },
    {
      type: 'sdes',
      chunks: [
        {
          ssrc: 1,
          items: [
            { type: 1, value: 'abcd' },
            { type: 6, value: 'tool' },
          ],
        },
        { ssrc: 2, items: [] },
      ],
    },
    {
      type: 'sr',
      ssrc: 1,
      ntpTimestamp: 0xffffffff00000001n,
      rtpTimestamp: 2,
      packetCount: 3,
      octetCount: 4,
      reports: [
        { ssrc: 7, fractionLost: 25, packetsLost: -5, highestSequence: 70000, jitter: 3, lsr: 4, dlsr: 5 },
      ],
    },
    { type: 'nack', senderSsrc: 1, mediaSsrc: 2, lost: [65534, 65535, 0, 1, 40] },
  ];
  test.each(cases.map((c) => [c.type, c]))('%s', (_t, packet) => {
    const bytes = encodeRtcp([packet, { type: 'pli', senderSsrc: 1, mediaSsrc: 2 }]);
    expect(decodeRtcp(bytes)).toEqual([packet, { type: 'pli', senderSsrc: 1, mediaSsrc: 2 }]);
  });

  test('encoder rejects bad values', () => {
    expect(() =>
      encodeRtcpPacket({ type: 'app', subtype: 0, ssrc: 0, name: 'TOOLONG', data: hex('') }),
    ).toThrow(RtpError);
    expect(() => encodeRtcpPacket({ type: 'xr', ssrc: 0, blocks: hex('01') })).toThrow(RtpError);
    expect(() =>
      encodeRtcpPacket({
        type: 'rr',
        ssrc: 1,
        reports: [
          { ssrc: 7, fractionLost: 0, packetsLost: 1 << 24, highestSequence: 0, jitter: 0, lsr: 0, dlsr: 0 },
        ],
      }),
    ).toThrow(RtpError);
  });

  test('length beyond the datagram and bad version are rejected', () => {
    expect(() => decodeRtcp(hex('81c90007'))).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(() => decodeRtcp(hex('41c9000000000000'))).toThrow(
      expect.objectContaining({ code: 'bad-version' }),
    );
    expect(() => decodeRtcp(hex('81'))).toThrow(RtpError);
  });
});
