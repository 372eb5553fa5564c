// Runs the end-to-end bench, then prints the results with ratios against libwebrtc and werift
// talking to themselves. Perf measurements (connect, RTT, throughput) run with the offerer and the
// answerer in two child processes (duo.ts, side.js) unless --in-process, which runs both ends in one
// child (worker.js) as before; memory always runs in one child with both ends of every pair.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { nodeFlags, runDuo } from './duo.js';
import { IMPLS, type ImplName } from './implementations.js';
import type { MemResult, PerfResult } from './measure.js';
import { formatIpc, formatMemory, formatPerf, type MemRow, type PerfRow } from './table.js';

const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));

interface Options {
  seconds: number;
  pairs: number;
  /** Seconds of idle before the settled memory figure. */
  settle: number;
  only: ImplName[];
  /** Runs of every measurement (fresh worker each); tables show the median and the range. */
  repeat: number;
  /** Both ends of the perf pairs in one process (the older mode). */
  inProcess: boolean;
  skipMemory: boolean;
  skipPerf: boolean;
}

function parse(argv: string[]): Options {
  const opts: Options = {
    seconds: 3,
    pairs: 100,
    settle: 15,
    only: [...IMPLS],
    repeat: 1,
    inProcess: false,
    skipMemory: false,
    skipPerf: false,
  };
  for (const arg of argv) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (k === 'seconds') opts.seconds = Number(v);
    else if (k === 'pairs') opts.pairs = Number(v);
    else if (k === 'settle') opts.settle = Number(v);
    else if (k === 'only') opts.only = (v ?? '').split(',') as ImplName[];
    else if (k === 'repeat') opts.repeat = Math.max(1, Number(v) || 1);
    else if (k === 'in-process') opts.inProcess = true;
    else if (k === 'skip-memory') opts.skipMemory = true;
    else if (k === 'skip-perf') opts.skipPerf = true;
    // --cpu-prof=<dir> and --node-flags=<flags> are read by duo.ts (the two-process children).
    else if (k === 'cpu-prof' || k === 'node-flags') continue;
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

function runWorker<T>(args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    // A worker that hangs gets SIGUSR2 first: node writes a diagnostic report (JS stack, libuv
    // handles) to the temp directory, named in the error, before the SIGKILL.
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--report-on-signal',
        '--report-signal=SIGUSR2',
        `--report-directory=${tmpdir()}`,
        workerPath,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < 10_000) err += d.toString();
    });
    let reported = '';
    const timer = setTimeout(() => {
      child.kill('SIGUSR2');
      reported = ` (diagnostic report: ${tmpdir()}/report.*.${child.pid}.*.json)`;
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{"ok"'));
      if (!line)
        return reject(
          new Error(
            `worker ${args.join(' ')} exited ${code ?? signal} without a result${reported}: ${err.slice(-500)}`,
          ),
        );
      const parsed = JSON.parse(line) as { ok: boolean; result?: T; error?: string };
      if (parsed.ok) resolve(parsed.result as T);
      else reject(new Error(parsed.error));
    });
  });
}

export async function runE2e(argv: string[]): Promise<void> {
  const opts = parse(argv);
  const pairs: Array<[ImplName, ImplName]> = opts.only.map((n) => [n, n] as [ImplName, ImplName]);
  if (opts.only.includes('rtc')) {
    for (const other of ['libwebrtc', 'werift'] as const) {
      if (opts.only.includes(other)) pairs.push(['rtc', other], [other, 'rtc']);
    }
  }
  console.log(
    `e2e bench: node ${process.version}, perf with ${opts.inProcess ? 'both ends in one process' : 'offerer and answerer in two processes'}, ` +
      `${opts.seconds} s per throughput run, ${opts.pairs} pairs for memory` +
      (opts.repeat > 1 ? `, ${opts.repeat} runs each (median, range in brackets)` : '') +
      (nodeFlags.length > 0 ? `, perf children run with ${nodeFlags.join(' ')}` : ''),
  );
  const rows: PerfRow[] = pairs.map(([a, b]) => ({ a, b, runs: [] }));
  // rtc-base differs from rtc only in SCTP packet size once connected: no memory row of its own.
  const mem: MemRow[] = opts.only.filter((n) => n !== 'rtc-base').map((impl) => ({ impl, runs: [] }));
  // Runs interleave (every pair once, then again) so a busy spell on a shared machine spreads out.
  for (let run = 1; run <= opts.repeat; run++) {
    const tag = opts.repeat > 1 ? ` (run ${run}/${opts.repeat})` : '';
    for (const row of opts.skipPerf ? [] : rows) {
      process.stdout.write(`  perf ${row.a} -> ${row.b}${tag} ... `);
      const once = () =>
        opts.inProcess
          ? runWorker<PerfResult>(['perf', row.a, row.b, String(opts.seconds)], 240_000)
          : runDuo(row.a, row.b, opts.seconds, 240_000);
      try {
        let result: PerfResult;
        try {
          result = await once();
        } catch (error) {
          // @roamhq/wrtc's native code was seen to die with SIGSEGV now and then (as in the interop
          // runner): a child killed by a signal gets one more run, said aloud; any other error stands.
          const message = (error as Error).message;
          if (!/exited SIG[A-Z]+/.test(message)) throw error;
          process.stdout.write(`crashed (${message.slice(0, 120)}), once more ... `);
          result = await once();
        }
        row.runs.push(result);
        console.log('ok');
      } catch (error) {
        row.error = (error as Error).message;
        console.log(`failed: ${(error as Error).message}`);
      }
    }
    for (const row of opts.skipMemory ? [] : mem) {
      process.stdout.write(`  memory ${row.impl} x${opts.pairs}${tag} ... `);
      try {
        row.runs.push(
          await runWorker<MemResult>(['mem', row.impl, String(opts.pairs), String(opts.settle)], 400_000),
        );
        console.log('ok');
      } catch (error) {
        row.error = (error as Error).message;
        console.log(`failed: ${(error as Error).message}`);
      }
    }
  }
  if (!opts.skipPerf) {
    console.log('');
    console.log(formatPerf(rows, opts.inProcess));
    if (!opts.inProcess) {
      console.log('');
      console.log(formatIpc(rows));
    }
  }
  if (!opts.skipMemory) {
    console.log('');
    console.log(formatMemory(mem));
  }
}
