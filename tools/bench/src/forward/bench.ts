/**
 * Media forwarding bench (issue #8, Performance): the CPU one forwarded 1 Mbit/s VP8 stream costs
 * and how many such streams one core sustains, for @rtc and werift 0.24.4 in the same run.
 * Per packet: unprotect SRTP, parse RTP, depacketize VP8 into whole frames, packetize each frame
 * again, serialize, protect with another context, hand to a sink (no sockets on either side).
 *
 *   pnpm --filter @rtc-tools/bench build && node tools/bench/dist/forward/bench.js [--seconds=20] [--rounds=5]
 */
import { decodeRtpPacket, JitterBuffer, Vp8Depacketizer } from '@rtc/rtp';
import { type GcmMode, SrtpSession } from '@rtc/srtp';
import { type Forwarder, rtcForwarder, type Sink } from './ours.js';
import { type ForwardProfile, keysFor, makeStream, type Stream } from './stream.js';
import { weriftForwarder } from './werift.js';

function arg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? fallback : Number(a.slice(name.length + 3));
}
const SECONDS = arg('seconds', 20);
const ROUNDS = arg('rounds', 7);

interface Contender {
  name: string;
  make(sink: Sink): Forwarder;
}

function contenders(profile: ForwardProfile): Contender[] {
  const list: Contender[] = [{ name: '@rtc', make: (sink) => rtcForwarder(profile, sink) }];
  if (profile === 'SRTP_AEAD_AES_128_GCM') {
    for (const gcm of ['table8', 'aead'] as GcmMode[])
      list.push({ name: `@rtc gcm:'${gcm}'`, make: (sink) => rtcForwarder(profile, sink, gcm) });
  }
  list.push({ name: 'werift 0.24.4', make: (sink) => weriftForwarder(profile, sink) });
  return list;
}

/** Forward the whole stream and check that the output decrypts and reassembles to the same frames. */
function verify(profile: ForwardProfile, stream: Stream, c: Contender): void {
  const k = keysFor(profile, 2);
  const reader = new SrtpSession({ profile, keys: { local: k, remote: k } });
  const jitter = new JitterBuffer({ depacketizer: new Vp8Depacketizer() });
  let now = 0;
  const f = c.make((p) => {
    const r = reader.unprotectRtp(p);
    if (!r.ok) throw new Error(`${c.name}: forwarded packet does not unprotect (${r.reason})`);
    jitter.handlePacket(decodeRtpPacket(r.packet), now);
  });
  stream.srtp.forEach((p, i) => {
    now = stream.arrival[i] as number;
    f.forward(p, now);
  });
  const frames: Uint8Array[] = [];
  for (let x = jitter.pollFrame(); x !== undefined; x = jitter.pollFrame()) frames.push(x.data);
  const same =
    f.dropped === 0 &&
    frames.length === stream.frames.length &&
    frames.every((d, i) => Buffer.compare(Buffer.from(d), Buffer.from(stream.frames[i] as Uint8Array)) === 0);
  if (!same) throw new Error(`${c.name}: forwarded frames differ from the source (${frames.length} frames)`);
}

/** CPU seconds to forward the whole stream once, with fresh sessions. */
function timeOnce(stream: Stream, c: Contender): number {
  let count = 0;
  const f = c.make((p) => {
    count += p.length;
  });
  const start = process.cpuUsage();
  for (let i = 0; i < stream.srtp.length; i++)
    f.forward(stream.srtp[i] as Buffer, stream.arrival[i] as number);
  const used = process.cpuUsage(start);
  if (count === 0) throw new Error('nothing forwarded');
  return (used.user + used.system) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

console.log(
  `Forwarding bench: node ${process.version}, ${SECONDS} s of stream per round, median of ${ROUNDS} interleaved rounds`,
);
for (const profile of ['SRTP_AES128_CM_HMAC_SHA1_80', 'SRTP_AEAD_AES_128_GCM'] as const) {
  const stream = makeStream(profile, SECONDS);
  const kbps = (stream.octetsPerSecond * 8) / 1000;
  const pps = stream.srtp.length / SECONDS;
  const list = contenders(profile);
  for (const c of list) verify(profile, stream, c); // also the JIT warm-up
  const samples = new Map<string, number[]>(list.map((c) => [c.name, []]));
  for (let r = 0; r < ROUNDS; r++) for (const c of list) samples.get(c.name)?.push(timeOnce(stream, c));
  console.log(
    `\n${profile}: VP8 ${kbps.toFixed(0)} kbit/s, ${stream.frames.length / SECONDS} fps, key frame every 2 s, ${pps.toFixed(1)} packets/s; output verified frame by frame for every contender`,
  );
  console.log(
    `${'forwarder'.padEnd(18)} ${'CPU ms per stream-s'.padStart(20)} ${'us per packet'.padStart(14)} ${'streams/core'.padStart(13)}`,
  );
  for (const c of list) {
    const cpuPerStreamSecond = median(samples.get(c.name) as number[]) / SECONDS;
    console.log(
      `${c.name.padEnd(18)} ${(cpuPerStreamSecond * 1000).toFixed(2).padStart(20)} ${((cpuPerStreamSecond / pps) * 1e6).toFixed(1).padStart(14)} ${Math.round(
        1 / cpuPerStreamSecond,
      )
        .toString()
        .padStart(13)}`,
    );
  }
  // Ratio per round (the contenders of a round ran back to back, under similar machine load).
  const w = samples.get('werift 0.24.4') as number[];
  for (const c of list) {
    if (c.name === 'werift 0.24.4') continue;
    const r = (samples.get(c.name) as number[]).map((cpu, i) => (w[i] as number) / cpu);
    console.log(
      `${c.name} / werift streams per core: ${median(r).toFixed(2)}x [${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)}] (median [range] of per-round ratios; target >= 2x)`,
    );
  }
}
