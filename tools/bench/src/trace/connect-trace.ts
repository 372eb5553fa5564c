// A datagram timeline of connects between two processes, as in the end-to-end bench: what each
// side sent and received (STUN with USE-CANDIDATE marked, DTLS by content and handshake type), its
// API calls, state events and garbage collections, on the machine-wide monotonic clock. It shows
// where a connect's time goes; the bench README's traces come from it.
//
//   node tools/bench/dist/trace/connect-trace.js [--offerer=rtc] [--answerer=rtc] [--connects=8]
//     [--show=3] [--node-flags=<flag>,...] [--profile=<dir>]
//
// --profile=<dir>: each side writes a V8 CPU profile of its connects 2-6 (the bench's warm ones)
// to <dir>/<role>.cpuprofile, sampled every 50 us.
import { type ChildProcess, fork } from 'node:child_process';
import { Socket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { IMPLS, type ImplName, loadImpl } from '../e2e/implementations.js';
import { hrMs } from '../e2e/ipc.js';

type Role = 'offerer' | 'answerer';
type Mark = [what: string, at: number];
// biome-ignore lint/suspicious/noExplicitAny: messages between the processes
type Msg = { t: string; [key: string]: any };

const STUN_USE_CANDIDATE = 0x0025;

/** What a datagram is (RFC 7983 §7), with the destination or source address. */
export function describeDatagram(b: Uint8Array): string {
  if (b[0]! < 4) {
    let useCandidate = false;
    for (let o = 20; o + 4 <= b.length; ) {
      const type = (b[o]! << 8) | b[o + 1]!;
      const length = (b[o + 2]! << 8) | b[o + 3]!;
      if (type === STUN_USE_CANDIDATE) useCandidate = true;
      o += 4 + ((length + 3) & ~3);
    }
    const method = ((b[0]! << 8) | b[1]!).toString(16).padStart(4, '0');
    return `stun ${method}${useCandidate ? ' USE-CANDIDATE' : ''}`;
  }
  if (b[0]! >= 20 && b[0]! < 64) {
    // An epoch-0 handshake record: its first message type is in the clear (byte 13).
    const handshake = b[0] === 22 && b[3] === 0 && b[4] === 0 ? ` type ${b[13]}` : '';
    return `dtls ${b[0]}${handshake} ${b.length} B`;
  }
  return `other ${b.length} B`;
}

/** Profiles connects `from` to `to` (1-based) of this process when `dir` is set. */
function warmProfiler(role: Role, dir: string | undefined, from = 2, to = 6) {
  if (!dir) return { connectStarts: async (_n: number) => {}, connectClosed: async (_n: number) => {} };
  const session = new Session();
  session.connect();
  return {
    async connectStarts(n: number) {
      if (n !== from) return;
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 50 });
      await session.post('Profiler.start');
    },
    async connectClosed(n: number) {
      if (n !== to) return;
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${role}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

async function child(role: Role, implName: ImplName, profileDir: string | undefined): Promise<void> {
  const profiler = warmProfiler(role, profileDir);
  const impl = await loadImpl(implName);
  if (typeof impl === 'string') throw new Error(impl);
  let marks: Mark[] = [];
  const mark = (what: string) => marks.push([what, hrMs()]);
  const send = Socket.prototype.send;
  Socket.prototype.send = function (this: Socket, msg: unknown, ...rest: unknown[]) {
    const b = msg instanceof Uint8Array ? msg : Buffer.concat(msg as Uint8Array[]);
    mark(`>> ${describeDatagram(b)}`);
    return (send as (...a: unknown[]) => void).call(this, msg, ...rest);
  } as typeof send;
  const emit = Socket.prototype.emit;
  Socket.prototype.emit = function (this: Socket, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') mark(`<< ${describeDatagram(args[0] as Uint8Array)}`);
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  // Garbage collections, as marks at their start: a pause in the middle of a connect shows here.
  const GC_KIND: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  const hrOffset = hrMs() - performance.now();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
      marks.push([`gc ${GC_KIND[kind] ?? kind} ${e.duration.toFixed(2)} ms`, e.startTime + hrOffset]);
    }
  }).observe({ entryTypes: ['gc'] });
  const out = (m: Msg) => process.send!(m);
  // biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection
  let pc: any;
  // biome-ignore lint/suspicious/noExplicitAny: candidates that came before the remote description
  let early: any[] = [];
  // Connects are numbered so that a candidate trickled late by the previous pair is not applied to
  // the next one; addIceCandidate failures are ignored, as in the bench.
  let connectNo = 0;
  // biome-ignore lint/suspicious/noExplicitAny: a W3C candidate init
  const add = (c: any) => Promise.resolve(pc.addIceCandidate(c)).catch(() => undefined);
  const opened = () => {
    mark('OPEN');
    // Marks that a module preloaded with --node-flags=--import=<file> recorded (method timings).
    const extra = (globalThis as { __rtcTraceMarks?: Mark[] }).__rtcTraceMarks;
    out({ t: 'open', marks: extra ? [...marks, ...extra.splice(0)] : marks });
  };
  process.on('message', async (m: Msg) => {
    if (m.t === 'prepare') {
      connectNo++;
      await profiler.connectStarts(connectNo);
      marks = [];
      (globalThis as { __rtcTraceMarks?: Mark[] }).__rtcTraceMarks?.splice(0);
      pc = new impl.Ctor(impl.config);
      early = [];
      pc.onicecandidate = (e: { candidate: { toJSON?(): unknown; candidate: string } | null }) => {
        const c = e.candidate;
        out({
          t: 'cand',
          n: connectNo,
          c: c ? (c.toJSON?.() ?? { candidate: c.candidate, sdpMid: '0' }) : null,
        });
      };
      pc.oniceconnectionstatechange = () => mark(`ice ${pc.iceConnectionState}`);
      pc.onconnectionstatechange = () => mark(`pc ${pc.connectionState}`);
      if (role === 'answerer')
        pc.ondatachannel = (e: { channel: { readyState: string; onopen: unknown } }) => {
          mark('datachannel');
          if (e.channel.readyState === 'open') opened();
          else e.channel.onopen = opened;
        };
      out({ t: 'ready' });
    } else if (m.t === 'go') {
      mark('createOffer');
      pc.createDataChannel('trace').onopen = opened;
      await pc.setLocalDescription(await pc.createOffer());
      mark('SLD(offer) done');
      out({ t: 'sdp', d: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
    } else if (m.t === 'sdp') {
      mark(`got ${m.d.type}`);
      await pc.setRemoteDescription(m.d);
      mark(`SRD(${m.d.type}) done`);
      for (const c of early) await add(c);
      early = [];
      if (m.d.type === 'offer') {
        await pc.setLocalDescription(await pc.createAnswer());
        mark('SLD(answer) done');
        out({ t: 'sdp', d: { type: pc.localDescription.type, sdp: pc.localDescription.sdp } });
      }
    } else if (m.t === 'cand') {
      if (!m.c || m.n !== connectNo) return;
      if (pc.remoteDescription) await add(m.c);
      else early.push(m.c);
    } else if (m.t === 'close') {
      await Promise.resolve(pc.close()).catch(() => undefined);
      await profiler.connectClosed(connectNo);
      out({ t: 'closed' });
    } else if (m.t === 'exit') process.exit(0);
  });
  out({ t: 'hello' });
}

function option(args: string[], name: string, fallback: string): string {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : a.slice(name.length + 3);
}

async function parent(args: string[]): Promise<void> {
  const names = { offerer: option(args, 'offerer', 'rtc'), answerer: option(args, 'answerer', 'rtc') };
  for (const n of Object.values(names))
    if (!IMPLS.includes(n as ImplName)) throw new Error(`unknown implementation ${n} (${IMPLS.join(', ')})`);
  const connects = Number(option(args, 'connects', '8'));
  const show = option(args, 'show', '3').split(',').filter(Boolean).map(Number);
  const flags = option(args, 'node-flags', '').split(',').filter(Boolean);
  const profile = option(args, 'profile', '');
  const self = fileURLToPath(import.meta.url);
  const kid = (role: Role) =>
    fork(self, [`--child=${role}`, `--impl=${names[role]}`, ...(profile ? [`--profile=${profile}`] : [])], {
      execArgv: flags,
    });
  const kids: Record<Role, ChildProcess> = { offerer: kid('offerer'), answerer: kid('answerer') };
  const other: Record<Role, Role> = { offerer: 'answerer', answerer: 'offerer' };
  const waiters: Array<{ role: Role; t: string; resolve: (m: Msg) => void }> = [];
  const next = (role: Role, t: string) => new Promise<Msg>((resolve) => waiters.push({ role, t, resolve }));
  for (const role of ['offerer', 'answerer'] as const) {
    kids[role].on('message', (m: Msg) => {
      if (m.t === 'sdp' || m.t === 'cand') kids[other[role]].send(m);
      const i = waiters.findIndex((w) => w.role === role && w.t === m.t);
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
    });
  }
  await Promise.all([next('offerer', 'hello'), next('answerer', 'hello')]);
  const times: number[] = [];
  try {
    for (let i = 0; i < connects; i++) {
      const ready = [next('offerer', 'ready'), next('answerer', 'ready')];
      kids.offerer.send({ t: 'prepare' });
      kids.answerer.send({ t: 'prepare' });
      await Promise.all(ready);
      const open = [next('offerer', 'open'), next('answerer', 'open')];
      kids.offerer.send({ t: 'go' });
      const [o, a] = await Promise.all(open);
      const all: Mark[] = [
        ...(o!.marks as Mark[]).map(([w, at]): Mark => [`O  ${w}`, at]),
        ...(a!.marks as Mark[]).map(([w, at]): Mark => [`  A ${w}`, at]),
      ].sort((x, y) => x[1] - y[1]);
      const start = all.find(([w]) => w === 'O  createOffer')![1];
      const end = Math.max(...all.filter(([w]) => w.endsWith('OPEN')).map(([, at]) => at));
      times.push(end - start);
      if (show.includes(i)) {
        console.log(
          `--- connect ${i}: ${(end - start).toFixed(1)} ms (O offerer ${names.offerer}, A answerer ${names.answerer})`,
        );
        for (const [w, at] of all) console.log(`${(at - start).toFixed(2).padStart(8)}  ${w}`);
      }
      const closed = [next('offerer', 'closed'), next('answerer', 'closed')];
      kids.offerer.send({ t: 'close' });
      kids.answerer.send({ t: 'close' });
      await Promise.all(closed);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    kids.offerer.send({ t: 'exit' });
    kids.answerer.send({ t: 'exit' });
  }
  const warm = times.slice(1, 6).sort((x, y) => x - y);
  console.log(`connects ms: ${times.map((t) => t.toFixed(1)).join(' ')}`);
  if (warm.length > 0) console.log(`warm (connects 2-6) median: ${warm[warm.length >> 1]!.toFixed(1)} ms`);
}

const args = process.argv.slice(2);
const role = option(args, 'child', '');
if (role === 'offerer' || role === 'answerer')
  await child(role, option(args, 'impl', 'rtc') as ImplName, option(args, 'profile', '') || undefined);
else await parent(args);
