// Markdown tables for the e2e bench, with ratios against the libwebrtc and werift self-pairs.
import type { ImplName } from './implementations.js';
import type { MemResult, PerfResult } from './measure.js';

export interface PerfRow {
  a: ImplName;
  b: ImplName;
  /** One result per run (fresh worker each). */
  runs: PerfResult[];
  error?: string;
}

export interface MemRow {
  impl: ImplName;
  runs: MemResult[];
  error?: string;
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (x: number, y: number | undefined) => (y ? `${(x / y).toFixed(2)}x` : '-');

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const values = <T extends object>(runs: T[], key: keyof T) =>
  runs
    .map((r) => r[key])
    .filter((x): x is T[keyof T] & number => typeof x === 'number' && Number.isFinite(x));

/** The median of every field over the runs (undefined when no run succeeded). */
function medianOf<T extends object>(runs: T[]): T | undefined {
  if (runs.length === 0) return undefined;
  const out = {} as Record<string, number>;
  for (const k of Object.keys(runs[0]!)) out[k] = median(values(runs, k as keyof T));
  return out as T;
}

/** "median" for one run, "median [min-max]" for several. */
function cell<T extends object>(runs: T[], key: keyof T, digits = 0): string {
  const xs = values(runs, key);
  if (xs.length === 0) return '-';
  const m = f(median(xs), digits);
  return xs.length > 1 ? `${m} [${f(Math.min(...xs), digits)}-${f(Math.max(...xs), digits)}]` : m;
}

/** CPU seconds of sender / receiver (or of the one process) during a throughput run, (wall s). */
function cpuCell(
  runs: PerfResult[],
  tx: keyof PerfResult,
  rx: keyof PerfResult,
  wall: keyof PerfResult,
): string {
  const m = (k: keyof PerfResult) => median(values(runs, k));
  const both = values(runs, rx).length === 0;
  return both ? `${f(m(tx), 2)} (${f(m(wall), 2)})` : `${f(m(tx), 2)} / ${f(m(rx), 2)} (${f(m(wall), 2)})`;
}

export function formatPerf(rows: PerfRow[], inProcess: boolean): string {
  const ref = (n: ImplName) => medianOf(rows.find((r) => r.a === n && r.b === n)?.runs ?? []);
  const lib = ref('libwebrtc');
  const wer = ref('werift');
  const cpu = inProcess ? 'CPU s, whole process (wall s)' : 'CPU s tx / rx (wall s)';
  const out = [
    `| pair (offerer -> answerer), ${inProcess ? 'both in one process' : 'two processes'} | connect cold ms | connect warm ms | RTT median us | RTT p99 us | 64 KiB MB/s | 64 KiB ${cpu} | 1 KiB msg/s | 1 KiB ${cpu} | vs libwebrtc (warm connect / RTT / 64K / 1K) | vs werift (warm connect / RTT / 64K / 1K) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const r = medianOf(row.runs);
    if (!r) {
      out.push(
        `| ${row.a} -> ${row.b} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 160)} | | | | | | | | | |`,
      );
      continue;
    }
    const c = (key: keyof PerfResult, digits = 0) => cell(row.runs, key, digits);
    const vs = (x: PerfResult | undefined) =>
      x
        ? [
            ratio(r.connectMs, x.connectMs),
            ratio(r.rttMedianUs, x.rttMedianUs),
            ratio(r.mbps64k, x.mbps64k),
            ratio(r.msgps1k, x.msgps1k),
          ].join(' / ')
        : '-';
    out.push(
      `| ${row.a} -> ${row.b} | ${c('connectColdMs')} | ${c('connectMs')} | ${c('rttMedianUs')} | ${c('rttP99Us')} | ${c('mbps64k', 1)} | ${cpuCell(row.runs, 'cpuTx64kS', 'cpuRx64kS', 'wall64kS')} | ${c('msgps1k')} | ${cpuCell(row.runs, 'cpuTx1kS', 'cpuRx1kS', 'wall1kS')} | ${vs(lib)} | ${vs(wer)} |`,
    );
  }
  return out.join('\n');
}

/** Two-process runs: the IPC latency and the warm connect with the answerer's open taken at arrival. */
export function formatIpc(rows: PerfRow[]): string {
  const lib = medianOf(rows.find((r) => r.a === 'libwebrtc' && r.b === 'libwebrtc')?.runs ?? []);
  const out = [
    '| pair | IPC one-way us (shared clock) | IPC round trip / 2 us | warm connect ms (answerer open on shared clock) | warm connect ms (answerer open when its IPC message arrived) | steady connect ms (connects 7-16) | settled connect ms (connects 31-40) | full-SDP connect ms (no trickle, connects 41-45) | full-SDP vs libwebrtc |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    if (row.runs.length === 0) continue;
    const c = (key: keyof PerfResult, digits = 0) => cell(row.runs, key, digits);
    const full = medianOf(row.runs)?.connectFullSdpMs;
    out.push(
      `| ${row.a} -> ${row.b} | ${c('ipcOneWayUs')} | ${c('ipcHalfRttUs')} | ${c('connectMs', 1)} | ${c('connectByArrivalMs', 1)} | ${c('connectSteadyMs', 1)} | ${c('connectSettledMs', 1)} | ${c('connectFullSdpMs', 1)} | ${full === undefined ? '-' : ratio(full, lib?.connectFullSdpMs)} |`,
    );
  }
  return out.join('\n');
}

export function formatMemory(rows: MemRow[]): string {
  const lib = medianOf(rows.find((r) => r.impl === 'libwebrtc')?.runs ?? []);
  const wer = medianOf(rows.find((r) => r.impl === 'werift')?.runs ?? []);
  const settle = medianOf(rows.flatMap((r) => r.runs))?.settleSeconds ?? 15;
  const out = [
    `| implementation (both ends in one process) | RSS after load MB | idle connected pair MB | per extra pair KB at 3 s (N pairs) | vs libwebrtc | vs werift | per extra pair KB after ${settle} s idle | vs libwebrtc | vs werift |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const r = medianOf(row.runs);
    if (!r) {
      out.push(`| ${row.impl} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 120)} | | | | | | | |`);
      continue;
    }
    out.push(
      `| ${row.impl} | ${cell(row.runs, 'baselineMb', 1)} | ${cell(row.runs, 'idlePairMb', 2)} | ${cell(row.runs, 'perExtraPairKb')} (N=${r.pairs}) | ${ratio(r.perExtraPairKb, lib?.perExtraPairKb)} | ${ratio(r.perExtraPairKb, wer?.perExtraPairKb)} | ${cell(row.runs, 'perExtraPairSettledKb')} | ${ratio(r.perExtraPairSettledKb, lib?.perExtraPairSettledKb)} | ${ratio(r.perExtraPairSettledKb, wer?.perExtraPairSettledKb)} |`,
    );
  }
  return out.join('\n');
}
