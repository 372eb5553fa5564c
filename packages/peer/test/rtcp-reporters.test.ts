// RFC 3550 §6.1/§6.4 compound reports and RFC 8108 §5.3: each reception report goes out from our
// SSRC on the same m-section: in that section's SR when it sends, else in an RR from the section's
// own SSRC (its transceiver's a=ssrc). Firefox takes an audio report only from that SSRC.
import { decodeRtcp, type RtcpPacket } from '@rtc/rtp';
import type { MediaCodec } from '../src/media/codecs/capabilities.js';
import { ReceiveStream } from '../src/media/rtp/receive-stream.js';
import { RtcpSender } from '../src/media/rtp/rtcp-sender.js';
import { SendStream } from '../src/media/rtp/send-stream.js';

const OPUS: MediaCodec = {
  mimeType: 'audio/opus',
  clockRate: 48000,
  channels: 2,
  payloadType: 111,
  rtcpFeedback: [],
};
const VP8: MediaCodec = { mimeType: 'video/VP8', clockRate: 90000, payloadType: 96, rtcpFeedback: [] };

function sender(): RtcpSender {
  return new RtcpSender({
    cname: 'c',
    minIntervalMs: 5000,
    sessionBandwidthKbps: 2000,
    reducedSize: true,
    random: () => 0.5,
    rtcpSsrc: 0xdead,
  });
}

/** A receive stream on `mid` that has seen packets from `remoteSsrc`. */
function receiving(mid: string, codec: MediaCodec, remoteSsrc: number, reporterSsrc?: number): ReceiveStream {
  const r = new ReceiveStream({
    kind: codec.mimeType.startsWith('audio') ? 'audio' : 'video',
    codecs: [codec],
    mid,
    ssrc: remoteSsrc,
    ...(reporterSsrc === undefined ? {} : { reporterSsrc }),
  });
  const stats = r.statisticsFor(remoteSsrc, codec.payloadType)!;
  for (let i = 0; i < 10; i++) stats.handlePacket(100 + i, i * 960, i * 20);
  return r;
}

/** A send stream on `mid` that has sent (so it reports in an SR). */
function sending(mid: string, codec: MediaCodec, ssrc: number): SendStream {
  const s = new SendStream(
    {
      kind: codec.mimeType.startsWith('audio') ? 'audio' : 'video',
      ssrc,
      payloadType: codec.payloadType,
      clockRate: codec.clockRate,
      mid,
    },
    1,
  );
  s.lastTimestamp = 1234;
  return s;
}

/** [type, reporter SSRC, reported SSRCs] per report packet, and the SDES chunk SSRCs. */
function shape(bytes: Uint8Array): { reports: Array<[string, number, number[]]>; sdes: number[] } {
  const packets: RtcpPacket[] = decodeRtcp(bytes);
  const reports: Array<[string, number, number[]]> = [];
  let sdes: number[] = [];
  for (const p of packets) {
    if (p.type === 'sr' || p.type === 'rr') reports.push([p.type, p.ssrc, p.reports.map((b) => b.ssrc)]);
    if (p.type === 'sdes') sdes = p.chunks.map((c) => c.ssrc);
  }
  return { reports, sdes };
}

describe('RtcpSender: who reports what', () => {
  it("receive-only sections: one RR per section, each from that section's own SSRC", () => {
    const audio = receiving('0', OPUS, 0xa0, 0x1a);
    const video = receiving('1', VP8, 0xb0, 0x1b);
    const out = shape(sender().report(1000, 1n << 32n, [], [audio, video]));
    expect(out.reports).toEqual([
      ['rr', 0x1a, [0xa0]],
      ['rr', 0x1b, [0xb0]],
    ]);
    expect(out.sdes).toEqual([0x1a, 0x1b]);
  });

  it('a section that sends reports its reception in its own SR; a recvonly one in its RR', () => {
    // Sends video, receives audio (recvonly) and video (sendrecv).
    const videoOut = sending('1', VP8, 0x2b);
    const audio = receiving('0', OPUS, 0xa0, 0x1a);
    const video = receiving('1', VP8, 0xb0, 0x2b);
    const out = shape(sender().report(1000, 1n << 32n, [videoOut], [audio, video]));
    expect(out.reports).toEqual([
      ['sr', 0x2b, [0xb0]],
      ['rr', 0x1a, [0xa0]],
    ]);
    expect(out.sdes).toEqual([0x2b, 0x1a]);
  });

  it("sending on both sections: each SR carries its own section's block", () => {
    const a = sending('0', OPUS, 0x2a);
    const v = sending('1', VP8, 0x2b);
    const out = shape(
      sender().report(
        1000,
        1n << 32n,
        [a, v],
        [receiving('1', VP8, 0xb0, 0x2b), receiving('0', OPUS, 0xa0, 0x2a)],
      ),
    );
    expect(out.reports).toEqual([
      ['sr', 0x2a, [0xa0]],
      ['sr', 0x2b, [0xb0]],
    ]);
  });

  it('nothing received and nothing sent: an empty RR from the session SSRC starts the compound', () => {
    const out = shape(sender().report(1000, 1n << 32n, [], []));
    expect(out.reports).toEqual([['rr', 0xdead, []]]);
    expect(out.sdes).toEqual([0xdead]);
  });

  it('a receive stream without a section SSRC falls back to the first sender, else the session SSRC', () => {
    const lone = receiving('5', VP8, 0xc0);
    expect(shape(sender().report(1000, 1n << 32n, [], [lone])).reports).toEqual([['rr', 0xdead, [0xc0]]]);
    const a = sending('0', OPUS, 0x2a);
    expect(shape(sender().report(1000, 1n << 32n, [a], [lone])).reports).toEqual([['sr', 0x2a, [0xc0]]]);
  });

  it('more than 31 blocks for one reporter continue in RRs from the same SSRC (RFC 3550 §6.4.2)', () => {
    const streams = Array.from({ length: 33 }, (_, i) => receiving('0', OPUS, 0x100 + i, 0x1a));
    const out = shape(sender().report(1000, 1n << 32n, [], streams));
    expect(out.reports.map(([t, ssrc, blocks]) => [t, ssrc, blocks.length])).toEqual([
      ['rr', 0x1a, 31],
      ['rr', 0x1a, 2],
    ]);
    expect(out.sdes).toEqual([0x1a]);
  });
});
