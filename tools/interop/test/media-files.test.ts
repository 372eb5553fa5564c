// The media files the media interop tests send: made with Debian's ffmpeg (libvpx VP8 in IVF, libopus
// in Ogg) and read back with @rtc/rtp's IVF and Ogg readers, so a media test failure is not a file
// problem. Skips, saying why, without ffmpeg.
import { existsSync } from 'node:fs';
import { IvfReader, opusPacketSamples, readOggOpus } from '@rtc/rtp';
import { ffmpegUnavailable, type MediaFiles, makeMediaFiles } from '../src/media/media-files.js';

const missing = ffmpegUnavailable();
if (missing) console.warn(`SKIPPED media file tests: ${missing}`);
const maybe = missing ? describe.skip : describe;

maybe('ffmpeg test media', () => {
  let files: MediaFiles;
  beforeAll(() => {
    files = makeMediaFiles({ seconds: 3 });
  }, 60_000);
  afterAll(() => {
    const dir = files?.dir;
    files?.remove();
    if (dir) expect(existsSync(dir)).toBe(false);
  });

  test('VP8 IVF: 30 fps, 320x240, a key frame every second', () => {
    const reader = new IvfReader(files.ivf);
    expect(reader.header.fourcc).toBe('VP80');
    expect([reader.header.width, reader.header.height]).toEqual([320, 240]);
    const frames: Array<{ timestamp: number; key: boolean; size: number }> = [];
    for (let f = reader.readFrame(); f; f = reader.readFrame()) {
      // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame.
      frames.push({ timestamp: f.timestamp, key: (f.data[0]! & 1) === 0, size: f.data.length });
    }
    expect(frames).toHaveLength(90);
    const { timebaseNumerator: num, timebaseDenominator: den } = reader.header;
    expect((frames[89]!.timestamp * num) / den).toBeCloseTo(89 / 30, 3);
    const keys = frames.flatMap((f, i) => (f.key ? [i] : []));
    expect(keys).toEqual([0, 30, 60]);
    expect(frames.every((f) => f.size > 0)).toBe(true);
  });

  test('Ogg/Opus: 48 kHz mono, 20 ms packets covering the duration', () => {
    const file = readOggOpus(files.ogg);
    expect(file.head.channelCount).toBe(1);
    expect(file.head.inputSampleRate).toBe(48000);
    const samples = file.packets.map((p) => opusPacketSamples(p.data));
    expect(new Set(samples)).toEqual(new Set([960]));
    const seconds = samples.reduce((a, b) => a + b, 0) / 48000;
    expect(seconds).toBeGreaterThanOrEqual(3);
    expect(seconds).toBeLessThan(3.1);
  });
});
