// libwebrtc's nonstandard raw-media API in @roamhq/wrtc: RTCVideoSource/RTCAudioSource take raw I420
// frames and 16-bit PCM (libwebrtc encodes them itself), RTCVideoSink/RTCAudioSink hand out what it
// decoded. Synthetic sources here make a moving picture and a sine tone on timers; counters count
// what the sinks see. Everything started here is stopped by the returned stop().
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface I420Frame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
interface AudioData {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample: number;
  channelCount: number;
  numberOfFrames: number;
}
// biome-ignore lint/suspicious/noExplicitAny: native track objects
type Track = any;
export interface Nonstandard {
  RTCVideoSource: new () => { createTrack(): Track; onFrame(frame: I420Frame): void };
  RTCVideoSink: new (
    track: Track,
  ) => { onframe: ((e: { frame: I420Frame }) => void) | null; stop(): void; stopped: boolean };
  RTCAudioSource: new () => { createTrack(): Track; onData(data: AudioData): void };
  RTCAudioSink: new (track: Track) => { ondata: ((d: AudioData) => void) | null; stop(): void };
}

// biome-ignore lint/suspicious/noExplicitAny: untyped native binding
type Native = any;
export interface LibwebrtcMedia {
  nonstandard: Nonstandard;
  MediaStream: new (tracks?: Track[]) => Native;
  RTCPeerConnection: new (config?: Native) => Native;
}

/** The nonstandard media API, or why it cannot load. */
export function loadLibwebrtcMedia(): LibwebrtcMedia | string {
  try {
    const wrtc = require('@roamhq/wrtc') as LibwebrtcMedia;
    if (!wrtc.nonstandard?.RTCVideoSource) return '@roamhq/wrtc has no nonstandard.RTCVideoSource';
    return wrtc;
  } catch (error) {
    return `@roamhq/wrtc could not load: ${(error as Error).message}`;
  }
}

export interface SyntheticSource {
  track: Track;
  /** Frames (video) or 10 ms chunks (audio) handed to libwebrtc so far. */
  readonly sent: number;
  stop(): void;
}

/** I420 frames of a moving gradient with a sliding bar, `fps` a second, from a timer. */
export function syntheticVideo(
  ns: Nonstandard,
  options: { width?: number; height?: number; fps?: number } = {},
): SyntheticSource {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const fps = options.fps ?? 30;
  const source = new ns.RTCVideoSource();
  const track = source.createTrack();
  const ySize = width * height;
  const data = new Uint8ClampedArray(ySize * 1.5);
  let n = 0;
  const frame = () => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bar = (x + n * 4) % width < 24;
        data[y * width + x] = bar ? 235 : (x + y + n * 2) & 0xff;
      }
    }
    data.fill(128 + ((n * 3) & 63), ySize, ySize + ySize / 4);
    data.fill(128 - ((n * 2) & 63), ySize + ySize / 4);
    source.onFrame({ width, height, data });
    n++;
  };
  const timer = setInterval(frame, 1000 / fps);
  frame();
  return {
    track,
    get sent() {
      return n;
    },
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

/** 10 ms chunks of a 440 Hz sine, 48 kHz mono, from a timer. */
export function syntheticAudio(ns: Nonstandard): SyntheticSource {
  const source = new ns.RTCAudioSource();
  const track = source.createTrack();
  const samples = new Int16Array(480);
  let n = 0;
  const chunk = () => {
    for (let i = 0; i < 480; i++)
      samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (n * 480 + i)) / 48000));
    source.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
    n++;
  };
  const timer = setInterval(chunk, 10);
  return {
    track,
    get sent() {
      return n;
    },
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

export interface FrameCounter {
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  stop(): void;
}

/** Counts the decoded frames libwebrtc hands to an RTCVideoSink on `track`. */
export function countVideoFrames(ns: Nonstandard, track: Track): FrameCounter {
  const sink = new ns.RTCVideoSink(track);
  const state = { frames: 0, width: 0, height: 0 };
  sink.onframe = ({ frame }) => {
    state.frames++;
    state.width = frame.width;
    state.height = frame.height;
  };
  return {
    get frames() {
      return state.frames;
    },
    get width() {
      return state.width;
    },
    get height() {
      return state.height;
    },
    stop() {
      sink.onframe = null;
      sink.stop();
    },
  };
}

/** Counts the PCM samples (per channel) libwebrtc hands to an RTCAudioSink on `track`. */
export function countAudioSamples(
  ns: Nonstandard,
  track: Track,
): { readonly samples: number; readonly peak: number; stop(): void } {
  const sink = new ns.RTCAudioSink(track);
  const state = { samples: 0, peak: 0 };
  sink.ondata = (d) => {
    state.samples += d.numberOfFrames;
    for (const s of d.samples) if (Math.abs(s) > state.peak) state.peak = Math.abs(s);
  };
  return {
    get samples() {
      return state.samples;
    },
    get peak() {
      return state.peak;
    },
    stop() {
      sink.ondata = null;
      sink.stop();
    },
  };
}
