// Two associations over tools/netsim (deterministic simulated UDP): lossy, reordering, duplicating,
// jittery links with an MTU of 1200, driven by the network's virtual clock.
import { Network } from '@rtc-tools/netsim';
import { Association, type AssociationEvent, type AssociationOptions } from '../src/index.js';
import { makeMessages } from './bulk.js';

function setup(
  seed: number,
  link: Parameters<Network['setLink']>[2],
  opts: Partial<AssociationOptions> = {},
) {
  const net = new Network({ seed });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { mtu: 1200, ...link });
  const a = new Association({ role: 'client', ...opts });
  const b = new Association({ role: 'server', ...opts });
  const eventsA: AssociationEvent[] = [];
  const eventsB: AssociationEvent[] = [];
  const onA: ((e: AssociationEvent) => void)[] = [];
  const onB: ((e: AssociationEvent) => void)[] = [];
  const sa = ha.bind(5000, (d, now) => {
    a.handlePacket(d.data, now);
    flush();
  });
  const sb = hb.bind(5000, (d, now) => {
    b.handlePacket(d.data, now);
    flush();
  });
  function flush() {
    for (let moved = true; moved; ) {
      moved = false;
      for (let e = a.pollEvent(); e; e = a.pollEvent()) {
        moved = true;
        eventsA.push(e);
        for (const f of onA) f(e);
      }
      for (let e = b.pollEvent(); e; e = b.pollEvent()) {
        moved = true;
        eventsB.push(e);
        for (const f of onB) f(e);
      }
      for (let p = a.pollTransmit(); p; p = a.pollTransmit()) {
        moved = true;
        sa.send({ ip: '10.0.0.2', port: 5000 }, p);
      }
      for (let p = b.pollTransmit(); p; p = b.pollTransmit()) {
        moved = true;
        sb.send({ ip: '10.0.0.1', port: 5000 }, p);
      }
    }
  }
  net.addTimer({
    nextDeadline: () => a.nextDeadline(),
    fire: (now) => {
      a.handleTimeout(now);
      flush();
    },
  });
  net.addTimer({
    nextDeadline: () => b.nextDeadline(),
    fire: (now) => {
      b.handleTimeout(now);
      flush();
    },
  });
  a.connect(net.now);
  b.connect(net.now);
  flush();
  const r = net.runUntil(() => a.state === 'established' && b.state === 'established', { maxTime: 60_000 });
  if (!r.done) throw new Error('no association');
  return { net, a, b, eventsA, eventsB, onA, onB, flush };
}

describe('over netsim', () => {
  for (const [loss, seed] of [
    [0.02, 31],
    [0.1, 32],
  ] as const) {
    it(`16 MiB reliable ordered at ${loss * 100}% loss, jitter, reordering, duplication`, () => {
      const s = setup(seed, { delay: 15, jitter: 5, loss, reorder: 0.03, duplicate: 0.01 });
      const id = s.a.createChannel({ label: 'bulk' }, s.net.now);
      const msgs = makeMessages(16 * 1024 * 1024, seed);
      let next = 0;
      const got: Uint8Array[] = [];
      s.onB.push((e) => e.type === 'message' && got.push(e.data));
      const pump = () => {
        while (next < msgs.length && s.a.bufferedAmount(id) < 2 * 1024 * 1024)
          s.a.send(id, msgs[next++]!, true, s.net.now);
      };
      s.a.setBufferedAmountLowThreshold(id, 1024 * 1024);
      s.onA.push((e) => e.type === 'buffered-amount-low' && pump());
      pump();
      s.flush();
      const r = s.net.runUntil(() => got.length === msgs.length, {
        maxTime: 3_600_000,
        maxEvents: 50_000_000,
      });
      expect(r.done).toBe(true);
      for (let i = 0; i < msgs.length; i++)
        if (Buffer.compare(msgs[i]!, got[i]!) !== 0) throw new Error(`message ${i} differs`);
      expect(s.a.stats.retransmissions).toBeGreaterThan(0);
    }, 60_000);
  }

  it('2% random loss at 25 ms RTT: Fast Retransmit repairs the losses and Reno reaches its ceiling', () => {
    // Virtual time, fixed seed: deterministic. Reno's ceiling here is about MSS/RTT * 1.22/sqrt(p)
    // = 1179 B / 25 ms * 8.6 = 410 KB/s (measured 410-428 KB/s over seeds 41-43).
    const s = setup(41, { delay: 12.5, loss: 0.02 });
    const id = s.a.createChannel({ label: 'bulk' }, s.net.now);
    const total = 8 * 1024 * 1024;
    const chunk = new Uint8Array(16 * 1024);
    let sent = 0;
    let got = 0;
    s.onB.push((e) => {
      if (e.type === 'message') got += e.data.length;
    });
    const pump = () => {
      while (sent < total && s.a.bufferedAmount(id) < 2 * 1024 * 1024) {
        s.a.send(id, chunk, true, s.net.now);
        sent += chunk.length;
      }
    };
    s.a.setBufferedAmountLowThreshold(id, 1024 * 1024);
    s.onA.push((e) => e.type === 'buffered-amount-low' && pump());
    pump();
    s.flush();
    const t0 = s.net.now;
    const r = s.net.runUntil(() => got === total, { maxTime: 3_600_000, maxEvents: 50_000_000 });
    expect(r.done).toBe(true);
    const kbps = total / (s.net.now - t0);
    const st = s.a.stats;
    expect(kbps).toBeGreaterThan(380);
    // Nearly every loss is repaired by Fast Retransmit, not by the retransmission timer.
    expect(st.fastRetransmits).toBeGreaterThan(100);
    expect(st.t3Expirations).toBeLessThan(st.fastRetransmits / 20);
  }, 60_000);

  it('unordered and maxRetransmits-0 channels share a lossy path with a reliable one', () => {
    const s = setup(33, { delay: 20, jitter: 10, loss: 0.1, reorder: 0.05 });
    const rel = s.a.createChannel({ label: 'rel', ordered: false }, s.net.now);
    const lossy = s.a.createChannel({ label: 'lossy', ordered: false, maxRetransmits: 0 }, s.net.now);
    for (let i = 0; i < 300; i++) {
      s.a.send(rel, new Uint8Array([i & 0xff, i >> 8]), true, s.net.now);
      s.a.send(lossy, new Uint8Array([i & 0xff, i >> 8]), true, s.net.now);
    }
    s.flush();
    s.net.runUntil(
      () => s.eventsB.filter((e) => e.type === 'message' && e.channelId === rel).length === 300,
      { maxTime: 120_000 },
    );
    s.net.run(10_000);
    const count = (id: number) => s.eventsB.filter((e) => e.type === 'message' && e.channelId === id).length;
    expect(count(rel)).toBe(300);
    expect(count(lossy)).toBeLessThan(300);
    expect(count(lossy)).toBeGreaterThan(200);
    expect(s.a.stats.flightSize).toBe(0);
  });

  it('zero checksum (RFC 9653) is used only when both sides offer it', () => {
    const both = setup(34, { delay: 5 }, { zeroChecksum: true });
    const zeros: boolean[] = [];
    both.net.addFilter((d) => {
      zeros.push(d.data[8] === 0 && d.data[9] === 0 && d.data[10] === 0 && d.data[11] === 0);
      return 'pass';
    });
    const id = both.a.createChannel({}, both.net.now);
    both.a.send(id, new Uint8Array(3000), true, both.net.now);
    both.flush();
    both.net.runUntil(() => both.eventsB.some((e) => e.type === 'message'));
    expect(zeros.length).toBeGreaterThan(0);
    expect(zeros.every(Boolean)).toBe(true);

    // Only one side offers: every packet carries a CRC32C.
    const a = new Association({ role: 'client', zeroChecksum: true });
    const b = new Association({ role: 'server' });
    a.connect(0);
    b.connect(0);
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (let p = a.pollTransmit(); p; p = a.pollTransmit()) {
        seen.push(p[8]! | p[9]! | p[10]! | p[11]!);
        b.handlePacket(p, i);
      }
      for (let p = b.pollTransmit(); p; p = b.pollTransmit()) {
        seen.push(p[8]! | p[9]! | p[10]! | p[11]!);
        a.handlePacket(p, i);
      }
    }
    expect(a.state).toBe('established');
    expect(seen.every((x) => x !== 0)).toBe(true);
  });
});
