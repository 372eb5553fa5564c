import { readFileSync } from 'node:fs';
import {
  encodeOggPage,
  encodeOpusHead,
  IvfReader,
  IvfWriter,
  OggOpusWriter,
  oggCrc32,
  opusPacketSamples,
  parseOggPage,
  parseOpusHead,
  parseOpusTags,
  RtpError,
  readOggOpus,
} from '../src/index.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('IVF', () => {
  test.each([
    ['testsrc-vp8.ivf', 'VP80'],
    ['testsrc-vp9.ivf', 'VP90'],
    ['testsrc-av1.ivf', 'AV01'],
  ])('reads %s (FFmpeg output) and rewrites it byte-identically', (name, fourcc) => {
    const bytes = fixture(name);
    const r = new IvfReader(bytes);
    expect(r.header).toMatchObject({ fourcc, width: 64, height: 48 });
    const frames = [];
    for (let f = r.readFrame(); f; f = r.readFrame()) frames.push(f);
    expect(frames.length).toBe(3);
    expect(frames.map((f) => f.timestamp)).toEqual([0, 1, 2]);
    const w = new IvfWriter(r.header);
    for (const f of frames) w.addFrame(f.data, f.timestamp);
    const out = w.finish();
    // FFmpeg writes its frame count and the unused field; compare everything after the header.
    expect(Buffer.from(out.subarray(32)).equals(Buffer.from(bytes.subarray(32)))).toBe(true);
    expect(new IvfReader(out).header.frameCount).toBe(3);
  });

  test('truncated and foreign input is rejected with RtpError', () => {
    const bytes = fixture('testsrc-vp8.ivf');
    expect(() => new IvfReader(bytes.subarray(0, 31))).toThrow(RtpError);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => new IvfReader(bad)).toThrow(expect.objectContaining({ code: 'bad-format' }));
    const r = new IvfReader(bytes.subarray(0, 50));
    expect(() => r.readFrame()).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(
      () =>
        new IvfWriter({ fourcc: 'VP8', width: 1, height: 1, timebaseDenominator: 1, timebaseNumerator: 1 }),
    ).toThrow(RtpError);
  });
});

describe('Ogg CRC and pages', () => {
  test('CRC-32 with poly 0x04c11db7, init 0, no reflection/xor: check value', () => {
    // CRC-32/CKSUM (same poly/init, xorout 0xffffffff) has check 0x765e7680; Ogg omits the xor.
    expect(oggCrc32(new TextEncoder().encode('123456789'))).toBe((0x765e7680 ^ 0xffffffff) >>> 0);
  });

  test('page round trip and CRC mismatch detection', () => {
    const page = {
      headerType: 2,
      granulePosition: 0n,
      serial: 0x1234,
      sequence: 0,
      segments: Uint8Array.of(19),
      data: encodeOpusHead({
        version: 1,
        channelCount: 2,
        preSkip: 312,
        inputSampleRate: 48000,
        outputGain: -256,
        mappingFamily: 0,
      }),
    };
    const bytes = encodeOggPage(page);
    const { page: back, size } = parseOggPage(bytes, 0);
    expect(size).toBe(bytes.length);
    expect(back).toEqual(page);
    expect(parseOpusHead(back.data).outputGain).toBe(-256);
    for (const i of [5, 30, bytes.length - 1]) {
      const bad = bytes.slice();
      bad[i]! ^= 1;
      expect(() => parseOggPage(bad, 0)).toThrow(expect.objectContaining({ code: 'bad-crc' }));
    }
  });
});

describe('Ogg Opus', () => {
  test('reads libopus output from FFmpeg: head, tags, packets and granule positions', () => {
    const file = readOggOpus(fixture('sine-440.opus'));
    expect(file.head).toMatchObject({ channelCount: 1, mappingFamily: 0, inputSampleRate: 48000 });
    expect(file.tags.vendor).toMatch(/^Lavf/);
    expect(file.packets.length).toBeGreaterThan(5);
    const total = file.packets.reduce((n, p) => n + opusPacketSamples(p.data), 0);
    const last = file.packets[file.packets.length - 1]!.granulePosition;
    // RFC 7845 §4.5: the final granule may end before the last packet's samples (end trimming).
    expect(Number(last)).toBeLessThanOrEqual(total);
    expect(Number(last)).toBeGreaterThan(total - 5760);
    expect(Number(last) - file.head.preSkip).toBeCloseTo(0.2 * 48000, -2);
  });

  test('writer output reads back; pages carry cumulative granule positions', () => {
    const w = new OggOpusWriter({ channelCount: 2, serial: 77, comments: ['TITLE=test'] });
    const chunks: Uint8Array[] = [];
    const packets: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const p = new Uint8Array(40 + (i % 50)).fill(i & 0xff);
      p[0] = 0xfc; // CELT 20 ms, code 0 -> 960 samples
      packets.push(p);
      chunks.push(w.addPacket(p));
    }
    chunks.push(w.finish());
    const bytes = Buffer.concat(chunks);
    const file = readOggOpus(new Uint8Array(bytes));
    expect(file.head).toMatchObject({ channelCount: 2, preSkip: 3840 });
    expect(file.tags).toEqual({ vendor: '@rtc/rtp', comments: ['TITLE=test'] });
    expect(file.packets.map((p) => p.data)).toEqual(packets);
    expect(file.packets[file.packets.length - 1]!.granulePosition).toBe(300n * 960n);
    // several audio pages were produced, each granule is a multiple of 960
    const granules = new Set(file.packets.map((p) => p.granulePosition));
    expect(granules.size).toBeGreaterThan(2);
    for (const g of granules) expect(g % 960n).toBe(0n);
  });

  test('malformed headers are rejected', () => {
    expect(() => parseOpusHead(new TextEncoder().encode('OpusHead'))).toThrow(RtpError);
    expect(() => parseOpusTags(new TextEncoder().encode('OpusTags\xff\xff\xff\x7f'))).toThrow(RtpError);
    const tags = new Uint8Array([
      ...new TextEncoder().encode('OpusTags'),
      0,
      0,
      0,
      0,
      0xff,
      0xff,
      0xff,
      0xff,
    ]);
    expect(() => parseOpusTags(tags)).toThrow(RtpError);
    expect(() => readOggOpus(new Uint8Array(0))).toThrow(RtpError);
  });
});
