// RTP header parse + serialize: @rtc/rtp vs werift-rtp 0.8.9, same packets, one run, ratios printed.
// Run: pnpm --filter @rtc/rtp build && pnpm --filter @rtc-tools/bench build && node tools/bench/dist/rtp/header.js
import { createRequire } from 'node:module';
import {
  decodeRtpPacket,
  encodeHeaderExtensions,
  encodeRtpPacket,
  parseHeaderExtensions,
  type RtpPacket,
  rtpPacketSize,
  writeRtpPacket,
} from '@rtc/rtp';

const require = createRequire(import.meta.url);
const werift = require('werift-rtp') as typeof import('werift-rtp');

/** A Chrome-like video packet: one-byte extensions (mid, abs-send-time, transport-cc), 1200-byte payload. */
function samplePacket(payloadSize: number, seq: number): Uint8Array {
  const extension = encodeHeaderExtensions([
    { id: 1, data: Uint8Array.of(0x30) },
    { id: 2, data: Uint8Array.of(0x12, 0x34, 0x56) },
    { id: 3, data: Uint8Array.of(seq >> 8, seq & 0xff) },
  ]);
  const packet: RtpPacket = {
    marker: (seq & 7) === 0,
    payloadType: 96,
    sequenceNumber: seq & 0xffff,
    timestamp: (seq * 3000) >>> 0,
    ssrc: 0x12345678,
    csrcs: [],
    extension,
    payload: new Uint8Array(payloadSize).fill(seq & 0xff),
    paddingLength: 0,
  };
  return encodeRtpPacket(packet);
}

interface Impl {
  name: string;
  fn: (i: number) => void;
}

/**
 * Times both implementations in alternating rounds (A B A B ...) so that GC pressure left by one
 * does not land on the other only; reports the median rate of each and their ratio.
 */
function compare(title: string, iterations: number, rtc: Impl, werift: Impl): number {
  const rates = new Map<Impl, number[]>([
    [rtc, []],
    [werift, []],
  ]);
  for (const impl of [rtc, werift]) for (let i = 0; i < Math.min(iterations, 20_000); i++) impl.fn(i); // JIT warm-up
  for (let r = 0; r < 7; r++) {
    for (const impl of r % 2 ? [werift, rtc] : [rtc, werift]) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) impl.fn(i);
      rates.get(impl)!.push((iterations / Number(process.hrtime.bigint() - t0)) * 1e9);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const a = median(rates.get(rtc)!);
  const b = median(rates.get(werift)!);
  console.log(`\n${title}`);
  console.log(`  ${rtc.name.padEnd(52)} ${(a / 1e6).toFixed(2).padStart(7)} M ops/s`);
  console.log(`  ${werift.name.padEnd(52)} ${(b / 1e6).toFixed(2).padStart(7)} M ops/s`);
  console.log(`  ratio @rtc/rtp / werift-rtp: ${(a / b).toFixed(2)}x`);
  return a / b;
}

function main(): void {
  const N = Number(process.env.BENCH_ITERATIONS ?? 200_000);
  const packets = Array.from({ length: 256 }, (_, i) => Buffer.from(samplePacket(1200, i)));
  const mask = packets.length - 1;
  let sink = 0;
  console.log(
    `RTP header parse + serialize, ${packets[0]!.length}-byte packets with 3 one-byte extensions, ${N} ops/round`,
  );

  const ratios: [string, number][] = [];
  // Parse: werift parses the header and its extension elements eagerly; so does the first variant here.
  const wParse: Impl = {
    name: 'werift-rtp RtpPacket.deSerialize',
    fn: (i) => {
      sink += werift.RtpPacket.deSerialize(packets[i & mask]!).header.sequenceNumber;
    },
  };
  ratios.push([
    'parse (extensions parsed eagerly by both)',
    compare(
      'Parse, extension elements parsed',
      N,
      {
        name: '@rtc/rtp decodeRtpPacket + parseHeaderExtensions',
        fn: (i) => {
          const p = decodeRtpPacket(packets[i & mask]!);
          sink += p.sequenceNumber + parseHeaderExtensions(p.extension!).length;
        },
      },
      wParse,
    ),
  ]);
  ratios.push([
    'parse (@rtc extensions lazy, zero-copy)',
    compare(
      'Parse, @rtc/rtp leaves extensions lazy',
      N,
      {
        name: '@rtc/rtp decodeRtpPacket',
        fn: (i) => {
          sink += decodeRtpPacket(packets[i & mask]!).sequenceNumber;
        },
      },
      wParse,
    ),
  ]);

  // Serialize: werift serializes a parsed packet into a new Buffer.
  const wParsed = packets.map((p) => werift.RtpPacket.deSerialize(p));
  const rParsed = packets.map((p) => decodeRtpPacket(p));
  const wSer: Impl = {
    name: 'werift-rtp RtpPacket.serialize (new Buffer)',
    fn: (i) => {
      sink += wParsed[i & mask]!.serialize().length;
    },
  };
  ratios.push([
    'serialize (both allocate)',
    compare(
      'Serialize into a new buffer',
      N,
      {
        name: '@rtc/rtp encodeRtpPacket (new Uint8Array)',
        fn: (i) => {
          sink += encodeRtpPacket(rParsed[i & mask]!).length;
        },
      },
      wSer,
    ),
  ]);
  const out = new Uint8Array(1500);
  ratios.push([
    "serialize (@rtc into caller's buffer)",
    compare(
      "Serialize, @rtc/rtp into the caller's buffer",
      N,
      {
        name: '@rtc/rtp writeRtpPacket',
        fn: (i) => {
          sink += writeRtpPacket(rParsed[i & mask]!, out, 0);
        },
      },
      wSer,
    ),
  ]);

  // The target, combined: parse then serialize into a new buffer, both allocating.
  ratios.push([
    'parse + serialize (both allocate)',
    compare(
      'Parse + serialize into a new buffer',
      N,
      {
        name: '@rtc/rtp decodeRtpPacket + encodeRtpPacket',
        fn: (i) => {
          sink += encodeRtpPacket(decodeRtpPacket(packets[i & mask]!)).length;
        },
      },
      {
        name: 'werift-rtp deSerialize + serialize',
        fn: (i) => {
          sink += werift.RtpPacket.deSerialize(packets[i & mask]!).serialize().length;
        },
      },
    ),
  ]);

  // Forwarding: parse, rewrite the SSRC, serialize (what an SFU does per packet).
  ratios.push([
    'parse + rewrite SSRC + serialize',
    compare(
      'Forward: parse + rewrite SSRC + serialize',
      N,
      {
        name: '@rtc/rtp decode + writeRtpPacket',
        fn: (i) => {
          const p = decodeRtpPacket(packets[i & mask]!);
          p.ssrc = 0xabcdef01;
          if (rtpPacketSize(p) <= out.length) sink += writeRtpPacket(p, out, 0);
        },
      },
      {
        name: 'werift-rtp deSerialize + serialize',
        fn: (i) => {
          const p = werift.RtpPacket.deSerialize(packets[i & mask]!);
          p.header.ssrc = 0xabcdef01;
          sink += p.serialize().length;
        },
      },
    ),
  ]);

  console.log('\nSummary (@rtc/rtp / werift-rtp, higher is better; target >= 2x):');
  for (const [name, r] of ratios) console.log(`  ${name.padEnd(42)} ${r.toFixed(2)}x`);
  if (sink === 42) console.log('');
}

main();
