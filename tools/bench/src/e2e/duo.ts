// Parent side of a two-process pair: forks the offerer and the answerer (side.js), relays their
// messages to each other over IPC, and returns the offerer's result. Both children are killed on
// timeout, on error and if they have not exited shortly after the result: no orphans.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ImplName } from './implementations.js';
import type { Msg } from './ipc.js';
import type { PerfResult } from './measure.js';

const sidePath = fileURLToPath(new URL('./side.js', import.meta.url));

/**
 * `--cpu-prof=<dir>` of the bench: each child writes a V8 CPU profile there when it exits
 * (node --cpu-prof), for finding where a side's time goes; off by default (profiling slows it).
 */
const profileDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
/**
 * `--node-flags=<flag>[,<flag>...]` of the bench: extra node/V8 flags for both children of every
 * pair, whatever the implementation (e.g. `--no-lazy-feedback-allocation`, see the README).
 */
export const nodeFlags = (
  process.argv.find((a) => a.startsWith('--node-flags='))?.slice('--node-flags='.length) ?? ''
)
  .split(',')
  .filter(Boolean);
const execArgv = [
  '--expose-gc',
  ...nodeFlags,
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
];

function start(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = fork(sidePath, args, {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString();
  });
  return { child, stderr: () => err.slice(-500) };
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

export function runDuo(a: ImplName, b: ImplName, seconds: number, timeoutMs: number): Promise<PerfResult> {
  const off = start(['offer', a, String(seconds)]);
  const ans = start(['answer', b]);
  const sides = [
    { name: 'offerer', ...off, hello: false, held: [] as Msg[] },
    { name: 'answerer', ...ans, hello: false, held: [] as Msg[] },
  ];
  const exited = sides.map(
    (s) =>
      new Promise<void>((resolve) => (alive(s.child) ? s.child.once('exit', () => resolve()) : resolve())),
  );
  let settled = false;

  return new Promise<PerfResult>((resolve, reject) => {
    const finish = (error: Error | undefined, result?: PerfResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const s of sides) if (alive(s.child) && s.child.connected) s.child.send({ t: 'exit' });
      // Give them a moment to exit on their own (libwebrtc may crash at exit: ignored), then kill.
      const kill = setTimeout(
        () => {
          for (const s of sides) if (alive(s.child)) s.child.kill('SIGKILL');
        },
        error ? 0 : 3000,
      );
      void Promise.all(exited).then(() => {
        clearTimeout(kill);
        if (error) reject(error);
        else resolve(result!);
      });
    };
    const timer = setTimeout(
      () => finish(new Error(`${a} -> ${b}: no result in ${timeoutMs} ms`)),
      timeoutMs,
    );
    sides.forEach((s, i) => {
      const other = sides[1 - i]!;
      s.child.on('message', (raw) => {
        const m = raw as Msg;
        if (m.to === 'peer') {
          if (other.hello && other.child.connected) other.child.send(m);
          else other.held.push(m);
        } else if (m.t === 'hello') {
          s.hello = true;
          for (const h of s.held.splice(0)) s.child.send(h);
        } else if (m.t === 'result') {
          if (m.ok) finish(undefined, m.result as PerfResult);
          else finish(new Error(String(m.error)));
        }
      });
      s.child.on('error', (error) => finish(new Error(`${s.name}: ${error.message}`)));
      s.child.on('exit', (code, signal) => {
        if (!settled) finish(new Error(`${s.name} (${i ? b : a}) exited ${code ?? signal}: ${s.stderr()}`));
      });
    });
  });
}
