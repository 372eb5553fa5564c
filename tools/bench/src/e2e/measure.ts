// The measurements with both ends in this process, and the pieces the two-process offerer shares.
import type { Impl } from './implementations.js';
import { byteLength, connectPair, drained, type Pair } from './pair.js';

// biome-ignore lint/suspicious/noExplicitAny: foreign W3C-shaped objects
type Any = any;

export interface PerfResult {
  /** First connect in fresh process(es). */
  connectColdMs: number;
  /** Median of the next WARM_CONNECTS connects. */
  connectMs: number;
  rttMedianUs: number;
  rttP99Us: number;
  mbps64k: number;
  msgps1k: number;
  mbps1k: number;
  /** CPU seconds (process.cpuUsage user+system) during each throughput run and its wall time. In
   * one process `cpuTx*` is the whole process (both ends) and `cpuRx*` is absent. */
  cpuTx64kS: number;
  cpuRx64kS?: number;
  wall64kS: number;
  cpuTx1kS: number;
  cpuRx1kS?: number;
  wall1kS: number;
  /** Two processes only: IPC one-way latency offerer -> parent -> answerer, median, on the shared
   * monotonic clock, and half the IPC round trip. */
  ipcOneWayUs?: number;
  ipcHalfRttUs?: number;
  /** Two processes only: warm connect taking the answerer's open when its IPC message arrived. */
  connectByArrivalMs?: number;
  /** Two processes only: median of the STEADY_CONNECTS connects after the warm ones. */
  connectSteadyMs?: number;
  /** Two processes only: median of the last SETTLED_CONNECTS of SETTLED_AFTER + SETTLED_CONNECTS. */
  connectSettledMs?: number;
  /**
   * Two processes only: median of FULL_SDP_CONNECTS connects after the settled ones, without
   * trickle: each side sends its description once its gathering is complete, candidates inside.
   */
  connectFullSdpMs?: number;
}

export interface MemResult {
  baselineMb: number;
  idlePairMb: number;
  /** 3 s after the last pair connected. */
  perExtraPairKb: number;
  /** After `settleSeconds` of idle (one pair and all pairs alike): V8 has sized its heap to the
   * idle allocation rate (a stack that allocates nothing when idle gets its young generation back). */
  perExtraPairSettledKb: number;
  settleSeconds: number;
  pairs: number;
}

export interface Throughput {
  bytesPerSec: number;
  msgsPerSec: number;
  cpuTxS: number;
  cpuRxS?: number;
  wallS: number;
}

/** Connects after the cold first one whose median is reported as warm. */
export const WARM_CONNECTS = 5;
/**
 * Two processes: connects after the warm ones whose median is reported as steady. A JIT-compiled
 * stack runs its connect path in V8's interpreter for the first connects of a process (a function
 * gets its feedback vector and baseline code only after it has run a few times); by then it does
 * not. A server accepting connections all day sees the steady figure; a client making one, cold.
 */
export const STEADY_CONNECTS = 10;

/**
 * Two processes: connects 31-40 of the process, reported as settled. V8 keeps moving the connect
 * path's functions up its tiers for a few dozen connects; by then the per-connect work is what
 * remains (a long-running server's figure).
 */
export const SETTLED_AFTER = 30;
export const SETTLED_CONNECTS = 10;

/**
 * Two processes: connects after the settled ones made without trickle (the offer and the answer
 * each wait for their side's gathering to complete), as an application that does not trickle, or
 * sends one message per side, makes them. Their time includes each stack's gathering: libwebrtc,
 * as offerer, completes it about 100 ms after setLocalDescription on loopback with no STUN server.
 */
export const FULL_SDP_CONNECTS = 5;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** The first (cold) connect of this process and the median of the WARM_CONNECTS after it. */
export async function connectTimes(A: Impl, B: Impl): Promise<{ cold: number; warm: number }> {
  const times: number[] = [];
  for (let i = 0; i <= WARM_CONNECTS; i++) {
    const p = await connectPair(A, B);
    times.push(p.connectMs);
    await p.close();
    await sleep(50);
  }
  const warm = times.slice(1).sort((x, y) => x - y);
  return { cold: times[0]!, warm: quantile(warm, 0.5) };
}

/** Ping-pong of 32-byte binary messages on `ch`, the far end echoing; [median, p99] in us. */
export async function pingPong(ch: Any, count: number, warmup = 50): Promise<[number, number]> {
  const payload = new Uint8Array(32);
  const samples: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      ch.onmessage = () => resolve();
      ch.send(payload);
    });
    if (i >= warmup) samples.push((performance.now() - t0) * 1000);
  }
  ch.onmessage = null;
  samples.sort((x, y) => x - y);
  return [quantile(samples, 0.5), quantile(samples, 0.99)];
}

/** Ping-pong with both ends in this process, B echoing. */
export async function echoRtt(p: Pair, count: number, warmup = 50): Promise<[number, number]> {
  p.chB.onmessage = (e: { data: unknown }) => p.chB.send(e.data);
  try {
    return await pingPong(p.chA, count, warmup);
  } finally {
    p.chB.onmessage = null;
  }
}

export const LOW_WATER = 256 * 1024;
export const HIGH_WATER = 1024 * 1024;

/**
 * Sends `size`-byte messages on `ch` for about `seconds` with bufferedAmountLow flow control (pause
 * above HIGH_WATER until the buffer is down to LOW_WATER). Returns the bytes sent.
 */
export async function sendFor(ch: Any, size: number, seconds: number): Promise<number> {
  ch.bufferedAmountLowThreshold = LOW_WATER;
  const msg = new Uint8Array(size).fill(0x5a);
  const stopAt = performance.now() + seconds * 1000;
  let sent = 0;
  while (performance.now() < stopAt) {
    if (ch.bufferedAmount > HIGH_WATER) await drained(ch, LOW_WATER);
    ch.send(msg);
    sent += size;
    // Yield now and then so a stack that delivers on the same event loop can make progress.
    if (sent % (64 * size) === 0) await new Promise((r) => setImmediate(r));
  }
  return sent;
}

/**
 * Both ends in this process: A sends for about `seconds`, then waits for B to receive every byte.
 * Rate = bytes received / (last arrival - first send); CPU is the whole process's.
 */
export async function throughput(p: Pair, size: number, seconds: number): Promise<Throughput> {
  let received = 0;
  let receivedMsgs = 0;
  let lastArrival = 0;
  p.chB.onmessage = (e: { data: unknown }) => {
    received += byteLength(e.data);
    receivedMsgs++;
    lastArrival = performance.now();
  };
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const sent = await sendFor(p.chA, size, seconds);
  const deadline = performance.now() + 60_000;
  while (received < sent && performance.now() < deadline) await sleep(5);
  const cpuTxS = cpuSeconds(process.cpuUsage(cpu0));
  p.chB.onmessage = null;
  if (received < sent) throw new Error(`throughput: received ${received} of ${sent} bytes`);
  const secs = (lastArrival - start) / 1000;
  return { bytesPerSec: received / secs, msgsPerSec: receivedMsgs / secs, cpuTxS, wallS: secs };
}

/** The fields every perf run reports, from its connect times, echo RTT and two throughput runs. */
export function perfResult(
  connectColdMs: number,
  connectMs: number,
  [rttMedianUs, rttP99Us]: [number, number],
  big: Throughput,
  small: Throughput,
): PerfResult {
  return {
    connectColdMs,
    connectMs,
    rttMedianUs,
    rttP99Us,
    mbps64k: big.bytesPerSec / 1e6,
    msgps1k: small.msgsPerSec,
    mbps1k: small.bytesPerSec / 1e6,
    cpuTx64kS: big.cpuTxS,
    wall64kS: big.wallS,
    cpuTx1kS: small.cpuTxS,
    wall1kS: small.wallS,
    ...(big.cpuRxS !== undefined ? { cpuRx64kS: big.cpuRxS } : {}),
    ...(small.cpuRxS !== undefined ? { cpuRx1kS: small.cpuRxS } : {}),
  };
}

export async function perf(A: Impl, B: Impl, seconds: number): Promise<PerfResult> {
  const { cold, warm } = await connectTimes(A, B);
  const p = await connectPair(A, B);
  try {
    const [rttMedianUs, rttP99Us] = await echoRtt(p, 1000);
    const big = await throughput(p, 64 * 1024, seconds);
    const small = await throughput(p, 1024, seconds);
    return perfResult(cold, warm, [rttMedianUs, rttP99Us], big, small);
  } finally {
    await p.close();
  }
}

function rssMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().rss / 1048576;
}

/**
 * RSS of one idle connected pair and of each extra pair up to `pairs` (both ends in this process),
 * 3 s after the last pair connected and again after `settleSeconds` of idle. The young generation
 * V8 grew while the pairs connected (16 -> 32 MB, ~165 KB per pair at N=100) is still there at 3 s;
 * V8 gives it back only once the allocation rate has stayed low for a few seconds, so the settled
 * figure is what an idle server holds.
 */
export async function memory(impl: Impl, pairs: number, settleSeconds = 15): Promise<MemResult> {
  const warm = await connectPair(impl, impl);
  await warm.close();
  await sleep(1000);
  const baselineMb = rssMb();
  const held: Pair[] = [await connectPair(impl, impl)];
  await sleep(2000);
  const onePairMb = rssMb();
  await sleep(Math.max(0, settleSeconds * 1000 - 2000));
  const onePairSettledMb = rssMb();
  // One at a time: @roamhq/wrtc crashes (SIGSEGV) when several pairs are created concurrently.
  while (held.length < pairs) held.push(await connectPair(impl, impl, 60_000));
  await sleep(3000);
  const allMb = rssMb();
  await sleep(Math.max(0, settleSeconds * 1000 - 3000));
  const allSettledMb = rssMb();
  for (const p of held) await p.close();
  return {
    baselineMb,
    idlePairMb: onePairMb - baselineMb,
    perExtraPairKb: ((allMb - onePairMb) * 1024) / (pairs - 1),
    perExtraPairSettledKb: ((allSettledMb - onePairSettledMb) * 1024) / (pairs - 1),
    settleSeconds,
    pairs,
  };
}
