/**
 * SRTP benchmark: protect and unprotect of 1200-octet RTP packets with AES_CM_128_HMAC_SHA1_80
 * and AEAD_AES_128_GCM, for @rtc/srtp, werift-rtp 0.8.9's SrtpSession and the raw node:crypto
 * calls on the same bytes, interleaved in one run, reported as packets/s and ratios.
 *
 *   pnpm --filter @rtc-tools/bench build && node tools/bench/dist/srtp/bench.js [--quick]
 */
import { type GcmMode, SrtpSession } from '@rtc/srtp';
import { rawCipher } from './raw.js';
import { weriftHeader, weriftSession } from './werift.js';
import { type BenchProfile, masterKeys, median, PACKET_SIZE, rate, rtpPacket } from './workload.js';

const quick = process.argv.includes('--quick');
const BATCH = 2048;
const ROUNDS = quick ? 3 : 9;
const SLICE_MS = quick ? 100 : 200;

interface Row {
  name: string;
  /** Per-round rates, in round order (contenders interleaved within each round). */
  protectRounds: number[];
  unprotectRounds: number[];
  protect: number;
  unprotect: number;
}

function runProfile(profile: BenchProfile): Row[] {
  const keys = masterKeys(profile);
  const packets = Array.from({ length: BATCH }, (_, i) => rtpPacket(i));
  const ours = () => new SrtpSession({ profile, keys: { local: keys, remote: keys } });
  // AES-GCM's other modes (@rtc/srtp's `gcm` option; the default is 'table').
  const otherModes: GcmMode[] = profile === 'SRTP_AEAD_AES_128_GCM' ? ['table8', 'aead'] : [];

  // Ours.
  const sender = ours();
  const protectedOurs = packets.map((p) => sender.protectRtp(p));

  // werift: its API takes a parsed header + payload; headers are parsed outside the timing.
  const wSender = weriftSession(profile, keys);
  const headers = packets.map((p) => weriftHeader(p));
  const payloads = packets.map((p) => p.subarray(12));
  const protectedWerift = packets.map((_, i) => wSender.encrypt(payloads[i] as Buffer, headers[i] as never));

  // Cross-check before timing: same bytes out, and each side reads the other's packets.
  const identical = protectedOurs.every(
    (p, i) => Buffer.compare(Buffer.from(p), protectedWerift[i] as Buffer) === 0,
  );
  const reader = ours();
  const readsWerift = protectedWerift.every((p) => reader.unprotectRtp(p).ok);
  const wReader = weriftSession(profile, keys);
  const weriftReadsOurs = protectedOurs.every(
    (p, i) => Buffer.compare(wReader.decrypt(Buffer.from(p)), packets[i] as Buffer) === 0,
  );
  console.log(
    `${profile}: byte-identical to werift: ${identical}; @rtc reads werift: ${readsWerift}; werift reads @rtc: ${weriftReadsOurs}`,
  );
  if (!identical || !readsWerift || !weriftReadsOurs)
    throw new Error('SRTP output mismatch: refusing to time it');

  const raw = rawCipher(profile);
  const sealedRaw = packets.map((p) => raw.seal(p));
  if (!sealedRaw.every((p) => raw.unprotect(p)))
    throw new Error('raw baseline failed to verify its own packets');

  const bufs = protectedOurs.map((p) => Buffer.from(p));
  // Protect runs as a live sender does: every call gets the next sequence number (written into
  // the packet, or werift's parsed header), so no contender re-protects an old index.
  let ourSeq = BATCH;
  let weriftSeq = BATCH;
  let rawSeq = BATCH;
  const cases: Record<string, { protect: () => number; unprotect: () => number }> = {
    '@rtc/srtp': {
      protect: () => {
        for (const p of packets) {
          p.writeUInt16BE(ourSeq++ & 0xffff, 2);
          sender.protectRtp(p);
        }
        return BATCH;
      },
      unprotect: () => {
        const s = ours(); // fresh replay window per batch (the batch reuses its indices)
        for (const p of bufs) if (!s.unprotectRtp(p).ok) throw new Error('unprotect failed');
        return BATCH;
      },
    },
    ...Object.fromEntries(
      otherModes.map((gcm) => {
        const make = () => new SrtpSession({ profile, keys: { local: keys, remote: keys }, gcm });
        const sender = make();
        let seq = BATCH;
        return [
          `@rtc/srtp gcm:'${gcm}'`,
          {
            protect: () => {
              for (const p of packets) {
                p.writeUInt16BE(seq++ & 0xffff, 2);
                sender.protectRtp(p);
              }
              return BATCH;
            },
            unprotect: () => {
              const s = make();
              for (const p of bufs) if (!s.unprotectRtp(p).ok) throw new Error('unprotect failed');
              return BATCH;
            },
          },
        ];
      }),
    ),
    'werift-rtp 0.8.9': {
      protect: () => {
        for (let i = 0; i < BATCH; i++) {
          const header = headers[i] as { sequenceNumber: number };
          header.sequenceNumber = weriftSeq++ & 0xffff;
          wSender.encrypt(payloads[i] as Buffer, header as never);
        }
        return BATCH;
      },
      unprotect: () => {
        const s = weriftSession(profile, keys);
        for (const p of protectedWerift) s.decrypt(p);
        return BATCH;
      },
    },
    'raw node:crypto': {
      protect: () => {
        for (const p of packets) {
          p.writeUInt16BE(rawSeq++ & 0xffff, 2);
          raw.protect(p);
        }
        return BATCH;
      },
      unprotect: () => {
        for (const p of sealedRaw) if (!raw.unprotect(p)) throw new Error('raw verify failed');
        return BATCH;
      },
    },
  };

  const samples: Record<string, { protect: number[]; unprotect: number[] }> = {};
  for (const name of Object.keys(cases)) samples[name] = { protect: [], unprotect: [] };
  // Interleave the contenders in every round so that machine noise hits all of them alike.
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, c] of Object.entries(cases)) {
      samples[name]?.protect.push(rate(c.protect, SLICE_MS));
      samples[name]?.unprotect.push(rate(c.unprotect, SLICE_MS));
    }
  }
  return Object.entries(samples).map(([name, s]) => ({
    name,
    protectRounds: s.protect,
    unprotectRounds: s.unprotect,
    protect: median(s.protect),
    unprotect: median(s.unprotect),
  }));
}

function fmt(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')}/s`;
}

/**
 * a / b per round (both measured within the same round, so under similar machine load), as
 * "median [min-max]": on a shared machine this is steadier than the ratio of the medians.
 */
function ratio(a: number[], b: number[]): string {
  const r = a.map((x, i) => x / (b[i] as number));
  return `${median(r).toFixed(2)}x [${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)}]`;
}

console.log(
  `SRTP bench: ${PACKET_SIZE}-octet RTP packets, ${ROUNDS} interleaved rounds of ${SLICE_MS} ms CPU per case, node ${process.version}`,
);
console.log('Rates are medians over rounds; ratios are the median [range] of per-round ratios.');
for (const profile of ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM'] as const) {
  const rows = runProfile(profile);
  const find = (name: string) => rows.find((r) => r.name === name) as Row;
  const [werift, raw] = [find('werift-rtp 0.8.9'), find('raw node:crypto')];
  console.log(`\n${profile}`);
  console.log(`${'contender'.padEnd(24)} ${'protect'.padStart(14)} ${'unprotect'.padStart(14)}`);
  for (const row of rows)
    console.log(`${row.name.padEnd(24)} ${fmt(row.protect).padStart(14)} ${fmt(row.unprotect).padStart(14)}`);
  for (const row of rows.filter((r) => r.name.startsWith('@rtc'))) {
    const label = row.name === '@rtc/srtp' ? '@rtc' : row.name.slice(10);
    console.log(
      `${label} / werift: protect ${ratio(row.protectRounds, werift.protectRounds)}  unprotect ${ratio(row.unprotectRounds, werift.unprotectRounds)}   (target >= 1.5x)`,
    );
    console.log(
      `${label} / raw:    protect ${ratio(row.protectRounds, raw.protectRounds)}  unprotect ${ratio(row.unprotectRounds, raw.unprotectRounds)}   (target >= 0.7x)`,
    );
  }
}
