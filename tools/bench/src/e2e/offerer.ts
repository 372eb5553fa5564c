// The offerer child of a two-process pair: drives every perf measurement against the answerer in
// the other process (answerer.ts); signaling and control messages go over IPC through the parent.
//   connect: createOffer to both channels open. The answerer's open is taken on the shared
//     CLOCK_MONOTONIC (hrMs), so connect = max(offerer open, answerer open) - createOffer; the same
//     with the answerer's open taken when its IPC message arrived is kept as a check.
//   RTT: 32-byte ping-pong on the channel, the answerer echoing.
//   throughput: this process sends with flow control, then an 'end' string; the answerer replies on
//     the channel with what it counted and its CPU time, so the rate is timed on this clock.
import type { Impl } from './implementations.js';
import { hrMs, type Ipc, withTimeout } from './ipc.js';
import {
  cpuSeconds,
  FULL_SDP_CONNECTS,
  type PerfResult,
  perfResult,
  pingPong,
  quantile,
  SETTLED_AFTER,
  SETTLED_CONNECTS,
  STEADY_CONNECTS,
  sendFor,
  sleep,
  type Throughput,
  WARM_CONNECTS,
} from './measure.js';
import { gathered, opened } from './pair.js';

// biome-ignore lint/suspicious/noExplicitAny: foreign W3C-shaped objects
type Any = any;

interface RemotePair {
  pc: Any;
  ch: Any;
  k: number;
  connectMs: number;
  byArrivalMs: number;
}

const median = (xs: number[]) =>
  quantile(
    [...xs].sort((x, y) => x - y),
    0.5,
  );

/** IPC latency through the parent: one-way on the shared clock and half the round trip, in us. */
async function ipcLatency(ipc: Ipc, count: number): Promise<{ oneWayUs: number; halfRttUs: number }> {
  const oneWay: number[] = [];
  const halfRtt: number[] = [];
  for (let i = 0; i < count; i++) {
    const sentAt = hrMs();
    const pong = await ipc.request({ t: 'ping', sentAt }, 'pong');
    oneWay.push(((pong.at as number) - sentAt) * 1000);
    halfRtt.push(((pong.arrived as number) - sentAt) * 500);
  }
  return { oneWayUs: median(oneWay), halfRttUs: median(halfRtt) };
}

let nextK = 1;

/**
 * One connect. `fullSdp`: no trickle; each side sends its description when its gathering is
 * complete, with the candidates in it (the answerer is told in the prepare message).
 */
async function connectRemote(impl: Impl, ipc: Ipc, fullSdp = false, timeoutMs = 20_000): Promise<RemotePair> {
  const k = nextK++;
  await ipc.request({ t: 'prepare', k, fullSdp }, 'prepared');
  const pc = new impl.Ctor(impl.config);
  try {
    let remoteSet = false;
    const pending: unknown[] = [];
    const add = (c: unknown) => Promise.resolve(pc.addIceCandidate(c)).catch(() => undefined);
    ipc.on('cand', (m) => {
      if (m.k !== k) return;
      if (remoteSet) void add(m.c);
      else pending.push(m.c);
    });
    pc.addEventListener('icecandidate', (e: Any) => {
      if (fullSdp || !e.candidate?.candidate) return;
      const c = typeof e.candidate.toJSON === 'function' ? e.candidate.toJSON() : e.candidate;
      ipc.send({ to: 'peer', t: 'cand', k, c });
    });
    const ch = pc.createDataChannel('bench');
    const remoteOpen = ipc.next('open', k);
    const localOpen = opened(ch).then(() => hrMs());
    const start = hrMs();
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (fullSdp) await withTimeout(gathered(pc), timeoutMs, `${impl.name} offerer: gathering`);
    const d = pc.localDescription;
    const answer = await ipc.request({ t: 'offer', k, sdp: { type: d.type, sdp: d.sdp } }, 'answer');
    if (answer.error) throw new Error(`answerer: ${answer.error}`);
    await pc.setRemoteDescription(answer.sdp);
    remoteSet = true;
    for (const c of pending.splice(0)) void add(c);
    const [tA, b] = await withTimeout(
      Promise.all([localOpen, remoteOpen]),
      timeoutMs,
      `${impl.name} offerer: channels open`,
    );
    ch.binaryType = 'arraybuffer';
    return {
      pc,
      ch,
      k,
      connectMs: Math.max(tA, b.at as number) - start,
      byArrivalMs: Math.max(tA, b.arrived as number) - start,
    };
  } catch (error) {
    await Promise.resolve(pc.close()).catch(() => undefined);
    throw error;
  }
}

async function closeRemote(p: RemotePair, ipc: Ipc): Promise<void> {
  await Promise.resolve(p.pc.close()).catch(() => undefined);
  await withTimeout(ipc.request({ t: 'close', k: p.k }, 'closed'), 10_000, 'answerer close');
}

async function throughputRemote(p: RemotePair, ipc: Ipc, size: number, seconds: number): Promise<Throughput> {
  await ipc.request({ t: 'mode', mode: 'count' }, 'mode-ok');
  const ack = new Promise<{ bytes: number; msgs: number; cpuS: number }>((resolve) => {
    p.ch.onmessage = (e: { data: unknown }) => {
      if (typeof e.data === 'string') resolve(JSON.parse(e.data));
    };
  });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const sent = await sendFor(p.ch, size, seconds);
  p.ch.send('end');
  const got = await withTimeout(ack, 60_000, `throughput ${size}: receiver's count`);
  const secs = (performance.now() - start) / 1000;
  const cpuTxS = cpuSeconds(process.cpuUsage(cpu0));
  p.ch.onmessage = null;
  if (got.bytes !== sent) throw new Error(`throughput: received ${got.bytes} of ${sent} bytes`);
  return {
    bytesPerSec: got.bytes / secs,
    msgsPerSec: got.msgs / secs,
    cpuTxS,
    cpuRxS: got.cpuS,
    wallS: secs,
  };
}

export async function runOfferer(impl: Impl, ipc: Ipc, seconds: number): Promise<PerfResult> {
  await withTimeout(ipc.next('ready'), 30_000, 'answerer ready');
  const ipcLat = await ipcLatency(ipc, 200);
  const times: RemotePair[] = [];
  const connectUpTo = async (count: number) => {
    while (times.length < count) {
      const p = await connectRemote(impl, ipc);
      times.push(p);
      await closeRemote(p, ipc);
      await sleep(50);
    }
  };
  await connectUpTo(1 + WARM_CONNECTS + STEADY_CONNECTS);
  const p = await connectRemote(impl, ipc);
  let rtt: [number, number];
  let big: Throughput;
  let small: Throughput;
  try {
    await ipc.request({ t: 'mode', mode: 'echo' }, 'mode-ok');
    rtt = await pingPong(p.ch, 1000);
    big = await throughputRemote(p, ipc, 64 * 1024, seconds);
    small = await throughputRemote(p, ipc, 1024, seconds);
  } finally {
    await closeRemote(p, ipc).catch(() => undefined);
  }
  // The settled connects come after RTT and throughput, which thus run where they always did (the
  // 17th connection of the processes): some stacks slow down as closed connections accumulate.
  await connectUpTo(SETTLED_AFTER + SETTLED_CONNECTS);
  const fullSdp: number[] = [];
  for (let i = 0; i < FULL_SDP_CONNECTS; i++) {
    const f = await connectRemote(impl, ipc, true);
    fullSdp.push(f.connectMs);
    await closeRemote(f, ipc);
    await sleep(50);
  }
  const warm = times.slice(1, 1 + WARM_CONNECTS);
  const steady = times.slice(1 + WARM_CONNECTS, 1 + WARM_CONNECTS + STEADY_CONNECTS);
  const settled = times.slice(SETTLED_AFTER);
  return {
    ...perfResult(times[0]!.connectMs, median(warm.map((x) => x.connectMs)), rtt, big, small),
    ipcOneWayUs: ipcLat.oneWayUs,
    ipcHalfRttUs: ipcLat.halfRttUs,
    connectByArrivalMs: median(warm.map((x) => x.byArrivalMs)),
    connectSteadyMs: median(steady.map((x) => x.connectMs)),
    connectSettledMs: median(settled.map((x) => x.connectMs)),
    connectFullSdpMs: median(fullSdp),
  };
}
