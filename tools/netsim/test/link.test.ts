import { Network } from '../src/index.js';
import { recordTrace, stream } from './helpers.js';

function pair(seed = 7) {
  const net = new Network({ seed });
  const a = net.addHost('10.0.0.1');
  const b = net.addHost('10.0.0.2');
  return { net, a, b };
}

describe('link behaviour', () => {
  it('loses close to the configured fraction of datagrams and counts them as loss', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { delay: 5, loss: 0.2 });
    const { received } = stream(net, a, b, 10_000);
    net.runUntil(() => false, { maxTime: 100_000 });
    const lost = 10_000 - received.length;
    // Binomial(10000, 0.2): sd = 40, so +-200 is five standard deviations.
    expect(Math.abs(lost - 2000)).toBeLessThan(200);
    expect(net.linkStats(a, b).dropped.loss).toBe(lost);
    expect(net.stats.dropped.loss).toBe(lost);
    expect(net.linkStats(a, b).sent).toBe(10_000);
    expect(net.linkStats(a, b).delivered).toBe(received.length);
  });

  it('never loses anything on a clean link', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { delay: 5 });
    const { received } = stream(net, a, b, 1000);
    net.runUntil(() => false);
    expect(received).toEqual([...Array(1000).keys()]);
  });

  it('reorders when asked to, and the reordered datagrams still all arrive', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { delay: 10, reorder: 0.1, reorderDelay: 5 });
    const { received } = stream(net, a, b, 1000);
    net.runUntil(() => false);
    expect(received).toHaveLength(1000);
    expect([...received].sort((x, y) => x - y)).toEqual([...Array(1000).keys()]);
    const inversions = received.filter((v, i) => i > 0 && v < received[i - 1]!).length;
    expect(inversions).toBeGreaterThan(50);
    expect(net.linkStats(a, b).reordered).toBeGreaterThan(50);
  });

  it('keeps jittered datagrams in order (jitter alone is FIFO) and within the delay bounds', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { delay: 50, jitter: 20 });
    const { received, times } = stream(net, a, b, 500, { interval: 10 });
    net.runUntil(() => false);
    expect(received).toEqual([...Array(500).keys()]);
    const delays = times.map((t, i) => t - i * 10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...delays)).toBeLessThanOrEqual(70);
    // The delays really vary.
    expect(new Set(delays.map(Math.round)).size).toBeGreaterThan(20);
  });

  it('duplicates close to the configured fraction, each copy its own buffer', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { delay: 1, duplicate: 0.1 });
    const { received } = stream(net, a, b, 5000);
    net.runUntil(() => false);
    const extra = received.length - 5000;
    expect(Math.abs(extra - 500)).toBeLessThan(110);
    expect(net.linkStats(a, b).duplicated).toBe(extra);
    expect(net.stats.delivered).toBe(received.length);

    const n2 = pair();
    n2.net.setLink(n2.a, n2.b, { duplicate: 1 });
    const buffers: Uint8Array[] = [];
    n2.b.bind(1, (d) => buffers.push(d.data));
    n2.a.bind(1, () => {}).send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(5));
    n2.net.runUntil(() => false);
    expect(buffers).toHaveLength(2);
    buffers[0]![0] = 99;
    expect(buffers[1]![0]).toBe(5);
  });

  it('drops datagrams larger than the MTU and counts them', () => {
    const { net, a, b } = pair();
    net.setLink(a, b, { mtu: 1200 });
    const got: number[] = [];
    b.bind(1, (d) => got.push(d.data.length));
    const s = a.bind(1, () => {});
    s.send({ ip: '10.0.0.2', port: 1 }, new Uint8Array(1200));
    s.send({ ip: '10.0.0.2', port: 1 }, new Uint8Array(1201));
    s.send({ ip: '10.0.0.2', port: 1 }, new Uint8Array(64));
    net.runUntil(() => false);
    expect(got).toEqual([1200, 64]);
    expect(net.linkStats(a, b).dropped).toEqual({ mtu: 1 });
    expect(net.stats.dropped).toEqual({ mtu: 1 });
  });

  it('serialises at the link bandwidth and tail-drops beyond the queue bound', () => {
    const { net, a, b } = pair();
    // 1 Mbit/s: a 1000-byte datagram takes 8 ms on the wire. The queue holds 10 of them.
    net.setLink(a, b, { delay: 10, bandwidth: 1_000_000, queueBytes: 10_000 });
    const times: number[] = [];
    b.bind(1, (_d, now) => times.push(now));
    const s = a.bind(1, () => {});
    for (let i = 0; i < 15; i++) s.send({ ip: '10.0.0.2', port: 1 }, new Uint8Array(1000));
    net.runUntil(() => false);
    expect(times).toEqual([...Array(10).keys()].map((i) => 10 + 8 * (i + 1)));
    expect(net.linkStats(a, b).dropped).toEqual({ queue: 5 });

    // Once the queue has drained, the link accepts a burst again.
    net.at(net.now + 1000, () => {
      for (let i = 0; i < 10; i++) s.send({ ip: '10.0.0.2', port: 1 }, new Uint8Array(1000));
    });
    net.runUntil(() => false);
    expect(times).toHaveLength(20);
    expect(net.linkStats(a, b).dropped).toEqual({ queue: 5 });
  });

  it('applies each direction of a one-way link on its own', () => {
    const { net, a, b } = pair();
    net.setLinkOneWay(a, b, { delay: 100 });
    net.setLinkOneWay(b, a, { delay: 3 });
    const at: Record<string, number> = {};
    const sa = a.bind(1, (_d, now) => (at.a = now));
    const sb = b.bind(1, (d, now) => {
      at.b = now;
      sb.send(d.src, d.data);
    });
    sa.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(1));
    net.runUntil(() => at.a !== undefined);
    expect(at).toEqual({ b: 100, a: 103 });
  });

  it('uses the default link where none was set, and setDefaultLink changes it', () => {
    const net = new Network({ defaultLink: { delay: 40 } });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    const times: number[] = [];
    b.bind(1, (_d, now) => times.push(now));
    const s = a.bind(1, () => {});
    s.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(1));
    net.runUntil(() => times.length === 1);
    net.setDefaultLink({ delay: 5 });
    s.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(1));
    net.runUntil(() => times.length === 2);
    expect(times).toEqual([40, 45]);
  });
});

describe('determinism', () => {
  function run(seed: number): { trace: string[]; received: number[] } {
    const { net, a, b } = pair(seed);
    net.setLink(a, b, { delay: 20, jitter: 5, loss: 0.1, reorder: 0.05, duplicate: 0.02, mtu: 1200 });
    const trace = recordTrace(net);
    const { received } = stream(net, a, b, 300, { interval: 2 });
    net.runUntil(() => false);
    return { trace, received };
  }

  it('gives the same trace for the same seed', () => {
    const first = run(1234);
    const second = run(1234);
    expect(second.trace).toEqual(first.trace);
    expect(second.received).toEqual(first.received);
    expect(first.trace.length).toBeGreaterThan(600);
  });

  it('gives a different run for a different seed', () => {
    expect(run(1).received).not.toEqual(run(2).received);
  });

  it('keeps a link random stream independent of traffic on other links', () => {
    // Traffic a->c must not change which a->b datagrams are lost.
    const lossy = (withOtherTraffic: boolean): number[] => {
      const net = new Network({ seed: 99 });
      const a = net.addHost('10.0.0.1');
      const b = net.addHost('10.0.0.2');
      const c = net.addHost('10.0.0.3');
      net.setLink(a, b, { loss: 0.3 });
      net.setLink(a, c, { loss: 0.3 });
      if (withOtherTraffic) stream(net, a, c, 100);
      const sa = a.bind(1, () => {});
      const got: number[] = [];
      b.bind(1, (d) => got.push(d.data[0]!));
      for (let i = 0; i < 100; i++) net.at(i, () => sa.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(i)));
      net.runUntil(() => false);
      return got;
    };
    expect(lossy(true)).toEqual(lossy(false));
  });
});

describe('burst loss (Gilbert-Elliott)', () => {
  it('loses the expected fraction in bursts longer than independent loss would give', () => {
    const { net, a, b } = pair(21);
    // Bad 1/(1+4) = 20% of the time, bad spells of 4 datagrams on average.
    net.setLink(a, b, { burstLoss: { enter: 0.05, leave: 0.25 } });
    const { received } = stream(net, a, b, 20_000);
    net.runUntil(() => false, { maxTime: 100_000 });
    const lostSet = new Set([...Array(20_000).keys()]);
    for (const r of received) lostSet.delete(r);
    const lost = [...lostSet].sort((x, y) => x - y);
    expect(Math.abs(lost.length / 20_000 - 0.2)).toBeLessThan(0.03);
    // Mean run length of consecutive losses: about 4 (independent 20% loss would give 1.25).
    let runs = 0;
    for (let i = 0; i < lost.length; i++) if (i === 0 || lost[i] !== lost[i - 1]! + 1) runs++;
    expect(lost.length / runs).toBeGreaterThan(3);
    expect(lost.length / runs).toBeLessThan(5);
  });

  it('rejects a burst model with bad probabilities', () => {
    const { net, a, b } = pair();
    expect(() => net.setLink(a, b, { burstLoss: { enter: 1.5, leave: 0.1 } })).toThrow(/probability/);
  });
});
