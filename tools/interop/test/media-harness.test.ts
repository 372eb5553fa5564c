// Media harness pieces checked on their own, so that a media interop failure is not a harness one:
// the media files (made with Debian's ffmpeg, libvpx VP8 in IVF and libopus in Ogg, read back with
// @rtc/rtp's readers; skipped, saying why, without ffmpeg), the real-time pacer and the track recorder.
import { existsSync } from 'node:fs';
import { ivfFrames, oggOpusFrames } from '@rtc/peer/media';
import { IvfReader, opusPacketSamples, readOggOpus } from '@rtc/rtp';
import { ffmpegUnavailable, type MediaFiles, makeMediaFiles } from '../src/media/media-files.js';
import { paceFrames } from '../src/media/pacer.js';
import { isVp8KeyframeStart, recordTrack, type SinkLike } from '../src/media/track-recorder.js';

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

  test("@rtc/peer/media's ivfFrames and oggOpusFrames give presentation times in ms", () => {
    const video = [...ivfFrames(files.ivf)];
    expect(video).toHaveLength(90);
    expect(video[0]!.timestampMs).toBe(0);
    expect(video[89]!.timestampMs).toBeCloseTo((89 * 1000) / 30, 6);
    const audio = [...oggOpusFrames(files.ogg)];
    expect(audio.length).toBeGreaterThanOrEqual(150);
    expect(audio.map((f) => f.timestampMs).slice(0, 3)).toEqual([0, 20, 40]);
  });
});

test('pacer writes frames of several streams in presentation order and counts refusals', async () => {
  const written: string[] = [];
  const frames = (step: number, count: number) =>
    Array.from({ length: count }, (_, i) => ({ data: new Uint8Array([i]), timestampMs: 1000 + i * step }));
  const log =
    (name: string, accept: (i: number) => boolean) => (f: { data: Uint8Array; timestampMs: number }) => {
      written.push(`${name}${f.timestampMs - 1000}`);
      return accept(f.data[0]!);
    };
  const pacer = paceFrames([
    { name: 'v', frames: frames(33, 4), write: log('v', () => true) },
    { name: 'a', frames: frames(20, 6), write: log('a', (i) => i % 2 === 0) },
  ]);
  const r = await pacer.done;
  expect(written).toEqual(['v0', 'a0', 'a20', 'v33', 'a40', 'a60', 'v66', 'a80', 'v99', 'a100']);
  expect(r.streams).toEqual({ v: { written: 4, refused: 0 }, a: { written: 3, refused: 3 } });
  expect(r.stopped).toBe(false);
  const stopped = paceFrames([{ name: 'x', frames: frames(1000, 5), write: () => true }]);
  stopped.stop();
  expect((await stopped.done).streams.x).toEqual({ written: 1, refused: 0 });
}, 10_000);

describe('track recorder', () => {
  class FakeSink extends EventTarget {
    codec: string | undefined = 'video/VP8';
    requests: string[] = [];
    closed = false;
    requestKeyframe(method: 'pli' | 'fir' = 'pli') {
      this.requests.push(method);
      return true;
    }
    close() {
      this.closed = true;
    }
    packet(seq: number, payload = new Uint8Array([0x10, 0x01])) {
      const e = Object.assign(new Event('packet'), {
        packet: { sequenceNumber: seq, payloadType: 96, ssrc: 7, payload },
      });
      this.dispatchEvent(e);
    }
    frame(keyframe: boolean) {
      const e = Object.assign(new Event('frame'), {
        frame: { keyframe, data: new Uint8Array(10), packetCount: 1 },
      });
      this.dispatchEvent(e);
    }
  }
  const asSink = (s: FakeSink) => s as unknown as SinkLike;

  test('counts missing and duplicate sequence numbers across the 16-bit wrap', () => {
    const sink = new FakeSink();
    const r = recordTrack('video', asSink(sink));
    for (const seq of [65533, 65535, 65534, 0, 0, 2, 3]) sink.packet(seq);
    expect([r.packets, r.missing, r.duplicates]).toEqual([7, 1, 1]);
    sink.packet(1);
    expect(r.missing).toBe(0);
    sink.packet(65532); // late, before the first one seen: extends the range without a gap
    expect([r.missing, r.duplicates]).toEqual([0, 1]);
    expect([...r.ssrcs, ...r.payloadTypes]).toEqual([7, 96]);
    r.stop();
    sink.packet(10);
    expect(r.packets).toBe(9);
    expect(sink.closed).toBe(true);
  });

  test('key frame request: times the first key frame packet and the complete key frame', async () => {
    const sink = new FakeSink();
    const r = recordTrack('video', asSink(sink));
    const pending = r.requestKeyframe('pli', 5_000);
    sink.packet(1); // delta frame packet (frame tag P bit 1)
    sink.frame(false);
    expect(isVp8KeyframeStart(new Uint8Array([0x10, 0x00]))).toBe(true);
    sink.packet(2, new Uint8Array([0x10, 0x00, 0x9d]));
    sink.frame(true);
    const t = await pending;
    expect(sink.requests).toEqual(['pli']);
    expect(t.sent).toBe(true);
    expect(t.firstPacketMs).toBeGreaterThanOrEqual(0);
    expect(t.frameMs).toBeGreaterThanOrEqual(t.firstPacketMs!);
    expect([r.frames, r.keyframes]).toEqual([2, 1]);
    // No key frame: the wait ends at the timeout with the timings unset.
    const none = await r.requestKeyframe('fir', 20);
    expect(none).toEqual({ sent: true, firstPacketMs: undefined, frameMs: undefined });
    r.stop();
  }, 10_000);
});
