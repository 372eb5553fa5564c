// SCTP data channel throughput: two associations in one process over an in-memory pipe with a
// 1200-byte path (SCTP packets <= 1191 bytes, as under DTLS), 64 KiB and 1 KiB messages, reliable
// ordered, @rtc/sctp beside werift-sctp 0.0.11 in the same run; MB/s, messages/s and ratios printed.
// Run: pnpm --filter @rtc/sctp build && pnpm --filter @rtc-tools/bench build && node tools/bench/dist/sctp/throughput.js [--reps=3]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Association } from '@rtc/sctp';

const require = createRequire(import.meta.url);
const { SCTP, WEBRTC_PPID } = require('werift-sctp') as typeof import('werift-sctp');

interface Result {
  messages: number;
  bytes: number;
  seconds: number;
}

/** @rtc/sctp: packets move synchronously between the two cores; the clock is the real one. */
function ours(size: number, count: number, zeroChecksum = false): Result {
  const a = new Association({ role: 'client', mtu: 1191, zeroChecksum });
  const b = new Association({ role: 'server', mtu: 1191, zeroChecksum });
  let received = 0;
  let receivedBytes = 0;
  const now = () => performance.now();
  const pump = () => {
    let moved = true;
    while (moved) {
      moved = false;
      for (let p = a.pollTransmit(); p; p = a.pollTransmit()) {
        b.handlePacket(p, now());
        moved = true;
      }
      for (let e = b.pollEvent(); e; e = b.pollEvent()) {
        if (e.type === 'message') {
          received++;
          receivedBytes += e.data.length;
        }
      }
      for (let p = b.pollTransmit(); p; p = b.pollTransmit()) {
        a.handlePacket(p, now());
        moved = true;
      }
      while (a.pollEvent());
    }
    const d = Math.min(a.nextDeadline() ?? Infinity, b.nextDeadline() ?? Infinity);
    if (d <= now()) {
      a.handleTimeout(now());
      b.handleTimeout(now());
    }
  };
  a.connect(now());
  b.connect(now());
  while (a.state !== 'established' || b.state !== 'established') pump();
  const id = a.createChannel({ negotiated: true, id: 1 }, now());
  b.createChannel({ negotiated: true, id: 1 }, now());
  const payload = new Uint8Array(size).fill(7);
  const t0 = now();
  let sent = 0;
  const highWater = 4 * 1024 * 1024;
  while (received < count) {
    while (sent < count && a.bufferedAmount(id) < highWater) {
      a.send(id, payload, true, now());
      sent++;
    }
    pump();
  }
  const seconds = (now() - t0) / 1000;
  if (receivedBytes !== size * count) throw new Error('@rtc/sctp: byte count mismatch');
  return { messages: count, bytes: receivedBytes, seconds };
}

/** werift-sctp: the two SCTP objects joined by a transport that hands packets over on setImmediate. */
async function werift(size: number, count: number): Promise<Result> {
  type Pipe = { send(b: Buffer): Promise<void>; close(): void; onData?: (b: Buffer) => void };
  const ta = { close() {} } as Pipe;
  const tb = { close() {} } as Pipe;
  ta.send = async (buf: Buffer) => {
    setImmediate(() => tb.onData?.(buf));
  };
  tb.send = async (buf: Buffer) => {
    setImmediate(() => ta.onData?.(buf));
  };
  const client = SCTP.client(ta, 5000);
  const server = SCTP.server(tb, 5000);
  let received = 0;
  let receivedBytes = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => {
    done = r;
  });
  server.onReceive.subscribe((_sid: number, _ppid: number, data: Buffer) => {
    received++;
    receivedBytes += data.length;
    if (received === count) done();
  });
  await Promise.all([client.start(5000), server.start(5000)]);
  await client.stateChanged.connected.asPromise();
  const payload = Buffer.alloc(size, 7);
  const t0 = performance.now();
  // Keep at most ~4 MiB outstanding, like the @rtc run.
  const window = Math.max(1, Math.floor((4 * 1024 * 1024) / size));
  let sent = 0;
  while (sent < count) {
    if (sent - received < window) {
      await client.send(1, WEBRTC_PPID.BINARY, payload);
      sent++;
    } else await new Promise((r) => setImmediate(r));
  }
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await client.stop().catch(() => {});
  await server.stop().catch(() => {});
  return { messages: count, bytes: receivedBytes, seconds };
}

function fmt(name: string, r: Result): string {
  const mbs = r.bytes / r.seconds / 1e6;
  return `${name.padEnd(12)} ${String(r.messages).padStart(7)} msgs ${(r.bytes / 1048576).toFixed(1).padStart(7)} MiB in ${r.seconds.toFixed(2).padStart(6)} s: ${mbs.toFixed(1).padStart(7)} MB/s ${Math.round(
    r.messages / r.seconds,
  )
    .toString()
    .padStart(8)} msg/s`;
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[a.length >> 1]!;
}

async function main(): Promise<void> {
  const reps = Number(process.argv.find((a) => a.startsWith('--reps='))?.slice(7) ?? 3);
  const cases = [
    { label: '64 KiB', size: 64 * 1024, oursCount: 3000, weriftCount: 300 },
    { label: '1 KiB', size: 1024, oursCount: 300_000, weriftCount: 30_000 },
  ];
  // Warm up both.
  ours(1024, 5000);
  await werift(1024, 200);
  const rate = (r: Result) => r.bytes / r.seconds;
  for (const c of cases) {
    console.log(
      `--- ${c.label} messages, reliable ordered, 1191-byte SCTP packets, ${reps} alternating runs`,
    );
    const crc: number[] = [];
    const zero: number[] = [];
    // The machine is shared: alternate the implementations so a load change hits both, and
    // report each run's ratio, then the median and range.
    for (let i = 0; i < reps; i++) {
      const r1 = ours(c.size, c.oursCount);
      const r2 = await werift(c.size, c.weriftCount);
      const r0 = ours(c.size, c.oursCount, true);
      console.log(fmt('@rtc/sctp', r1), ' (CRC32C on every packet, as with werift)');
      console.log(fmt('werift-sctp', r2));
      console.log(fmt('@rtc/sctp', r0), ' (RFC 9653 zero checksum, both ends @rtc)');
      crc.push(rate(r1) / rate(r2));
      zero.push(rate(r0) / rate(r2));
    }
    const range = (xs: number[]) =>
      `median ${median(xs).toFixed(1)}x (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}x)`;
    console.log(`ratio @rtc/werift with CRC32C: ${range(crc)}; with zero checksum: ${range(zero)}`);
  }
  process.exit(0);
}

void main();
