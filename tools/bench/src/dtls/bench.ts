/**
 * DTLS benchmark: full handshake CPU time (client + server in one process over an in-memory pipe)
 * and 1200-byte application-data record encrypt/decrypt throughput, for @rtc/dtls, werift-dtls
 * 0.5.8 and raw node:crypto AES-128-GCM on the same sizes, reported as ratios in one run.
 *
 *   pnpm --filter @rtc-tools/bench build && node tools/bench/dist/dtls/bench.js [--quick]
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nobleCrypto, type RecordAeadFactory } from '@rtc/dtls';
import { tableGcmFactory } from '@rtc/srtp';
import { crossCheck } from './cross.js';
import { ourHandshake } from './ours.js';
import { closeWerift, weriftCertificate, weriftHandshake } from './werift.js';

const quick = process.argv.includes('--quick');
const HANDSHAKES = quick ? 20 : 100;
const RECORDS = quick ? 5_000 : 20_000;
const SIZE = 1200;
const ROUNDS = quick ? 3 : 5;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

// Collect garbage before each timed section so one side's allocations are not billed to the next.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

async function handshakeCpu(): Promise<{ ours: number; noble: number; werift: number }> {
  await weriftCertificate();
  ourHandshake(); // warm up
  closeWerift(await weriftHandshake());
  let t = process.cpuUsage();
  for (let i = 0; i < HANDSHAKES; i++) ourHandshake();
  const ours = cpuMs(t) / HANDSHAKES;
  t = process.cpuUsage();
  for (let i = 0; i < HANDSHAKES; i++) closeWerift(await weriftHandshake());
  const werift = cpuMs(t) / HANDSHAKES;
  ourHandshake(nobleCrypto);
  t = process.cpuUsage();
  const n = Math.max(5, HANDSHAKES / 5);
  for (let i = 0; i < n; i++) ourHandshake(nobleCrypto);
  const noble = cpuMs(t) / n;
  return { ours, noble, werift };
}

interface Rates {
  seal: number;
  open: number;
}

/** Raw node:crypto AES-128-GCM record work: createCipheriv per record, 8-byte explicit nonce, 13-byte AAD. */
function rawSealer() {
  const key = randomBytes(16);
  const nonce = Buffer.alloc(12);
  randomBytes(4).copy(nonce);
  const aad = Buffer.alloc(13);
  let seq = 0;
  let openSeq = 0;
  return {
    seal(payload: Buffer): Buffer {
      nonce.writeUInt32BE(seq++, 8);
      const c = createCipheriv('aes-128-gcm', key, nonce);
      c.setAAD(aad);
      return Buffer.concat([c.update(payload), c.final(), c.getAuthTag()]);
    },
    open(s: Buffer): void {
      nonce.writeUInt32BE(openSeq++, 8);
      const d = createDecipheriv('aes-128-gcm', key, nonce);
      d.setAAD(aad);
      d.setAuthTag(s.subarray(s.length - 16));
      d.update(s.subarray(0, s.length - 16));
      d.final();
    },
  };
}

/**
 * 1200-byte records per CPU second, @rtc/dtls (send -> pollTransmit, handleDatagram -> pollEvent)
 * and raw node:crypto, timed in alternating chunks so both see the same machine load.
 */
function recordRates(recordAead?: RecordAeadFactory): { ours: Rates; raw: Rates } {
  const CHUNK = 500;
  const chunks = Math.ceil(RECORDS / CHUNK);
  const p = ourHandshake(undefined, recordAead);
  const raw = rawSealer();
  const payload = randomBytes(SIZE);
  const ourSealed: Uint8Array[] = [];
  const rawSealed: Buffer[] = [];
  const ms = { ourSeal: 0, rawSeal: 0, ourOpen: 0, rawOpen: 0 };
  gc();
  for (let c = 0; c < chunks; c++) {
    let t = process.cpuUsage();
    for (let i = 0; i < CHUNK; i++) {
      p.client.send(payload);
      ourSealed.push(p.client.pollTransmit()!);
    }
    ms.ourSeal += cpuMs(t);
    t = process.cpuUsage();
    for (let i = 0; i < CHUNK; i++) rawSealed.push(raw.seal(payload));
    ms.rawSeal += cpuMs(t);
  }
  gc();
  let got = 0;
  for (let c = 0; c < chunks; c++) {
    let t = process.cpuUsage();
    for (let i = c * CHUNK; i < (c + 1) * CHUNK; i++) {
      p.server.handleDatagram(ourSealed[i]!, 0);
      if (p.server.pollEvent()?.type === 'data') got++;
    }
    ms.ourOpen += cpuMs(t);
    t = process.cpuUsage();
    for (let i = c * CHUNK; i < (c + 1) * CHUNK; i++) raw.open(rawSealed[i]!);
    ms.rawOpen += cpuMs(t);
  }
  const n = chunks * CHUNK;
  if (got !== n) throw new Error(`@rtc/dtls delivered ${got}/${n}`);
  const per = (x: number) => n / (x / 1000);
  return {
    ours: { seal: per(ms.ourSeal), open: per(ms.ourOpen) },
    raw: { seal: per(ms.rawSeal), open: per(ms.rawOpen) },
  };
}

/** werift: application data through DtlsSocket.send -> onData (its whole record path). */
async function weriftRecords(): Promise<number> {
  const p = await weriftHandshake();
  const payload = randomBytes(SIZE);
  const n = Math.min(RECORDS, 5000);
  let got = 0;
  const done = new Promise<void>((r) =>
    p.server.onData.subscribe(() => {
      if (++got === n) r();
    }),
  );
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) await p.client.send(payload);
  await done;
  const rate = n / (cpuMs(t) / 1000);
  closeWerift(p);
  return rate;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));

async function main(): Promise<void> {
  console.log(`DTLS bench (node ${process.version}${quick ? ', quick' : ''})`);
  console.log(await crossCheck('client'));
  console.log(await crossCheck('server'));
  const hs = await handshakeCpu();
  console.log(
    `handshake CPU per full handshake (both sides): @rtc ${fmt(hs.ours)} ms, werift ${fmt(hs.werift)} ms, ratio @rtc/werift = ${(hs.ours / hs.werift).toFixed(3)} (target <= 0.5)`,
  );
  console.log(
    `  @rtc with the pure-JS noble backend: ${fmt(hs.noble)} ms (ratio to werift ${(hs.noble / hs.werift).toFixed(3)})`,
  );
  recordRates(); // warm up
  const runs = Array.from({ length: ROUNDS }, () => recordRates());
  const raw = { seal: median(runs.map((r) => r.raw.seal)), open: median(runs.map((r) => r.raw.open)) };
  const ours = { seal: median(runs.map((r) => r.ours.seal)), open: median(runs.map((r) => r.ours.open)) };
  // The same record path with @rtc/srtp's AES-GCM injected (what @rtc/peer passes): table GHASH.
  const table = tableGcmFactory();
  recordRates(table);
  const tRuns = Array.from({ length: ROUNDS }, () => recordRates(table));
  const tab = { seal: median(tRuns.map((r) => r.ours.seal)), open: median(tRuns.map((r) => r.ours.open)) };
  const tabRaw = { seal: median(tRuns.map((r) => r.raw.seal)), open: median(tRuns.map((r) => r.raw.open)) };
  const w = await weriftRecords();
  console.log(`1200-byte records per CPU second (median of ${ROUNDS} runs, chunks interleaved): seal / open`);
  console.log(`  raw node:crypto AES-128-GCM  ${fmt(raw.seal)} / ${fmt(raw.open)}`);
  console.log(`  @rtc/dtls                    ${fmt(ours.seal)} / ${fmt(ours.open)}`);
  console.log(
    `  @rtc/dtls + srtp table GCM     ${fmt(tab.seal)} / ${fmt(tab.open)} (raw in the same runs ${fmt(tabRaw.seal)} / ${fmt(tabRaw.open)}; ratio ${(tab.seal / tabRaw.seal).toFixed(3)} / ${(tab.open / tabRaw.open).toFixed(3)})`,
  );
  console.log(`  werift-dtls (send->onData)   ${fmt(w)} (seal+open together)`);
  console.log(
    `ratio @rtc/raw: seal ${(ours.seal / raw.seal).toFixed(3)}, open ${(ours.open / raw.open).toFixed(3)} (target >= 0.7); ` +
      `@rtc round trip vs werift: ${(1 / (1 / ours.seal + 1 / ours.open) / w).toFixed(2)}x`,
  );
}

await main();
