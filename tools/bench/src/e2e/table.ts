// Markdown tables for the e2e bench, with ratios against the libwebrtc and werift self-pairs.
import type { ImplName } from './implementations.js';
import type { MemResult, PerfResult } from './measure.js';

export interface PerfRow {
  a: ImplName;
  b: ImplName;
  result?: PerfResult;
  error?: string;
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (x: number, y: number | undefined) => (y ? `${(x / y).toFixed(2)}x` : '-');

export function formatPerf(rows: PerfRow[]): string {
  const ref = (n: ImplName) => rows.find((r) => r.a === n && r.b === n)?.result;
  const lib = ref('libwebrtc');
  const wer = ref('werift');
  const out = [
    '| pair (offerer -> answerer) | connect ms | RTT median us | RTT p99 us | 64 KiB MB/s | 1 KiB msg/s | 1 KiB MB/s | vs libwebrtc (connect / RTT / 64K / 1K) | vs werift (connect / RTT / 64K / 1K) |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of rows) {
    const r = row.result;
    if (!r) {
      out.push(
        `| ${row.a} -> ${row.b} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 120)} | | | | | | | |`,
      );
      continue;
    }
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
      `| ${row.a} -> ${row.b} | ${f(r.connectMs)} | ${f(r.rttMedianUs)} | ${f(r.rttP99Us)} | ${f(r.mbps64k, 1)} | ${f(r.msgps1k)} | ${f(r.mbps1k, 2)} | ${vs(lib)} | ${vs(wer)} |`,
    );
  }
  return out.join('\n');
}

export function formatMemory(rows: Array<{ impl: ImplName; result?: MemResult; error?: string }>): string {
  const lib = rows.find((r) => r.impl === 'libwebrtc')?.result;
  const wer = rows.find((r) => r.impl === 'werift')?.result;
  const out = [
    '| implementation (both ends in one process) | RSS after load MB | idle connected pair MB | per extra pair KB (at N pairs) | per extra pair vs libwebrtc | vs werift |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const r = row.result;
    if (!r) {
      out.push(`| ${row.impl} | failed: ${row.error?.replace(/\|/g, '/').slice(0, 120)} | | | | |`);
      continue;
    }
    out.push(
      `| ${row.impl} | ${f(r.baselineMb, 1)} | ${f(r.idlePairMb, 2)} | ${f(r.perExtraPairKb)} (N=${r.pairs}) | ${ratio(r.perExtraPairKb, lib?.perExtraPairKb)} | ${ratio(r.perExtraPairKb, wer?.perExtraPairKb)} |`,
    );
  }
  return out.join('\n');
}
