/**
 * DTLS benchmark: full handshake CPU time (client + server in one process over an in-memory pipe)
 * and 1200-byte application-data record encrypt/decrypt throughput, for @rtc/dtls, werift-dtls
 * 0.5.8 and raw node:crypto AES-128-GCM on the same sizes, reported as ratios in one run.
 *
 *   pnpm --filter @rtc-tools/bench build && node tools/bench/dist/dtls/bench.js [--quick]
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { nobleCrypto } from '@rtc/dtls';
import { ourHandshake } from './ours.js';
import { closeWerift, weriftCertificate, weriftHandshake } from './werift.js';

const quick = process.argv.includes('--quick');
const HANDSHAKES = quick ? 20 : 100;
const RECORDS = quick ? 5_000 : 20_000;
const SIZE = 1200;
const ROUNDS = quick ? 3 : 7;

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

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

/** Records per CPU second: seal and open of one 1200-byte application-data record each. */
function ourRecords(): { seal: number; open: number } {
  const p = ourHandshake();
  const payload = new Uint8Array(randomBytes(SIZE));
  const sealed: Uint8Array[] = new Array(RECORDS);
  let t = process.cpuUsage();
  for (let i = 0; i < RECORDS; i++) {
    p.client.send(payload);
    sealed[i] = p.client.pollTransmit()!;
  }
  const seal = RECORDS / (cpuMs(t) / 1000);
  t = process.cpuUsage();
  let got = 0;
  for (let i = 0; i < RECORDS; i++) {
    p.server.handleDatagram(sealed[i]!, 0);
    const e = p.server.pollEvent();
    if (e?.type === 'data') got++;
  }
  const open = RECORDS / (cpuMs(t) / 1000);
  if (got !== RECORDS) throw new Error(`@rtc/dtls delivered ${got}/${RECORDS}`);
  return { seal, open };
}

/** The same AEAD work with nothing around it: createCipheriv per record, 8-byte explicit nonce, 13-byte AAD. */
function rawRecords(): { seal: number; open: number } {
  const key = randomBytes(16);
  const salt = randomBytes(4);
  const payload = randomBytes(SIZE);
  const aad = Buffer.alloc(13);
  const nonce = Buffer.alloc(12);
  salt.copy(nonce);
  const sealed: Buffer[] = new Array(RECORDS);
  let t = process.cpuUsage();
  for (let i = 0; i < RECORDS; i++) {
    nonce.writeUInt32BE(i, 8);
    const c = createCipheriv('aes-128-gcm', key, nonce);
    c.setAAD(aad);
    sealed[i] = Buffer.concat([c.update(payload), c.final(), c.getAuthTag()]);
  }
  const seal = RECORDS / (cpuMs(t) / 1000);
  t = process.cpuUsage();
  for (let i = 0; i < RECORDS; i++) {
    nonce.writeUInt32BE(i, 8);
    const s = sealed[i]!;
    const d = createDecipheriv('aes-128-gcm', key, nonce);
    d.setAAD(aad);
    d.setAuthTag(s.subarray(s.length - 16));
    d.update(s.subarray(0, s.length - 16));
    d.final();
  }
  const open = RECORDS / (cpuMs(t) / 1000);
  return { seal, open };
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
  const hs = await handshakeCpu();
  console.log(
    `handshake CPU per full handshake (both sides): @rtc ${fmt(hs.ours)} ms, werift ${fmt(hs.werift)} ms, ratio @rtc/werift = ${(hs.ours / hs.werift).toFixed(3)} (target <= 0.5)`,
  );
  console.log(
    `  @rtc with the pure-JS noble backend: ${fmt(hs.noble)} ms (ratio to werift ${(hs.noble / hs.werift).toFixed(3)})`,
  );
  rawRecords(); // warm up
  ourRecords();
  // Interleaved rounds, median of each, so both sides see the same machine load.
  const rounds: { raw: { seal: number; open: number }; ours: { seal: number; open: number } }[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push({ raw: rawRecords(), ours: ourRecords() });
  const raw = { seal: median(rounds.map((r) => r.raw.seal)), open: median(rounds.map((r) => r.raw.open)) };
  const ours = { seal: median(rounds.map((r) => r.ours.seal)), open: median(rounds.map((r) => r.ours.open)) };
  const w = await weriftRecords();
  console.log(`1200-byte records per CPU second (median of ${ROUNDS} interleaved rounds): seal / open`);
  console.log(`  raw node:crypto AES-128-GCM  ${fmt(raw.seal)} / ${fmt(raw.open)}`);
  console.log(`  @rtc/dtls                    ${fmt(ours.seal)} / ${fmt(ours.open)}`);
  console.log(`  werift-dtls (send->onData)   ${fmt(w)} (seal+open together)`);
  console.log(
    `ratio @rtc/raw: seal ${(ours.seal / raw.seal).toFixed(3)}, open ${(ours.open / raw.open).toFixed(3)} (target >= 0.7); ` +
      `@rtc round trip vs werift: ${(1 / (1 / ours.seal + 1 / ours.open) / w).toFixed(2)}x`,
  );
}

await main();
