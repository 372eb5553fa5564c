// Test media made with Debian's ffmpeg (libvpx, libopus) into a temporary directory: a VP8 IVF from
// the testsrc pattern and an Ogg/Opus sine. Tests call ffmpegUnavailable() first and skip, saying
// why, when ffmpeg or one of its encoders is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ffmpegPath = process.env.FFMPEG_PATH ?? 'ffmpeg';

let cachedReason: string | undefined | null = null;

/** Why the media files cannot be made here (a skip reason), or undefined when they can. */
export function ffmpegUnavailable(): string | undefined {
  if (cachedReason !== null) return cachedReason;
  const r = spawnSync(ffmpegPath, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    cachedReason = `ffmpeg not found (${ffmpegPath}): install Debian's ffmpeg (apt-get install ffmpeg) or set FFMPEG_PATH`;
  } else if (!/\blibvpx\b/.test(r.stdout) || !/\blibopus\b/.test(r.stdout)) {
    cachedReason = `ffmpeg at ${ffmpegPath} has no libvpx or libopus encoder`;
  } else {
    cachedReason = undefined;
  }
  return cachedReason;
}

export interface MediaFileOptions {
  seconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Key frame every this many frames (default: one per second). */
  keyframeInterval?: number;
  /** VP8 target bitrate, e.g. '300k'. */
  videoBitrate?: string;
}

export interface MediaFiles {
  dir: string;
  ivfPath: string;
  oggPath: string;
  ivf: Uint8Array;
  ogg: Uint8Array;
  /** Removes the directory. */
  remove(): void;
}

function run(args: string[]): void {
  const r = spawnSync(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/**
 * Makes `video.ivf` (VP8: testsrc, realtime deadline, key frame interval about 1 s) and
 * `audio.ogg` (Opus: 440 Hz sine, 48 kHz mono, 20 ms frames) in a new temp directory.
 */
export function makeMediaFiles(options: MediaFileOptions = {}): MediaFiles {
  const seconds = options.seconds ?? 5;
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const fps = options.fps ?? 30;
  const gop = options.keyframeInterval ?? fps;
  const dir = mkdtempSync(join(tmpdir(), 'rtc-media-'));
  const ivfPath = join(dir, 'video.ivf');
  const oggPath = join(dir, 'audio.ogg');
  try {
    run([
      ...['-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${fps}:duration=${seconds}`],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '1'],
      ...['-b:v', options.videoBitrate ?? '300k', '-g', String(gop), '-keyint_min', String(gop)],
      ...['-auto-alt-ref', '0', '-lag-in-frames', '0', '-error-resilient', '1'],
      ...['-f', 'ivf', ivfPath],
    ]);
    run([
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
      ...['-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-application', 'audio'],
      ...['-ac', '1', '-ar', '48000', '-f', 'ogg', oggPath],
    ]);
    return {
      dir,
      ivfPath,
      oggPath,
      ivf: new Uint8Array(readFileSync(ivfPath)),
      ogg: new Uint8Array(readFileSync(oggPath)),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
