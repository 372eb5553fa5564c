import { readFileSync } from 'node:fs';
import {
  Av1Depacketizer,
  Av1Packetizer,
  H264Depacketizer,
  H264Packetizer,
  IvfReader,
  isVp9KeyframeBitstream,
  JitterBuffer,
  type RtpDepacketizer,
  type RtpPacket,
  type RtpPacketizer,
  splitAnnexB,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
} from '../src/index.js';

// Real encoder output (see test/fixtures/sources.md): 3 frames with a key frame every 2 (key, delta, key).
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

function ivfFrames(name: string): Uint8Array[] {
  const r = new IvfReader(fixture(name));
  const out: Uint8Array[] = [];
  for (let f = r.readFrame(); f; f = r.readFrame()) out.push(f.data);
  return out;
}

/** Packetize every frame, run the packets through a jitter buffer and return the frames it emits. */
function roundTrip(frames: Uint8Array[], pk: RtpPacketizer, dp: RtpDepacketizer, mtu: number) {
  const jb = new JitterBuffer({ depacketizer: dp });
  let seq = 65000;
  const packets: RtpPacket[] = [];
  frames.forEach((f, i) => {
    const payloads = pk.packetize(f, mtu);
    payloads.forEach((payload, j) => {
      packets.push({
        marker: j === payloads.length - 1,
        payloadType: 96,
        sequenceNumber: seq++ & 0xffff,
        timestamp: i * 9000,
        ssrc: 1,
        csrcs: [],
        extension: undefined,
        payload,
        paddingLength: 0,
      });
    });
  });
  // deliver with neighbouring pairs swapped
  for (let i = 0; i + 1 < packets.length; i += 2)
    [packets[i], packets[i + 1]] = [packets[i + 1]!, packets[i]!];
  for (const p of packets) jb.handlePacket(p, 0);
  const out = [];
  for (let f = jb.pollFrame(); f; f = jb.pollFrame()) out.push(f);
  return out;
}

test('VP8 (libvpx): key frames detected, frames survive packetization', () => {
  const frames = ivfFrames('testsrc-vp8.ivf');
  const out = roundTrip(frames, new Vp8Packetizer(), new Vp8Depacketizer(), 200);
  expect(out.map((f) => f.data)).toEqual(frames);
  expect(out.map((f) => f.keyframe)).toEqual([true, false, true]);
});

test('VP9 (libvpx-vp9): bitstream key frame detection drives the P bit', () => {
  const frames = ivfFrames('testsrc-vp9.ivf');
  expect(frames.map(isVp9KeyframeBitstream)).toEqual([true, false, true]);
  const out = roundTrip(frames, new Vp9Packetizer(), new Vp9Depacketizer(), 200);
  expect(out.map((f) => f.data)).toEqual(frames);
  expect(out.map((f) => f.keyframe)).toEqual([true, false, true]);
});

test('AV1 (libaom): OBUs survive aggregation and fragmentation; N bit on key frames', () => {
  const frames = ivfFrames('testsrc-av1.ivf');
  const out = roundTrip(frames, new Av1Packetizer(), new Av1Depacketizer(), 120);
  expect(out.length).toBe(3);
  expect(out.map((f) => f.keyframe)).toEqual([true, false, true]);
  // libaom writes a temporal delimiter first and obu_size on every OBU, as the depacketizer does.
  expect(out.map((f) => Buffer.from(f.data).toString('hex'))).toEqual(
    frames.map((f) => Buffer.from(f).toString('hex')),
  );
});

test('H.264 (libx264): access units survive STAP-A/FU-A; IDR access units are key frames', () => {
  const nals = splitAnnexB(fixture('testsrc.h264'));
  // Group NAL units into access units at each AUD (9) or, lacking one, at SPS/first slice.
  const aus: Uint8Array[][] = [];
  for (const n of nals) {
    const t = n[0]! & 0x1f;
    const last = aus[aus.length - 1];
    const lastHasSlice = last?.some((x) => [1, 5].includes(x[0]! & 0x1f));
    if (!last || t === 9 || ((t === 7 || t === 6 || t === 1 || t === 5) && lastHasSlice)) aus.push([n]);
    else last.push(n);
  }
  expect(aus.length).toBe(3);
  const annexB = aus.map((au) => new Uint8Array(au.flatMap((n) => [0, 0, 0, 1, ...n])));
  const out = roundTrip(annexB, new H264Packetizer(), new H264Depacketizer(), 150);
  expect(out.map((f) => f.keyframe)).toEqual([true, false, true]);
  // AUD NAL units are not sent (RFC 6184 allows dropping them); everything else is preserved.
  const noAud = aus.map((au) =>
    au.filter((n) => (n[0]! & 0x1f) !== 9).map((n) => Buffer.from(n).toString('hex')),
  );
  expect(out.map((f) => splitAnnexB(f.data).map((n) => Buffer.from(n).toString('hex')))).toEqual(noAud);
});
