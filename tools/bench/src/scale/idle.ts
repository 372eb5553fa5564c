// A thousand connections in one process, then idle: what they hold and what they cost while no
// application data moves. Both ends of every pair live in this process (500 pairs = 1,000
// RTCPeerConnections, each with an open data channel). What an idle connection must still do is
// RFC 7675 consent freshness (one STUN check every 4-6 s) and the SCTP heartbeat (RFC 9260 §8.3);
// everything else should sleep: no per-connection polling, no timer re-armed every tick.
//
// Run: pnpm --filter @rtc-tools/bench build &&
//   node --expose-gc tools/bench/dist/scale/idle.js [--impl=rtc,libwebrtc,werift] [--pairs=500] [--idle=30]
//   [--parallel=8]
import { createHook } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { type Impl, type ImplName, loadImpl } from '../e2e/implementations.js';
import { connectPair, type Pair } from '../e2e/pair.js';

const option = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

/** After two full GCs (run with --expose-gc): what the process holds, in MiB. */
function memory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => Number((n / 1048576).toFixed(1));
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), externalMb: mb(m.external + m.arrayBuffers) };
}

/** Active handles and requests by type, as libuv sees them (timers, UDP sockets...). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Counts what happens during a window: resources created by type, GCs, datagrams sent by Node. */
class Window {
  readonly created: Record<string, number> = {};
  readonly gcs: Record<string, number> = {};
  datagrams = 0;
  readonly #hook = createHook({
    init: (_id, type) => {
      this.created[type] = (this.created[type] ?? 0) + 1;
    },
  });
  readonly #gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      // perf_hooks.constants: 1 minor (scavenge), 2 major, 4 incremental, 8 weak callbacks.
      const name = kind === 1 ? 'minor' : kind === 2 ? 'major' : `kind ${kind}`;
      this.gcs[name] = (this.gcs[name] ?? 0) + 1;
    }
  });
  readonly #send = dgram.Socket.prototype.send;

  start(): void {
    const self = this;
    const send = this.#send;
    dgram.Socket.prototype.send = function (this: dgram.Socket, ...args: unknown[]) {
      self.datagrams++;
      return (send as (...a: unknown[]) => void).apply(this, args);
    } as typeof dgram.Socket.prototype.send;
    this.#hook.enable();
    this.#gcObserver.observe({ entryTypes: ['gc'] });
  }

  stop(): void {
    dgram.Socket.prototype.send = this.#send;
    this.#hook.disable();
    this.#gcObserver.disconnect();
  }
}

async function connectAll(impl: Impl, pairs: number, parallel: number): Promise<Pair[]> {
  const held: Pair[] = [];
  let next = 0;
  const worker = async () => {
    while (next < pairs) {
      next++;
      held.push(await connectPair(impl, impl, 60_000));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return held;
}

/** Every pair echoes one message each way; returns how many pairs did within `timeoutMs`. */
async function liveness(held: Pair[], timeoutMs: number): Promise<number> {
  const echo = (p: Pair) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      p.chB.onmessage = (e: { data: unknown }) => p.chB.send(e.data);
      p.chA.onmessage = (e: { data: unknown }) => {
        clearTimeout(timer);
        resolve(e.data === 'alive');
      };
      p.chA.send('alive');
    });
  const results = await Promise.all(held.map(echo));
  return results.filter(Boolean).length;
}

async function measure(name: ImplName): Promise<void> {
  const pairs = Number(option('pairs', '500'));
  const idleSeconds = Number(option('idle', '30'));
  // @roamhq/wrtc crashes (SIGSEGV) when several pairs are created concurrently in one process.
  const parallel = name === 'libwebrtc' ? 1 : Number(option('parallel', '8'));
  const impl = await loadImpl(name);
  if (typeof impl === 'string') throw new Error(impl);

  const warm = await connectPair(impl, impl);
  await warm.close();
  await sleep(1000);
  const before = { memory: memory(), resources: activeResources() };

  const t0 = performance.now();
  const held = await connectAll(impl, pairs, parallel);
  const connectS = (performance.now() - t0) / 1000;
  // Let connect-time work end (unused host sockets close 3 s after selection, RFC 8445 §8.3.1).
  await sleep(5000);
  const connected = { memory: memory(), resources: activeResources() };

  const w = new Window();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  w.start();
  await sleep(idleSeconds * 1000);
  w.stop();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const heapGrowthMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
  const alive = await liveness(held, 10_000);

  for (const p of held) await p.close();
  // Drop our references too: what is still held after that is the stack's (a leak).
  held.length = 0;
  await sleep(2000);
  const after = { memory: memory(), resources: activeResources() };

  const connections = 2 * pairs;
  const perSecond = (n: number) => Number((n / idleSeconds).toFixed(1));
  console.log(
    JSON.stringify(
      {
        impl: name,
        node: process.version,
        connections,
        connectSeconds: Number(connectS.toFixed(1)),
        parallel,
        memory: {
          before: before.memory,
          connected: connected.memory,
          rssPerConnectionKb: Number(
            (((connected.memory.rssMb - before.memory.rssMb) * 1024) / connections).toFixed(1),
          ),
          heapPerConnectionKb: Number(
            (((connected.memory.heapUsedMb - before.memory.heapUsedMb) * 1024) / connections).toFixed(1),
          ),
          afterClose: after.memory,
        },
        idle: {
          seconds: idleSeconds,
          cpuPercentOfOneCore: Number((((cpu.user + cpu.system) / 1e6 / idleSeconds) * 100).toFixed(2)),
          cpuUsPerConnectionPerSecond: Number(
            ((cpu.user + cpu.system) / idleSeconds / connections).toFixed(1),
          ),
          eventLoopUtilization: Number(elu.utilization.toFixed(4)),
          datagramsSentPerSecond: perSecond(w.datagrams),
          createdPerSecond: Object.fromEntries(Object.entries(w.created).map(([k, v]) => [k, perSecond(v)])),
          gcs: w.gcs,
          heapGrowthMb: Number(heapGrowthMb.toFixed(2)),
        },
        pairsAliveAfterIdle: `${alive}/${pairs}`,
        activeResources: {
          before: before.resources,
          connected: connected.resources,
          afterClose: after.resources,
        },
      },
      null,
      2,
    ),
  );
}

/**
 * Each implementation in a fresh process of its own (--impl=rtc,libwebrtc,werift runs them one after
 * the other), so none inherits another's heap, sockets or compiled code.
 */
async function main(): Promise<void> {
  const names = option('impl', 'rtc').split(',') as ImplName[];
  const child = process.argv.includes('--child');
  if (child || names.length === 1) return measure(names[0]!);
  for (const name of names) {
    const args = process.argv.slice(2).filter((a) => !a.startsWith('--impl='));
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', process.argv[1]!, `--impl=${name}`, '--child', ...args],
      {
        stdio: 'inherit',
        timeout: 1_800_000,
      },
    );
    if (run.status !== 0) console.error(`${name}: exited ${run.status ?? run.signal}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
