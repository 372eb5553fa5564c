import { Network } from '../src/index.js';

// The README's example, kept runnable.
describe('README example', () => {
  it('pings five times over a lossy link', () => {
    const log: string[] = [];
    const net = new Network({ seed: 42 });
    const a = net.addHost('10.0.0.1');
    const b = net.addHost('10.0.0.2');
    net.setLink(a, b, { delay: 20, jitter: 5, loss: 0.1, reorder: 0.05, duplicate: 0.01, mtu: 1200 });

    const sb = b.bind(6000, (d) => sb.send(d.src, d.data));

    let pongs = 0;
    let deadline: number | undefined = 0;
    const sa = a.bind(5000, (_d, now) => {
      pongs++;
      log.push(`pong at ${now} ms`);
    });
    net.addTimer({
      nextDeadline: () => deadline,
      fire: (now) => {
        sa.send({ ip: '10.0.0.2', port: 6000 }, new TextEncoder().encode('ping'));
        deadline = pongs >= 5 ? undefined : now + 100;
      },
    });

    const result = net.runUntil(() => pongs >= 5, { maxTime: 60_000 });
    expect(result).toMatchObject({ done: true, reason: 'condition' });
    expect(log).toHaveLength(5);
    const stats = net.linkStats(a, b);
    expect(stats.sent).toBeGreaterThanOrEqual(5);
    expect(stats.delivered + (stats.dropped.loss ?? 0)).toBeGreaterThanOrEqual(stats.sent);
  });
});
