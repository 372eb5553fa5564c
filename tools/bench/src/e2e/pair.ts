// One connected pair of peer connections in this process: A creates a reliable ordered channel,
// offers to B with trickled candidates, and both channels open. Also the flow-controlled sender used
// by the throughput measurement.
import type { Impl } from './implementations.js';

// biome-ignore lint/suspicious/noExplicitAny: foreign W3C-shaped objects
type Any = any;

export interface Pair {
  a: Any;
  b: Any;
  chA: Any;
  chB: Any;
  /** createOffer to both channels open, in ms. */
  connectMs: number;
  close(): Promise<void>;
}

export function opened(ch: Any): Promise<void> {
  if (ch.readyState === 'open') return Promise.resolve();
  return new Promise((resolve) => ch.addEventListener('open', () => resolve(), { once: true }));
}

/**
 * Resolves once `pc` has finished gathering: its iceGatheringState is "complete" or it raised the
 * end-of-candidates icecandidate event (every stack here raises that one through addEventListener).
 */
export function gathered(pc: Any): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const on = (e: Any) => {
      if (e.candidate?.candidate && pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icecandidate', on);
      resolve();
    };
    pc.addEventListener('icecandidate', on);
  });
}

export async function connectPair(A: Impl, B: Impl, timeoutMs = 20_000): Promise<Pair> {
  const a = new A.Ctor(A.config);
  const b = new B.Ctor(B.config);
  const close = async () => {
    await Promise.resolve(a.close()).catch(() => undefined);
    await Promise.resolve(b.close()).catch(() => undefined);
  };
  try {
    const pendingForB: unknown[] = [];
    const pendingForA: unknown[] = [];
    let bReady = false;
    let aReady = false;
    const add = (pc: Any, c: unknown) => Promise.resolve(pc.addIceCandidate(c)).catch(() => undefined);
    a.addEventListener('icecandidate', (e: Any) => {
      if (!e.candidate?.candidate) return;
      const c = typeof e.candidate.toJSON === 'function' ? e.candidate.toJSON() : e.candidate;
      if (bReady) void add(b, c);
      else pendingForB.push(c);
    });
    b.addEventListener('icecandidate', (e: Any) => {
      if (!e.candidate?.candidate) return;
      const c = typeof e.candidate.toJSON === 'function' ? e.candidate.toJSON() : e.candidate;
      if (aReady) void add(a, c);
      else pendingForA.push(c);
    });
    const chA = a.createDataChannel('bench');
    const chBPromise = new Promise<Any>((resolve) =>
      b.addEventListener('datachannel', (e: Any) => resolve(e.channel)),
    );
    const start = performance.now();
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    await b.setRemoteDescription({ type: a.localDescription.type, sdp: a.localDescription.sdp });
    bReady = true;
    for (const c of pendingForB.splice(0)) void add(b, c);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription({ type: b.localDescription.type, sdp: b.localDescription.sdp });
    aReady = true;
    for (const c of pendingForA.splice(0)) void add(a, c);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${A.name}->${B.name}: channels not open in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const chB = await Promise.race([
      Promise.all([
        opened(chA),
        chBPromise.then(async (ch) => {
          await opened(ch);
          return ch;
        }),
      ]).then(([, ch]) => ch),
      timeout,
    ]).finally(() => clearTimeout(timer));
    const connectMs = performance.now() - start;
    chA.binaryType = 'arraybuffer';
    chB.binaryType = 'arraybuffer';
    return { a, b, chA, chB, connectMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resolves when the channel's buffer has drained to `low`: bufferedamountlow, or a poll (libwebrtc
 * never fires bufferedamountlow). */
export function drained(ch: Any, low: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      ch.removeEventListener('bufferedamountlow', finish);
      resolve();
    };
    ch.addEventListener('bufferedamountlow', finish);
    const poll = () => {
      if (done) return;
      if (ch.bufferedAmount <= low || ch.readyState !== 'open') finish();
      else setTimeout(poll, 2);
    };
    poll();
  });
}

export function byteLength(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
