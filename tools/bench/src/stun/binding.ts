// STUN ICE Binding request: encode + MESSAGE-INTEGRITY + FINGERPRINT, and decode + verify, of @rtc/stun
// beside werift-ice 0.2.3's STUN codec, same messages, one run, ratios printed.
// Run: pnpm --filter @rtc/stun build && pnpm --filter @rtc-tools/bench build && node tools/bench/dist/stun/binding.js
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  hashBackendName,
  type StunMessage,
  StunMethod,
  setHashBackend,
  shortTermKey,
  verifyFingerprint,
  verifyIntegrity,
} from '@rtc/stun';

const require = createRequire(import.meta.url);
const werift = require('werift-ice') as typeof import('werift-ice');

// A typical connectivity check (RFC 8445 §7.1.1): Chrome-style 4-char ufrags, 24-char password.
const USERNAME = 'a9Xk:Qm3p';
const PASSWORD = 'x7YqLw0sTn2Vb8RcKd4Hj6Fg';
const PRIORITY = 1853824767;
const TIE_BREAKER = 0x1234_5678_9abc_def0n;

function rtcEncode(transactionId: Uint8Array, key: Uint8Array): Uint8Array {
  const msg: StunMessage = {
    class: 'request',
    method: StunMethod.Binding,
    transactionId,
    attributes: [
      { type: 'USERNAME', value: USERNAME },
      { type: 'PRIORITY', value: PRIORITY },
      { type: 'ICE-CONTROLLING', value: TIE_BREAKER },
      { type: 'USE-CANDIDATE' },
    ],
  };
  return encodeMessage(msg, { integrity: key, fingerprint: true });
}

function rtcDecodeVerify(bytes: Uint8Array, key: Uint8Array): number {
  const msg = decodeMessage(bytes);
  if (!verifyFingerprint(msg) || !verifyIntegrity(msg, key))
    throw new Error('@rtc/stun: verification failed');
  return getAttribute(msg, 'PRIORITY')!.value;
}

function weriftEncode(transactionId: Buffer, key: Buffer): Buffer {
  const msg = new werift.Message(werift.methods.BINDING, werift.classes.REQUEST, transactionId)
    .setAttribute('USERNAME', USERNAME)
    .setAttribute('PRIORITY', PRIORITY)
    .setAttribute('ICE-CONTROLLING', TIE_BREAKER)
    .setAttribute('USE-CANDIDATE', null);
  msg.addMessageIntegrity(key).addFingerprint();
  return msg.bytes;
}

function weriftDecodeVerify(bytes: Buffer, key: Buffer): number {
  // parseMessage checks FINGERPRINT, and MESSAGE-INTEGRITY when given the key; undefined on failure.
  const msg = werift.parseMessage(bytes, key);
  if (msg === undefined) throw new Error('werift-ice: verification failed');
  return msg.getAttributeValue('PRIORITY') as number;
}

interface Impl {
  name: string;
  fn: (i: number) => void;
}

/** Alternating rounds (A B B A ...) after a warm-up; median rate of each and the ratio. */
function compare(title: string, iterations: number, rtc: Impl, other: Impl): number {
  const rates = new Map<Impl, number[]>([
    [rtc, []],
    [other, []],
  ]);
  for (const impl of [rtc, other]) for (let i = 0; i < 20_000; i++) impl.fn(i);
  for (let r = 0; r < 7; r++) {
    for (const impl of r % 2 ? [other, rtc] : [rtc, other]) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) impl.fn(i);
      rates.get(impl)!.push((iterations / Number(process.hrtime.bigint() - t0)) * 1e9);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const a = median(rates.get(rtc)!);
  const b = median(rates.get(other)!);
  console.log(`\n${title}`);
  console.log(`  ${rtc.name.padEnd(44)} ${Math.round(a).toLocaleString('en-US').padStart(11)} ops/s`);
  console.log(`  ${other.name.padEnd(44)} ${Math.round(b).toLocaleString('en-US').padStart(11)} ops/s`);
  console.log(`  ratio @rtc/stun / werift-ice: ${(a / b).toFixed(2)}x`);
  return a / b;
}

function main(): void {
  const N = Number(process.env.BENCH_ITERATIONS ?? 100_000);
  const ids = Array.from({ length: 256 }, () => randomBytes(12));
  const mask = ids.length - 1;
  // Keys are derived once per ICE session, not per message, in both stacks.
  const rtcKey = shortTermKey(PASSWORD);
  const weriftKey = Buffer.from(PASSWORD, 'utf8');

  // Cross-check before timing: each stack must accept the other's messages.
  const ours = ids.map((id) => rtcEncode(id, rtcKey));
  const theirs = ids.map((id) => weriftEncode(id, weriftKey));
  for (let i = 0; i < ids.length; i++) {
    weriftDecodeVerify(Buffer.from(ours[i]!), weriftKey);
    rtcDecodeVerify(theirs[i]!, rtcKey);
    if (Buffer.compare(Buffer.from(ours[i]!), theirs[i]!) !== 0) throw new Error('encodings differ');
  }
  console.log(
    `STUN Binding request (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT),`,
  );
  console.log(
    `${ours[0]!.length} bytes, ${N} ops/round, 7 rounds; node ${process.version}; byte-identical output`,
  );

  let sink = 0;
  const results: [string, number][] = [];
  for (const backend of ['node', 'noble'] as const) {
    setHashBackend(backend);
    const label = `@rtc/stun (${hashBackendName()} hashes)`;
    results.push([
      `encode + integrity + fingerprint, ${backend}`,
      compare(
        'encode + MESSAGE-INTEGRITY + FINGERPRINT',
        N,
        { name: label, fn: (i) => (sink ^= rtcEncode(ids[i & mask]!, rtcKey)[0]!) },
        {
          name: 'werift-ice 0.2.3 Message',
          fn: (i) => (sink ^= weriftEncode(ids[i & mask]!, weriftKey)[0]!),
        },
      ),
    ]);
    results.push([
      `decode + verify, ${backend}`,
      compare(
        'decode + verify MESSAGE-INTEGRITY + FINGERPRINT',
        N,
        { name: label, fn: (i) => (sink ^= rtcDecodeVerify(ours[i & mask]!, rtcKey)) },
        {
          name: 'werift-ice 0.2.3 parseMessage',
          fn: (i) => (sink ^= weriftDecodeVerify(theirs[i & mask]!, weriftKey)),
        },
      ),
    ]);
  }
  setHashBackend('node');
  console.log('\nSummary (target >= 2x werift-ice):');
  for (const [name, ratio] of results) console.log(`  ${name.padEnd(44)} ${ratio.toFixed(2)}x`);
  if (sink === 0.5) console.log(sink);
}

main();
