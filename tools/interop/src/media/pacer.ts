// Real-time pacing of encoded frames from files: each frame is written when the wall clock reaches its
// presentation time (from the start of the run), several streams interleaved on one timer chain, the
// way a live encoder would hand them over. `now` given to the writer is performance.now().

export interface PacedFrame {
  data: Uint8Array;
  timestampMs: number;
}

export interface PacedStream {
  name: string;
  frames: PacedFrame[];
  /** Writes one frame; returns false when the frame was dropped (counted, not retried). */
  write(frame: PacedFrame, now: number): boolean;
}

export interface PaceResult {
  /** Per stream: frames written and frames the writer refused. */
  streams: Record<string, { written: number; refused: number }>;
  /** How late the latest frame was written, in ms (timer lateness on a busy machine). */
  maxLateMs: number;
  ms: number;
  stopped: boolean;
}

export interface Pacer {
  done: Promise<PaceResult>;
  stop(): void;
}

/** Plays `streams` in real time; resolves when every frame was written or stop() was called. */
export function paceFrames(streams: PacedStream[]): Pacer {
  const queue = streams
    .flatMap((s) => s.frames.map((frame) => ({ stream: s, frame })))
    .sort((a, b) => a.frame.timestampMs - b.frame.timestampMs);
  const result: PaceResult = { streams: {}, maxLateMs: 0, ms: 0, stopped: false };
  for (const s of streams) result.streams[s.name] = { written: 0, refused: 0 };
  const start = performance.now();
  const first = queue[0]?.frame.timestampMs ?? 0;
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish: (r: PaceResult) => void = () => undefined;
  const done = new Promise<PaceResult>((resolve) => {
    finish = resolve;
  });
  const end = () => {
    result.ms = performance.now() - start;
    finish(result);
  };
  const tick = () => {
    timer = undefined;
    const now = performance.now();
    while (next < queue.length) {
      const { stream, frame } = queue[next]!;
      const due = start + frame.timestampMs - first;
      if (due > now) break;
      result.maxLateMs = Math.max(result.maxLateMs, now - due);
      const counts = result.streams[stream.name]!;
      if (stream.write(frame, now)) counts.written++;
      else counts.refused++;
      next++;
    }
    if (next >= queue.length || result.stopped) {
      end();
      return;
    }
    const due = start + queue[next]!.frame.timestampMs - first;
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
  };
  tick();
  return {
    done,
    stop() {
      if (result.stopped) return;
      result.stopped = true;
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
        end();
      }
    },
  };
}
