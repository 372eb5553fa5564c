import { type Datagram, NetsimError, Network } from '../src/index.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('Network basics', () => {
  it('delivers a datagram after the link delay, with the sender address as src', () => {
    const net = new Network({ seed: 42 });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    net.setLink(a, b, { delay: 20 });
    const got: { d: Datagram; now: number }[] = [];
    const sa = a.bind(5000, () => {});
    b.bind(6000, (d, now) => got.push({ d, now }));
    sa.send({ ip: '10.0.0.2', port: 6000 }, bytes(1, 2, 3));
    const r = net.runUntil(() => got.length === 1);
    expect(r.done).toBe(true);
    expect(got[0]!.now).toBe(20);
    expect(net.now).toBe(20);
    expect(got[0]!.d.src).toEqual({ ip: '10.0.0.1', port: 5000 });
    expect(got[0]!.d.dst).toEqual({ ip: '10.0.0.2', port: 6000 });
    expect([...got[0]!.d.data]).toEqual([1, 2, 3]);
  });

  it('copies the bytes at send time', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    const got: Uint8Array[] = [];
    b.bind(1, (d) => got.push(d.data));
    const buf = bytes(7);
    a.bind(1, () => {}).send({ ip: '10.0.0.2', port: 1 }, buf);
    buf[0] = 9;
    net.runUntil(() => got.length > 0);
    expect(got[0]![0]).toBe(7);
  });

  it('counts a datagram to an unbound port as no-socket and one to an unknown address as no-route', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    net.addHost('10.0.0.2');
    const s = a.bind(0, () => {});
    s.send({ ip: '10.0.0.2', port: 9 }, bytes(1));
    s.send({ ip: '10.9.9.9', port: 9 }, bytes(1));
    const r = net.runUntil(() => false);
    expect(r.reason).toBe('idle');
    expect(net.stats.dropped).toEqual({ 'no-socket': 1, 'no-route': 1 });
    expect(net.stats.delivered).toBe(0);
  });

  it('runs a timer-driven ping-pong under the virtual clock', () => {
    // A tiny sans-I/O "core": sends a ping every 100 ms until it has 5 pongs.
    const net = new Network({ seed: 1 });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    net.setLink(a, b, { delay: 15 });
    let next: number | undefined = 0;
    let pongs = 0;
    const rtts: number[] = [];
    const sent = new Map<number, number>();
    let seq = 0;
    const sa = a.bind(5000, (d, now) => {
      pongs++;
      rtts.push(now - sent.get(d.data[0]!)!);
      if (pongs === 5) next = undefined;
    });
    const sb = b.bind(6000, (d) => sb.send(d.src, d.data));
    net.addTimer({
      nextDeadline: () => next,
      fire: (now) => {
        sent.set(seq, now);
        sa.send({ ip: '10.0.0.2', port: 6000 }, bytes(seq++));
        next = now + 100;
      },
    });
    const r = net.runUntil(() => pongs === 5, { maxTime: 10_000 });
    expect(r.done).toBe(true);
    expect(rtts).toEqual([30, 30, 30, 30, 30]);
    expect(net.now).toBe(430);
    // The timer reports no deadline any more, so the network goes idle.
    expect(net.runUntil(() => false).reason).toBe('idle');
  });

  it('bounds runUntil by virtual time and by event count', () => {
    const net = new Network();
    let fires = 0;
    net.addTimer({ nextDeadline: () => net.now + 10, fire: () => fires++ });
    const r = net.runUntil(() => false, { maxTime: 1000 });
    expect(r).toMatchObject({ done: false, reason: 'max-time', now: 1000 });
    expect(fires).toBe(100);
    // A broken core whose deadline never moves cannot hang the run.
    const stuck = new Network();
    stuck.addTimer({ nextDeadline: () => 0, fire: () => {} });
    expect(stuck.runUntil(() => false, { maxEvents: 500 })).toMatchObject({
      reason: 'max-events',
      events: 500,
    });
  });

  it('rejects bad configuration with NetsimError', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    expect(() => net.addHost('10.0.0.1')).toThrow(NetsimError);
    expect(() => net.addHost('10.0.0.300')).toThrow(NetsimError);
    expect(() => net.setLink(a, a, { loss: 2 })).toThrow(NetsimError);
    a.bind(5, () => {});
    expect(() => a.bind(5, () => {})).toThrow(NetsimError);
  });
});
