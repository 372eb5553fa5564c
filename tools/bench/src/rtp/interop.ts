// Cross-decoding check between @rtc/rtp and werift-rtp 0.8.9: each side decodes what the other encodes.
// Run: pnpm --filter @rtc/rtp build && pnpm --filter @rtc-tools/bench build && node tools/bench/dist/rtp/interop.js
import { createRequire } from 'node:module';
import {
  buildTransportCc,
  decodeRtcp,
  decodeRtpPacket,
  encodeHeaderExtensions,
  encodeRtcp,
  encodeRtpPacket,
  parseHeaderExtensions,
  type RtcpPacket,
  transportCcResults,
} from '@rtc/rtp';

const require = createRequire(import.meta.url);
const w = require('werift-rtp') as typeof import('werift-rtp');

let failures = 0;
function check(name: string, ok: boolean, detail = ''): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed % n;
};

// TWCC: ours -> werift, for several loss/jitter patterns
for (let round = 0; round < 20; round++) {
  const arrivals: (number | undefined)[] = [];
  let t = 10_000_000 + rand(1_000_000);
  arrivals.push(t);
  const count = 1 + rand(400);
  for (let i = 1; i < count; i++) {
    if (rand(10) < round % 5) arrivals.push(undefined);
    else arrivals.push((t += rand(5) === 0 ? 70_000 + rand(30_000) : rand(3000)));
  }
  const fb = buildTransportCc({
    senderSsrc: 1,
    mediaSsrc: 2,
    fbPktCount: round,
    baseSequenceNumber: 65000,
    arrivals,
  });
  const bytes = Buffer.from(encodeRtcp([fb]));
  const [theirs] = w.RtcpPacketConverter.deSerialize(bytes) as [
    InstanceType<typeof w.RtcpTransportLayerFeedback>,
  ];
  const twcc = theirs.feedback as InstanceType<typeof w.TransportWideCC>;
  const ours = transportCcResults(fb);
  // werift's packetResults getter skips status-vector chunks, so expand its parsed chunks here.
  const statuses: number[] = [];
  for (const c of twcc.packetChunks) {
    if (c instanceof w.RunLengthChunk) for (let i = 0; i < c.runLength; i++) statuses.push(c.packetStatus);
    else statuses.push(...(c as InstanceType<typeof w.StatusVectorChunk>).symbolList);
  }
  let same = twcc.referenceTime === fb.referenceTime && twcc.packetStatusCount === ours.length;
  let d = 0;
  let prev = fb.referenceTime * 64_000;
  for (let i = 0; same && i < ours.length; i++) {
    const o = ours[i]!;
    same = (statuses[i] !== 0) === o.received;
    if (same && o.received) {
      same = twcc.recvDeltas[d++]?.delta === o.arrivalTimeUs! - prev;
      prev = o.arrivalTimeUs!;
    }
  }
  check(`twcc @rtc -> werift (${count} packets, round ${round})`, same);
  // werift re-serializes what it parsed; we must decode the same statuses and deltas
  const back = decodeRtcp(new Uint8Array(twcc.serialize()))[0]!;
  const backResults = back.type === 'twcc' ? transportCcResults(back) : [];
  check(
    `twcc werift re-serialized -> @rtc (round ${round})`,
    JSON.stringify(backResults) === JSON.stringify(ours),
  );
}

// NACK, PLI, FIR, REMB, SR, RR, SDES: ours -> werift -> ours
const packets: RtcpPacket[] = [
  { type: 'nack', senderSsrc: 1, mediaSsrc: 2, lost: [65530, 65531, 65535, 0, 3, 200, 201, 500] },
  { type: 'pli', senderSsrc: 3, mediaSsrc: 4 },
  { type: 'remb', senderSsrc: 1, mediaSsrc: 0, bitrate: 2_500_000, ssrcs: [0x1111, 0x2222] },
  {
    type: 'sr',
    ssrc: 5,
    ntpTimestamp: 0xe5f1_2345_6789_abcdn,
    rtpTimestamp: 123456,
    packetCount: 10,
    octetCount: 10000,
    reports: [
      { ssrc: 6, fractionLost: 12, packetsLost: 40, highestSequence: 70000, jitter: 33, lsr: 1, dlsr: 2 },
    ],
  },
  {
    type: 'rr',
    ssrc: 7,
    reports: [{ ssrc: 8, fractionLost: 0, packetsLost: 0, highestSequence: 5, jitter: 0, lsr: 0, dlsr: 0 }],
  },
  { type: 'sdes', chunks: [{ ssrc: 7, items: [{ type: 1, value: 'user@example' }] }] },
];
for (const p of packets) {
  const bytes = Buffer.from(encodeRtcp([p]));
  try {
    const theirs = w.RtcpPacketConverter.deSerialize(bytes);
    const reserialized = Buffer.concat(theirs.map((x) => x.serialize()));
    const again = decodeRtcp(new Uint8Array(reserialized));
    check(`${p.type} @rtc -> werift -> @rtc`, JSON.stringify(again, big) === JSON.stringify([p], big));
    check(
      `${p.type} werift re-serializes our bytes identically`,
      reserialized.equals(bytes),
      reserialized.toString('hex'),
    );
  } catch (e) {
    check(`${p.type} @rtc -> werift`, false, String(e));
  }
}

// FIR: werift 0.8.9 decodes ours, but its serializer writes a length field one word short
// (84ce0003... for a 20-byte packet), which @rtc/rtp rejects as a malformed compound packet.
{
  const fir: RtcpPacket = {
    type: 'fir',
    senderSsrc: 3,
    mediaSsrc: 0,
    entries: [{ ssrc: 9, sequenceNumber: 5 }],
  };
  const [theirs] = w.RtcpPacketConverter.deSerialize(Buffer.from(encodeRtcp([fir]))) as [
    InstanceType<typeof w.RtcpPayloadSpecificFeedback>,
  ];
  const f = theirs.feedback as { fir: { ssrc: number; sequenceNumber: number }[] };
  check('fir @rtc -> werift', f.fir.length === 1 && f.fir[0]!.ssrc === 9 && f.fir[0]!.sequenceNumber === 5);
  const bytes = theirs.serialize();
  let rejected = false;
  try {
    decodeRtcp(new Uint8Array(bytes));
  } catch {
    rejected = true;
  }
  console.log(
    `note werift FIR serialize -> ${bytes.toString('hex')} (length field ${bytes.readUInt16BE(2)}; @rtc ${rejected ? 'rejects it' : 'accepts it'})`,
  );
}

// werift NACK encoder -> ours
{
  const nack = new w.GenericNack({ senderSsrc: 1, mediaSourceSsrc: 2, lost: [10, 11, 12, 40, 41, 100] });
  const fb = new w.RtcpTransportLayerFeedback({ feedback: nack });
  const [ours] = decodeRtcp(new Uint8Array(fb.serialize()));
  check('nack werift -> @rtc', ours?.type === 'nack' && ours.lost.join() === '10,11,12,40,41,100');
}

// RTP with one-byte and two-byte extensions: ours -> werift and back
for (const form of ['one-byte', 'two-byte'] as const) {
  const extension = encodeHeaderExtensions(
    [
      { id: 1, data: Uint8Array.of(0x30) },
      { id: 3, data: Uint8Array.of(0x12, 0x34) },
    ],
    form,
  );
  const bytes = encodeRtpPacket({
    marker: true,
    payloadType: 96,
    sequenceNumber: 9,
    timestamp: 900,
    ssrc: 0xabcdef,
    csrcs: [1, 2],
    extension,
    payload: Uint8Array.of(1, 2, 3),
    paddingLength: 0,
  });
  const theirs = w.RtpPacket.deSerialize(Buffer.from(bytes));
  const ext = theirs.header.extensions.map((e) => `${e.id}:${e.payload.toString('hex')}`).join();
  check(
    `rtp ${form} extensions @rtc -> werift`,
    ext === '1:30,3:1234' && theirs.payload.toString('hex') === '010203',
    ext,
  );
  const again = decodeRtpPacket(new Uint8Array(theirs.serialize()));
  const els = parseHeaderExtensions(again.extension!).map(
    (e) => `${e.id}:${Buffer.from(e.data).toString('hex')}`,
  );
  check(`rtp ${form} werift -> @rtc`, els.join() === '1:30,3:1234' && again.csrcs.join() === '1,2');
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v;
}

console.log(failures === 0 ? '\nall interop checks passed' : `\n${failures} interop checks failed`);
process.exitCode = failures === 0 ? 0 : 1;
