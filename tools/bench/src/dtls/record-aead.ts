/**
 * Per-record AEAD cost of a DTLS 1.2 data-channel record: seal and open of a 1,191-byte plaintext
 * (one SCTP packet) with a 13-byte AAD and a sequence-numbered 12-byte nonce, for
 *   - @rtc/srtp ChaCha20-Poly1305 in WebAssembly (SIMD keystream, and the scalar kernel),
 *   - @rtc/srtp TableGcm (AES-128-GCM: node:crypto AES-ECB keystream, 3-bit-table GHASH in wasm),
 *   - node:crypto createCipheriv per record, AES-128-GCM and ChaCha20-Poly1305,
 *   - @noble/ciphers chacha20poly1305 (through @rtc/dtls's nobleCrypto backend).
 * Every round times each implementation in turn (same machine load), `records` seals then as many
 * opens, after a GC; the table shows the median over rounds and the [min-max] range, in us per
 * record (wall clock: single-threaded, synchronous work).
 *
 *   pnpm --filter @rtc-tools/bench build && node tools/bench/dist/dtls/record-aead.js [--rounds=7] [--records=20000]
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nobleCrypto } from '@rtc/dtls';
import { ChaCha20Poly1305, createTableGcm } from '@rtc/srtp';

const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.slice(name.length + 3));
};
const ROUNDS = arg('rounds', 7);
const RECORDS = arg('records', 20_000);
const SIZE = 1191;
const AAD = 13;
/** Distinct sealed records each open run cycles through (sequential nonces, like a record stream). */
const OPEN_SET = 256;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Impl {
  readonly name: string;
  /** Fraction of RECORDS to run (slow implementations do fewer; per-record time is what counts). */
  readonly share: number;
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array): void;
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

function nodeAead(name: string, cipher: 'aes-128-gcm' | 'chacha20-poly1305', key: Uint8Array): Impl {
  return {
    name,
    share: 1,
    seal(nonce, aad, plaintext, out) {
      const c = createCipheriv(cipher as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
      c.setAAD(aad, { plaintextLength: plaintext.length });
      const body = c.update(plaintext);
      c.final();
      out.set(body, 0);
      out.set(c.getAuthTag(), plaintext.length);
    },
    open(nonce, aad, sealed) {
      const n = sealed.length - 16;
      const d = createDecipheriv(cipher as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
      d.setAuthTag(sealed.subarray(n));
      d.setAAD(aad, { plaintextLength: n });
      const pt = d.update(sealed.subarray(0, n));
      d.final();
      return pt;
    },
  };
}

interface RecordAead {
  sealInto(out: Uint8Array, offset: number, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): void;
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
}

function wrap(name: string, aead: RecordAead, share = 1): Impl {
  return {
    name,
    share,
    seal: (nonce, aad, plaintext, out) => aead.sealInto(out, 0, nonce, aad, plaintext),
    open: (nonce, aad, sealed) => aead.open(nonce, aad, sealed),
  };
}

const key16 = randomBytes(16);
const key32 = randomBytes(32);
const tableGcm = createTableGcm(key16, { window: 3 });
if (tableGcm === undefined) throw new Error('TableGcm cannot run here');
const impls: Impl[] = [
  wrap('wasm ChaCha20-Poly1305 (SIMD)', new ChaCha20Poly1305(key32)),
  wrap('wasm ChaCha20-Poly1305 (scalar)', new ChaCha20Poly1305(key32, { simd: false })),
  wrap('TableGcm AES-128-GCM (window 3)', tableGcm),
  nodeAead('node:crypto AES-128-GCM (cipher per record)', 'aes-128-gcm', key16),
  nodeAead('node:crypto ChaCha20-Poly1305 (cipher per record)', 'chacha20-poly1305', key32),
  wrap('noble ChaCha20-Poly1305', nobleCrypto.createAead('chacha20-poly1305', key32), 0.1),
];

const salt = randomBytes(4);
function nonceFor(seq: number, into: Uint8Array): Uint8Array {
  into.set(salt, 0);
  into[4] = 0;
  into[5] = 1; // epoch 1
  into[6] = 0;
  into[7] = 0;
  into[8] = seq >>> 24;
  into[9] = (seq >>> 16) & 0xff;
  into[10] = (seq >>> 8) & 0xff;
  into[11] = seq & 0xff;
  return into;
}

const plaintext = randomBytes(SIZE);
const aad = randomBytes(AAD);

// The wasm ChaCha20-Poly1305 must agree with OpenSSL before its time means anything.
{
  const nonce = nonceFor(7, new Uint8Array(12));
  const a = new Uint8Array(SIZE + 16);
  const b = new Uint8Array(SIZE + 16);
  impls[0]!.seal(nonce, aad, plaintext, a);
  impls[4]!.seal(nonce, aad, plaintext, b);
  if (Buffer.compare(a, b) !== 0) throw new Error('wasm ChaCha20-Poly1305 disagrees with node:crypto');
}

const seq0 = 1000;
let seq = seq0;
function timeSeal(impl: Impl, n: number): number {
  const out = new Uint8Array(SIZE + 16);
  const nonce = new Uint8Array(12);
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) impl.seal(nonceFor(seq++, nonce), aad, plaintext, out);
  return Number(process.hrtime.bigint() - t) / 1000 / n;
}

function timeOpen(impl: Impl, n: number): number {
  const sealed: Uint8Array[] = [];
  const nonces: Uint8Array[] = [];
  for (let i = 0; i < OPEN_SET; i++) {
    const nonce = nonceFor(seq0 + i, new Uint8Array(12));
    const out = new Uint8Array(SIZE + 16);
    impl.seal(nonce, aad, plaintext, out);
    sealed.push(out);
    nonces.push(nonce);
  }
  gc();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const k = i % OPEN_SET;
    if (impl.open(nonces[k]!, aad, sealed[k]!) === undefined) throw new Error(`${impl.name}: open failed`);
  }
  return Number(process.hrtime.bigint() - t) / 1000 / n;
}

const results = new Map<string, { seal: number[]; open: number[] }>(
  impls.map((i) => [i.name, { seal: [], open: [] }]),
);
for (const impl of impls) timeSeal(impl, Math.max(200, RECORDS * impl.share * 0.2)); // warm-up (JIT)
for (let r = 0; r < ROUNDS; r++) {
  // Rotate the order each round so that no implementation always runs right after another.
  for (let k = 0; k < impls.length; k++) {
    const impl = impls[(k + r) % impls.length]!;
    const n = Math.max(200, Math.round(RECORDS * impl.share));
    gc();
    const s = timeSeal(impl, n);
    const o = timeOpen(impl, n);
    results.get(impl.name)!.seal.push(s);
    results.get(impl.name)!.open.push(o);
  }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const cell = (v: number[]) =>
  `${median(v).toFixed(2)} [${Math.min(...v).toFixed(2)}-${Math.max(...v).toFixed(2)}]`;
const gcmRow = results.get(impls[2]!.name)!;
console.log(
  `Per-record AEAD, ${SIZE}-byte plaintext, ${AAD}-byte AAD, ${ROUNDS} rounds of ${RECORDS} records (noble: ${Math.round(RECORDS * 0.1)}), Node ${process.version}`,
);
console.log('| implementation | seal us/record | open us/record | seal / TableGcm | open / TableGcm |');
console.log('|---|---|---|---|---|');
for (const impl of impls) {
  const r = results.get(impl.name)!;
  const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
  console.log(
    `| ${impl.name} | ${cell(r.seal)} | ${cell(r.open)} | ${ratio(r.seal, gcmRow.seal)} | ${ratio(r.open, gcmRow.open)} |`,
  );
}
