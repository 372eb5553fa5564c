// Two MediaSessions over tools/netsim with 5% loss each way: the NACK/RTX loop recovers every lost
// video packet (all within the 1024-packet history), frames reassemble, RTCP keeps flowing.
import { Network } from '@rtc-tools/netsim';
import {
  defaultVideoCodecs,
  MediaSession,
  srtpExporterLength,
  srtpSessionFromExporter,
} from '../src/media/index.js';
import { EncodedTrackSource, TrackSink } from '../src/media/nonstandard/index.js';

const PROFILE = 'SRTP_AEAD_AES_128_GCM' as const;

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MediaSession over netsim', () => {
  it.each([2026, 7, 31337])(
    'recovers every lost video packet with NACK/RTX at 5%% loss (seed %i)',
    (seed) => {
      const net = new Network({ seed });
      const hostA = net.addHost('10.0.0.1');
      const hostB = net.addHost('10.0.0.2');
      net.setLink(hostA, hostB, { delay: 25, jitter: 5, loss: 0.05 });
      const material = new Uint8Array(srtpExporterLength(PROFILE)).map((_, i) => (i * 13 + 1) & 0xff);
      const ext = { mid: 1, transportCc: 3, absSendTime: 2 };
      const a = new MediaSession({
        srtp: srtpSessionFromExporter(material, PROFILE, 'client'),
        cname: 'a',
        extensions: ext,
        random: seeded(1),
      });
      const b = new MediaSession({
        srtp: srtpSessionFromExporter(material, PROFILE, 'server'),
        cname: 'b',
        extensions: ext,
        random: seeded(2),
      });
      const video = a.addSendStream({
        kind: 'video',
        ssrc: 0xa1,
        rtxSsrc: 0xa2,
        payloadType: 96,
        rtxPayloadType: 97,
        clockRate: 90000,
        mid: 'v',
      });
      const rv = b.addReceiveStream({ kind: 'video', mid: 'v', codecs: defaultVideoCodecs().slice(0, 2) });
      const source = new EncodedTrackSource({ codec: 'video/VP8', initialTimestamp: 0 });
      source.attach(a, video);
      const sink = new TrackSink({
        codec: 'video/VP8',
        keepPackets: false,
        jitterBuffer: { maxWaitMs: 1000 },
      });

      const addrA = { ip: '10.0.0.1', port: 5000 };
      const addrB = { ip: '10.0.0.2', port: 5000 };
      const received = new Set<number>();
      let retransmissions = 0;
      const flush = (now: number): void => {
        for (let d = a.pollTransmit(); d; d = a.pollTransmit()) sockA.send(addrB, d);
        for (let d = b.pollTransmit(); d; d = b.pollTransmit()) sockB.send(addrA, d);
        for (let e = b.pollEvent(); e; e = b.pollEvent()) {
          if (e.type !== 'rtp') continue;
          received.add(e.packet.sequenceNumber);
          if (e.retransmission) retransmissions++;
          sink.handlePacket(e.packet, now);
        }
        for (let e = a.pollEvent(); e; e = a.pollEvent()) {
          /* keyframe requests and TWCC feedback are not used here */
        }
      };
      const sockA = hostA.bind(5000, (d, now) => {
        a.handlePacket(d.data, now);
        flush(now);
      });
      const sockB = hostB.bind(5000, (d, now) => {
        b.handlePacket(d.data, now);
        flush(now);
      });
      const firstSeq = video.sequenceNumber;
      const FRAMES = 300; // 10 s at 30 fps, ~3 packets per frame
      // A lost last packet cannot be detected by any receiver (RFC 4585 NACK needs a later packet), so
      // the source runs 10 frames longer and the check covers the packets of the first FRAMES frames.
      const TAIL = 10;
      let checked = 0;
      let frameIndex = 0;
      let nextFrameAt: number | undefined = 0;
      net.addTimer({
        nextDeadline: () => nextFrameAt,
        fire: (now) => {
          const size = frameIndex % 60 === 0 ? 6000 : 2600;
          const data = new Uint8Array(size).fill(frameIndex & 0xff);
          data[0] = frameIndex % 60 === 0 ? 0x10 : 0x11;
          source.writeFrame({ data, timestampMs: frameIndex * (1000 / 30) }, now);
          frameIndex++;
          if (frameIndex === FRAMES) checked = source.stats.packetsSent;
          nextFrameAt = frameIndex < FRAMES + TAIL ? now + 1000 / 30 : undefined;
          flush(now);
        },
      });
      for (const s of [a, b])
        net.addTimer({
          nextDeadline: () => s.nextDeadline(),
          fire: (now) => {
            s.handleTimeout(now);
            flush(now);
          },
        });
      net.addTimer({
        nextDeadline: () => sink.nextDeadline(),
        fire: (now) => sink.handleTimeout(now),
      });
      net.runUntil(() => frameIndex >= FRAMES + TAIL, { maxTime: 20_000 });
      net.run(3000); // let the last retransmissions land
      const total = (video.sequenceNumber - firstSeq) & 0xffff;
      expect(total).toBe(source.stats.packetsSent);
      const lost = net.linkStats(hostA, hostB).dropped.loss ?? 0;
      expect(lost).toBeGreaterThan(20);
      const missing: number[] = [];
      expect(checked).toBeGreaterThan(850);
      for (let i = 0; i < checked; i++) if (!received.has((firstSeq + i) & 0xffff)) missing.push(i);
      expect(missing).toEqual([]);
      expect(video.history!.stats.missing).toBe(0);
      expect(retransmissions).toBeGreaterThan(0);
      expect(rv.nack!.stats.recovered).toBeGreaterThan(0);
      const frames: number[] = [];
      for (let f = sink.pollFrame(); f; f = sink.pollFrame()) frames.push(f.data.length);
      expect(frames.length).toBeGreaterThanOrEqual(FRAMES);
      // RTCP flowed both ways: b saw sender reports, a saw receiver reports with an RTT near 50 ms
      expect(rv.remoteSenderReport?.reportsReceived).toBeGreaterThan(3);
      expect(video.remoteReport?.roundTripTimeMs).toBeGreaterThan(35);
      expect(video.remoteReport?.roundTripTimeMs).toBeLessThan(120);
      expect(b.stats.srtpDropped).toBe(0);
      // Idle after the source stopped: only the RTCP timer remains (about one report per second)
      expect(a.nextDeadline()).toBeDefined();
    },
  );
});
