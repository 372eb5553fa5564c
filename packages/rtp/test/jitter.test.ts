import {
  decodeRtpPacket,
  G711Depacketizer,
  H264Depacketizer,
  H264Packetizer,
  JitterBuffer,
  NackGenerator,
  PacketHistory,
  type RtpPacket,
  unwrapRtx,
  Vp8Depacketizer,
  Vp8Packetizer,
} from '../src/index.js';

const SSRC = 0x1234;

/** Packetizes frames into RTP packets with consecutive sequence numbers starting at `seq0`. */
function vp8Stream(frames: Uint8Array[], seq0: number): RtpPacket[] {
  const pk = new Vp8Packetizer();
  const out: RtpPacket[] = [];
  let seq = seq0;
  frames.forEach((f, i) => {
    const payloads = pk.packetize(f, 100);
    payloads.forEach((payload, j) => {
      out.push({
        marker: j === payloads.length - 1,
        payloadType: 96,
        sequenceNumber: seq++ & 0xffff,
        timestamp: (i * 3000) >>> 0,
        ssrc: SSRC,
        csrcs: [],
        extension: undefined,
        payload,
        paddingLength: 0,
      });
    });
  });
  return out;
}

function frame(n: number, key: boolean, fill: number): Uint8Array {
  const f = new Uint8Array(n).fill(fill);
  f[0] = key ? 0x10 : 0x11;
  return f;
}

function drain(jb: JitterBuffer) {
  const frames = [];
  for (let f = jb.pollFrame(); f; f = jb.pollFrame()) frames.push(f);
  return frames;
}

describe('JitterBuffer', () => {
  const frames = [frame(250, true, 1), frame(150, false, 2), frame(180, false, 3), frame(90, false, 4)];

  test('in-order and reordered packets give the same frames, across the sequence wrap', () => {
    const packets = vp8Stream(frames, 65530);
    const shuffled = [...packets];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = (i * 7) % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (const order of [packets, shuffled]) {
      const jb = new JitterBuffer({ depacketizer: new Vp8Depacketizer() });
      order.forEach((p, i) => {
        jb.handlePacket(p, i);
      });
      const out = drain(jb);
      expect(out.map((f) => f.data)).toEqual(frames);
      expect(out[0]!.keyframe).toBe(true);
      expect(out.map((f) => f.afterGap)).toEqual([false, false, false, false]);
      expect(jb.size).toBe(0);
      expect(jb.nextDeadline()).toBeUndefined();
    }
  });

  test('a lost packet stalls its frame until maxWaitMs, then it is skipped; late and duplicate packets are dropped', () => {
    const packets = vp8Stream(frames, 100);
    const lostIndex = packets.findIndex((p) => p.timestamp === 3000); // first packet of frame 2
    const jb = new JitterBuffer({
      depacketizer: new Vp8Depacketizer(),
      maxWaitMs: 50,
      waitForKeyframe: false,
    });
    packets.forEach((p, i) => {
      if (i !== lostIndex) jb.handlePacket(p, 10);
    });
    expect(drain(jb).map((f) => f.data)).toEqual([frames[0]]);
    expect(jb.nextDeadline()).toBe(60);
    jb.handleTimeout(59);
    expect(drain(jb)).toEqual([]);
    jb.handleTimeout(60);
    const rest = drain(jb);
    expect(rest.map((f) => f.data)).toEqual([frames[2], frames[3]]);
    expect(rest[0]!.afterGap).toBe(true);
    expect(jb.stats.framesDropped).toBe(1);
    jb.handlePacket(packets[lostIndex]!, 70);
    jb.handlePacket(packets[0]!, 70);
    expect(jb.stats.late).toBe(2);
    expect(drain(jb)).toEqual([]);
  });

  test('a retransmission arriving in time completes the frame', () => {
    const packets = vp8Stream(frames, 0);
    const jb = new JitterBuffer({ depacketizer: new Vp8Depacketizer(), maxWaitMs: 50 });
    packets.forEach((p, i) => {
      if (i !== 1) jb.handlePacket(p, 0);
    });
    jb.handlePacket(packets[2]!, 1);
    expect(jb.stats.duplicates).toBe(1);
    expect(drain(jb)).toEqual([]);
    jb.handlePacket(packets[1]!, 30);
    expect(drain(jb).map((f) => f.data)).toEqual(frames);
  });

  test('with waitForKeyframe, delta frames after a loss are dropped until a key frame', () => {
    const withKey = [...frames, frame(120, true, 5), frame(60, false, 6)];
    const packets = vp8Stream(withKey, 0);
    const lost = packets.findIndex((p) => p.timestamp === 3000);
    const jb = new JitterBuffer({ depacketizer: new Vp8Depacketizer(), maxWaitMs: 10 });
    packets.forEach((p) => {
      if (p !== packets[lost]) jb.handlePacket(p, 0);
    });
    jb.handleTimeout(100);
    const out = drain(jb);
    expect(out.map((f) => f.data[1])).toEqual([1, 5, 6]);
    expect(out[1]!.keyframe).toBe(true);
    expect(out[1]!.afterGap).toBe(true);
  });

  test('starting mid-stream without a key frame emits nothing until one arrives', () => {
    const packets = vp8Stream([frame(50, false, 1), frame(50, true, 2)], 0);
    const jb = new JitterBuffer({ depacketizer: new Vp8Depacketizer() });
    for (const p of packets) jb.handlePacket(p, 0);
    expect(drain(jb).map((f) => f.data[1])).toEqual([2]);
  });

  test('bounded: never holds more than maxPackets', () => {
    const jb = new JitterBuffer({
      depacketizer: new G711Depacketizer(),
      maxPackets: 16,
      waitForKeyframe: false,
    });
    for (let i = 0; i < 200; i++) {
      if (i % 10 === 0) continue; // holes that never fill
      jb.handlePacket(
        {
          marker: false,
          payloadType: 0,
          sequenceNumber: i,
          timestamp: i * 160,
          ssrc: 1,
          csrcs: [],
          extension: undefined,
          payload: new Uint8Array(160),
          paddingLength: 0,
        },
        0,
      );
      expect(jb.size).toBeLessThanOrEqual(16);
    }
    expect(jb.stats.framesEmitted).toBeGreaterThan(100);
  });

  test('H.264: STAP-A with SPS starts the stream; frames end on the marker', () => {
    const pk = new H264Packetizer();
    const au1 = new Uint8Array([
      0,
      0,
      0,
      1,
      0x67,
      1,
      2,
      0,
      0,
      0,
      1,
      0x68,
      3,
      0,
      0,
      0,
      1,
      0x65,
      ...new Uint8Array(300).fill(9),
    ]);
    const au2 = new Uint8Array([0, 0, 0, 1, 0x41, ...new Uint8Array(250).fill(7)]);
    const packets: RtpPacket[] = [];
    let seq = 500;
    [au1, au2].forEach((au, i) => {
      const payloads = pk.packetize(au, 120);
      payloads.forEach((payload, j) => {
        packets.push({
          marker: j === payloads.length - 1,
          payloadType: 102,
          sequenceNumber: seq++,
          timestamp: i * 3000,
          ssrc: 1,
          csrcs: [],
          extension: undefined,
          payload,
          paddingLength: 0,
        });
      });
    });
    const jb = new JitterBuffer({ depacketizer: new H264Depacketizer() });
    for (const p of [...packets].reverse()) jb.handlePacket(p, 0);
    const out = drain(jb);
    expect(out.map((f) => f.data)).toEqual([au1, au2]);
    expect(out.map((f) => f.keyframe)).toEqual([true, false]);
  });
});

describe('NackGenerator', () => {
  test('requests gaps, retries after the RTT, gives up after maxRetries', () => {
    const ng = new NackGenerator({ rttMs: 50, maxRetries: 2, maxAgeMs: 10_000 });
    ng.handlePacket(65534, 0);
    ng.handlePacket(2, 0); // 65535, 0, 1 missing across the wrap
    expect(ng.nextDeadline()).toBe(0);
    ng.handleTimeout(0);
    expect(ng.pollNack()).toEqual([65535, 0, 1]);
    expect(ng.pollNack()).toBeUndefined();
    expect(ng.nextDeadline()).toBe(50);
    ng.handlePacket(0, 20); // recovered
    ng.handleTimeout(49);
    expect(ng.pollNack()).toBeUndefined();
    ng.handleTimeout(50);
    expect(ng.pollNack()).toEqual([65535, 1]);
    ng.handleTimeout(100);
    expect(ng.pollNack()).toBeUndefined();
    expect(ng.stats).toEqual({ requested: 5, recovered: 1, givenUp: 2 });
    expect(ng.missingCount).toBe(0);
    expect(ng.nextDeadline()).toBeUndefined();
  });

  test('gives up on old packets and bounds the tracked set', () => {
    const ng = new NackGenerator({ maxTracked: 10, maxAgeMs: 100 });
    ng.handlePacket(0, 0);
    ng.handlePacket(1000, 0);
    expect(ng.missingCount).toBe(10);
    ng.handleTimeout(0);
    expect(ng.pollNack()).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
    ng.handleTimeout(101);
    expect(ng.missingCount).toBe(0);
    expect(ng.stats.givenUp).toBe(999);
  });
});

describe('PacketHistory', () => {
  const packet = (seq: number): RtpPacket => ({
    marker: false,
    payloadType: 96,
    sequenceNumber: seq,
    timestamp: 1,
    ssrc: 0xaaaa,
    csrcs: [],
    extension: undefined,
    payload: Uint8Array.of(seq & 0xff, 1, 2),
    paddingLength: 0,
  });

  test('answers a NACK with RTX packets that unwrap to the originals', () => {
    const h = new PacketHistory({
      capacity: 8,
      rtx: { payloadType: 97, ssrc: 0xbbbb, initialSequenceNumber: 65535 },
    });
    for (let s = 0; s < 12; s++) h.store(packet(s), s);
    h.handleNack([10, 11, 2], 20);
    const a = decodeRtpPacket(h.pollTransmit()!);
    const b = decodeRtpPacket(h.pollTransmit()!);
    expect(h.pollTransmit()).toBeUndefined();
    expect([a.sequenceNumber, b.sequenceNumber]).toEqual([65535, 0]);
    expect(a.ssrc).toBe(0xbbbb);
    expect(unwrapRtx(a, 96, 0xaaaa)).toEqual({ ...packet(10), payload: Uint8Array.of(10, 1, 2) });
    expect(h.stats.missing).toBe(1); // 2 was overwritten in the ring
    h.handleNack([10], 25); // throttled
    expect(h.stats.throttled).toBe(1);
    h.handleNack([10], 2000); // too old
    expect(h.stats.missing).toBe(2);
  });

  test('without RTX the original packet is resent', () => {
    const h = new PacketHistory();
    h.store(packet(5), 0);
    h.handleNack([5], 1);
    expect(decodeRtpPacket(h.pollTransmit()!).sequenceNumber).toBe(5);
  });
});

test('H.264: a key frame opened by an AUD packet is still recognised', () => {
  const aud = Uint8Array.of(0x09, 0xf0);
  const stap = Uint8Array.of(0x78, 0, 2, 0x67, 1, 0, 2, 0x68, 2);
  const idr = Uint8Array.of(0x65, 9, 9, 9);
  const slice = Uint8Array.of(0x41, 7);
  const mk = (seq: number, ts: number, marker: boolean, payload: Uint8Array): RtpPacket => ({
    marker,
    payloadType: 102,
    sequenceNumber: seq,
    timestamp: ts,
    ssrc: 1,
    csrcs: [],
    extension: undefined,
    payload,
    paddingLength: 0,
  });
  const packets = [
    mk(10, 0, false, aud),
    mk(11, 0, false, stap),
    mk(12, 0, true, idr),
    mk(13, 3000, false, aud),
    mk(14, 3000, true, slice),
  ];
  const jb = new JitterBuffer({ depacketizer: new H264Depacketizer() });
  for (const p of packets) jb.handlePacket(p, 0);
  const out = drain(jb);
  expect(out.map((f) => f.keyframe)).toEqual([true, false]);
  expect(out[0]!.packetCount).toBe(3);
  // Reversed at stream start, the buffer commits at the SPS packet and the late AUD is dropped.
  const rev = new JitterBuffer({ depacketizer: new H264Depacketizer() });
  for (const p of [...packets].reverse()) rev.handlePacket(p, 0);
  expect(drain(rev).map((f) => [f.keyframe, f.packetCount])).toEqual([
    [true, 2],
    [false, 2],
  ]);
});
