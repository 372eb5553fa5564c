// The measurements themselves, each on pairs connected in this process.
import type { Impl } from './implementations.js';
import { byteLength, connectPair, drained, type Pair } from './pair.js';

export interface PerfResult {
  connectMs: number;
  rttMedianUs: number;
  rttP99Us: number;
  mbps64k: number;
  msgps1k: number;
  mbps1k: number;
}

export interface MemResult {
  baselineMb: number;
  idlePairMb: number;
  perExtraPairKb: number;
  pairs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Median connect time over `runs` fresh pairs. */
export async function connectTime(A: Impl, B: Impl, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await connectPair(A, B);
    times.push(p.connectMs);
    await p.close();
    await sleep(50);
  }
  times.sort((x, y) => x - y);
  return quantile(times, 0.5);
}

/** Ping-pong of 32-byte binary messages, B echoing; returns [median, p99] in microseconds. */
export async function echoRtt(p: Pair, count: number, warmup = 50): Promise<[number, number]> {
  const payload = new Uint8Array(32);
  p.chB.onmessage = (e: { data: unknown }) => p.chB.send(e.data);
  const samples: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      p.chA.onmessage = () => resolve();
      p.chA.send(payload);
    });
    if (i >= warmup) samples.push((performance.now() - t0) * 1000);
  }
  p.chA.onmessage = null;
  p.chB.onmessage = null;
  samples.sort((x, y) => x - y);
  return [quantile(samples, 0.5), quantile(samples, 0.99)];
}

/**
 * Sends `size`-byte messages from A for about `seconds` with bufferedAmountLow flow control, then
 * waits for B to receive all of them. Rate = bytes received / (last arrival - first send).
 */
export async function throughput(
  p: Pair,
  size: number,
  seconds: number,
): Promise<{ bytesPerSec: number; msgsPerSec: number }> {
  const low = 256 * 1024;
  const high = 1024 * 1024;
  p.chA.bufferedAmountLowThreshold = low;
  let received = 0;
  let receivedMsgs = 0;
  let lastArrival = 0;
  p.chB.onmessage = (e: { data: unknown }) => {
    received += byteLength(e.data);
    receivedMsgs++;
    lastArrival = performance.now();
  };
  const msg = new Uint8Array(size).fill(0x5a);
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  let sent = 0;
  while (performance.now() < stopAt) {
    if (p.chA.bufferedAmount > high) await drained(p.chA, low);
    p.chA.send(msg);
    sent += size;
    // Yield now and then so a stack that delivers on the same event loop can make progress.
    if (sent % (64 * size) === 0) await new Promise((r) => setImmediate(r));
  }
  const deadline = performance.now() + 60_000;
  while (received < sent && performance.now() < deadline) await sleep(5);
  p.chB.onmessage = null;
  if (received < sent) throw new Error(`throughput: received ${received} of ${sent} bytes`);
  const secs = (lastArrival - start) / 1000;
  return { bytesPerSec: received / secs, msgsPerSec: receivedMsgs / secs };
}

export async function perf(A: Impl, B: Impl, seconds: number): Promise<PerfResult> {
  const connectMs = await connectTime(A, B, 5);
  const p = await connectPair(A, B);
  try {
    const [rttMedianUs, rttP99Us] = await echoRtt(p, 1000);
    const big = await throughput(p, 64 * 1024, seconds);
    const small = await throughput(p, 1024, seconds);
    return {
      connectMs,
      rttMedianUs,
      rttP99Us,
      mbps64k: big.bytesPerSec / 1e6,
      msgps1k: small.msgsPerSec,
      mbps1k: small.bytesPerSec / 1e6,
    };
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

/** RSS of one idle connected pair and of each extra pair up to `pairs` (both ends in this process). */
export async function memory(impl: Impl, pairs: number): Promise<MemResult> {
  const warm = await connectPair(impl, impl);
  await warm.close();
  await sleep(1000);
  const baselineMb = rssMb();
  const held: Pair[] = [await connectPair(impl, impl)];
  await sleep(2000);
  const onePairMb = rssMb();
  // One at a time: @roamhq/wrtc crashes (SIGSEGV) when several pairs are created concurrently.
  while (held.length < pairs) held.push(await connectPair(impl, impl, 60_000));
  await sleep(3000);
  const allMb = rssMb();
  for (const p of held) await p.close();
  return {
    baselineMb,
    idlePairMb: onePairMb - baselineMb,
    perExtraPairKb: ((allMb - onePairMb) * 1024) / (pairs - 1),
    pairs,
  };
}
