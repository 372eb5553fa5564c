import { between, dropNth, dropWhere, Network } from '../src/index.js';

function setup() {
  const net = new Network({ seed: 2 });
  const a = net.addHost('10.0.0.1');
  const b = net.addHost('10.0.0.2');
  const got: number[] = [];
  const sb = b.bind(1, (d) => got.push(d.data[0]!));
  const sa = a.bind(1, (d) => got.push(100 + d.data[0]!));
  const sendAll = (n: number): void => {
    for (let i = 0; i < n; i++) sa.send({ ip: '10.0.0.2', port: 1 }, Uint8Array.of(i));
    net.runUntil(() => false);
  };
  return { net, a, b, sa, sb, got, sendAll };
}

describe('packet filters', () => {
  it('dropNth drops exactly the n-th matching datagram', () => {
    const t = setup();
    t.net.addFilter(dropNth(3));
    t.sendAll(6);
    expect(t.got).toEqual([0, 1, 3, 4, 5]);
    expect(t.net.stats.dropped).toEqual({ filter: 1 });
  });

  it('dropNth counts only datagrams matching the predicate, and takes several n', () => {
    const t = setup();
    const odd = (p: { data: Uint8Array }) => p.data[0]! % 2 === 1;
    t.net.addFilter(dropNth([1, 3], odd));
    t.sendAll(8);
    // Odd datagrams are 1, 3, 5, 7: the first and third of them (1 and 5) are dropped.
    expect(t.got).toEqual([0, 2, 3, 4, 6, 7]);
  });

  it('dropWhere drops all matches, or only the first `limit`', () => {
    const t = setup();
    const remove = t.net.addFilter(dropWhere((p) => p.data[0]! < 4, 2));
    t.sendAll(6);
    expect(t.got).toEqual([2, 3, 4, 5]);
    remove();
    t.got.length = 0;
    t.sendAll(3);
    expect(t.got).toEqual([0, 1, 2]);
  });

  it('between matches one direction, or both when asked', () => {
    const t = setup();
    t.net.addFilter(dropWhere(between(t.a, t.b)));
    t.sendAll(2);
    t.sb.send({ ip: '10.0.0.1', port: 1 }, Uint8Array.of(9));
    t.net.runUntil(() => false);
    expect(t.got).toEqual([109]);

    const u = setup();
    u.net.addFilter(dropWhere(between(u.a, u.b, true)));
    u.sendAll(1);
    u.sb.send({ ip: '10.0.0.1', port: 1 }, Uint8Array.of(9));
    u.net.runUntil(() => false);
    expect(u.got).toEqual([]);
  });

  it('may replace the bytes of a datagram (corruption)', () => {
    const t = setup();
    t.net.addFilter((p) => (p.data[0] === 1 ? Uint8Array.of(42) : 'pass'));
    t.sendAll(3);
    expect(t.got).toEqual([0, 42, 2]);
  });

  it('runs once per datagram at the sender, whatever the number of hops', () => {
    const net = new Network();
    const nat = net.addNat({ externalIp: '203.0.113.1' });
    const h = net.addHost('192.168.0.2', { nat });
    const s = net.addHost('198.51.100.1');
    const got: number[] = [];
    s.bind(1, (d) => got.push(d.data[0]!));
    net.addFilter(dropNth(2));
    const sh = h.bind(1, () => {});
    for (let i = 0; i < 3; i++) sh.send({ ip: '198.51.100.1', port: 1 }, Uint8Array.of(i));
    net.runUntil(() => false);
    expect(got).toEqual([0, 2]);
  });
});
