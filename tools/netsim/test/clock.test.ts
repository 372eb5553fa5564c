import { formatTrace, Network } from '../src/index.js';

describe('virtual clock and scheduling', () => {
  it('fires timers in deadline order and callbacks at their time', () => {
    const net = new Network();
    const log: string[] = [];
    let t1: number | undefined = 30;
    let t2: number | undefined = 10;
    net.addTimer({
      nextDeadline: () => t1,
      fire: (now) => {
        log.push(`t1@${now}`);
        t1 = undefined;
      },
    });
    net.addTimer({
      nextDeadline: () => t2,
      fire: (now) => {
        log.push(`t2@${now}`);
        t2 = undefined;
      },
    });
    net.at(20, (now) => log.push(`at@${now}`));
    net.after(5, (now) => log.push(`after@${now}`));
    expect(net.nextEventTime()).toBe(5);
    expect(net.runUntil(() => false).reason).toBe('idle');
    expect(log).toEqual(['after@5', 't2@10', 'at@20', 't1@30']);
    expect(net.now).toBe(30);
  });

  it('fires a deadline in the past at the current time, never moving the clock back', () => {
    const net = new Network();
    net.run(100);
    const fired: number[] = [];
    let deadline: number | undefined = 40;
    net.addTimer({
      nextDeadline: () => deadline,
      fire: (now) => {
        fired.push(now);
        deadline = undefined;
      },
    });
    net.runUntil(() => false);
    expect(fired).toEqual([100]);
  });

  it('delivers a datagram before a timer due at the same instant', () => {
    const net = new Network();
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    net.setLink(a, b, { delay: 10 });
    const log: string[] = [];
    let deadline: number | undefined = 10;
    net.addTimer({
      nextDeadline: () => deadline,
      fire: () => {
        log.push('timer');
        deadline = undefined;
      },
    });
    b.bind(1, () => log.push('datagram'));
    a.bind(1, () => {}).send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(1));
    net.runUntil(() => false);
    expect(log).toEqual(['datagram', 'timer']);
  });

  it('stops asking a removed timer', () => {
    const net = new Network();
    let fires = 0;
    const timer = net.addTimer({ nextDeadline: () => net.now + 1, fire: () => fires++ });
    net.run(10);
    timer.remove();
    timer.remove();
    expect(net.runUntil(() => false).reason).toBe('idle');
    expect(fires).toBe(10);
  });

  it('run(duration) processes what is due and lands exactly at now + duration', () => {
    const net = new Network();
    const log: number[] = [];
    net.at(5, (now) => log.push(now));
    net.at(25, (now) => log.push(now));
    expect(net.run(10)).toMatchObject({ now: 10 });
    expect(log).toEqual([5]);
    expect(net.run(100)).toMatchObject({ now: 110, reason: 'idle' });
    expect(log).toEqual([5, 25]);
  });

  it('step() processes a single event', () => {
    const net = new Network();
    const log: number[] = [];
    net.at(1, () => log.push(1));
    net.at(2, () => log.push(2));
    expect(net.step()).toBe(true);
    expect(log).toEqual([1]);
    expect(net.step()).toBe(true);
    expect(net.step()).toBe(false);
  });

  it('refuses to run from inside one of its own callbacks', () => {
    const net = new Network();
    let caught: unknown;
    net.at(1, () => {
      try {
        net.runUntil(() => false);
      } catch (e) {
        caught = e;
      }
    });
    net.at(2, () => {});
    expect(net.runUntil(() => false).reason).toBe('idle');
    expect(caught).toMatchObject({ code: 'reentrant' });
    // The guard is released after the run, even when a callback throws.
    net.at(3, () => {
      throw new Error('boom');
    });
    expect(() => net.runUntil(() => false)).toThrow('boom');
    expect(net.step()).toBe(false);
  });

  it('propagates an exception from a handler to the caller of runUntil', () => {
    const net = new Network();
    net.at(1, () => {
      throw new Error('core bug');
    });
    expect(() => net.runUntil(() => false)).toThrow('core bug');
  });

  it('traces every step of a datagram, in order', () => {
    const net = new Network();
    const nat = net.addNat({ externalIp: '203.0.113.1' });
    const h = net.addHost('192.168.0.2', { nat });
    const s = net.addHost('198.51.100.1');
    s.bind(1, () => {});
    const lines: string[] = [];
    const stop = net.onTrace((e) => lines.push(formatTrace(e)));
    h.bind(1, () => {}).send({ ip: '198.51.100.1', port: 1 }, Uint8Array.of(1, 2));
    net.runUntil(() => false);
    stop();
    expect(lines).toEqual([
      '     0.000 #1 send 192.168.0.2 192.168.0.2:1 -> 198.51.100.1:1 2B',
      '     0.000 #1 hop 192.168.0.2 -> nat:203.0.113.1 arrives 1.000',
      '     1.000 nat:203.0.113.1 mapping create 192.168.0.2:1 <-> 203.0.113.1:49152',
      '     1.000 #1 nat:203.0.113.1 outbound 192.168.0.2:1 -> 198.51.100.1:1 becomes 203.0.113.1:49152 -> 198.51.100.1:1',
      '     1.000 #1 hop nat:203.0.113.1 -> 198.51.100.1 arrives 2.000',
      '     2.000 #1 deliver 198.51.100.1 203.0.113.1:49152 -> 198.51.100.1:1 2B',
    ]);
  });

  it('holds many idle hosts without any event', () => {
    const net = new Network();
    for (let i = 0; i < 1000; i++) net.addHost(`10.1.${i >> 8}.${i & 255}`).bind(1, () => {});
    expect(net.nextEventTime()).toBeUndefined();
    expect(net.runUntil(() => false)).toMatchObject({ reason: 'idle', events: 0 });
  });
});
