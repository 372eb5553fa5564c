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

/** The median of every field over the runs (undefined when no run succeeded). */
function medianOf<T extends object>(runs: T[]): T | undefined {
  if (runs.length === 0) return undefined;
  const out = {} as Record<string, number>;
  for (const k of Object.keys(runs[0]!)) out[k] = median(runs.map((r) => (r as Record<string, number>)[k]!));
  return out as T;
}

/** "median" for one run, "median [min-max]" for several. */
function cell<T extends object>(runs: T[], key: keyof T, digits = 0): string {
  const xs = runs.map((r) => r[key] as number);
  const m = f(median(xs), digits);
  return xs.length > 1 ? `${m} [${f(Math.min(...xs), digits)}-${f(Math.max(...xs), digits)}]` : m;
}

export function formatPerf(rows: PerfRow[]): string {
  const ref = (n: ImplName) => medianOf(rows.find((r) => r.a === n && r.b === n)?.runs ?? []);
  const lib = ref('libwebrtc');
  const wer = ref('werift');
  const out = [
    '| pair (offerer -> answerer) | connect ms | RTT median us | RTT p99 us | 64 KiB MB/s | 1 KiB msg/s | 1 KiB MB/s | vs libwebrtc (connect / RTT / 64K / 1K) | vs werift (connect / RTT / 64K / 1K) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const r = medianOf(row.runs);
    if (!r) {
      out.push(
        `| ${row.a} -> ${row.b} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 120)} | | | | | | | |`,
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
      `| ${row.a} -> ${row.b} | ${c('connectMs')} | ${c('rttMedianUs')} | ${c('rttP99Us')} | ${c('mbps64k', 1)} | ${c('msgps1k')} | ${c('mbps1k', 2)} | ${vs(lib)} | ${vs(wer)} |`,
    );
  }
  return out.join('\n');
}

export function formatMemory(rows: MemRow[]): string {
  const lib = medianOf(rows.find((r) => r.impl === 'libwebrtc')?.runs ?? []);
  const wer = medianOf(rows.find((r) => r.impl === 'werift')?.runs ?? []);
  const out = [
    '| implementation (both ends in one process) | RSS after load MB | idle connected pair MB | per extra pair KB (at N pairs) | per extra pair vs libwebrtc | vs werift |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const r = medianOf(row.runs);
    if (!r) {
      out.push(`| ${row.impl} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 120)} | | | | |`);
      continue;
    }
    out.push(
      `| ${row.impl} | ${cell(row.runs, 'baselineMb', 1)} | ${cell(row.runs, 'idlePairMb', 2)} | ${cell(row.runs, 'perExtraPairKb')} (N=${r.pairs}) | ${ratio(r.perExtraPairKb, lib?.perExtraPairKb)} | ${ratio(r.perExtraPairKb, wer?.perExtraPairKb)} |`,
    );
  }
  return out.join('\n');
}
