import {
  type Address,
  type Host,
  type Nat,
  type NatConfig,
  type NatFilteringBehaviour,
  type NatMappingBehaviour,
  Network,
  type Socket,
} from '../src/index.js';

const S1 = '198.51.100.1';
const S2 = '198.51.100.2';
const EXT = '203.0.113.1';
const ping = Uint8Array.of(1);

/** A public network with two servers (two ports each) and one host behind a NAT. */
function setup(nat: Omit<NatConfig, 'externalIp'> = {}) {
  const net = new Network({ seed: 3 });
  const box = net.addNat({ externalIp: EXT, ...nat });
  const h = net.addHost('192.168.0.2', { nat: box });
  const seen: Record<string, Address[]> = {};
  const inbox: { from: Address; now: number }[] = [];
  const hs = h.bind(5000, (d, now) => inbox.push({ from: d.src, now }));
  const servers: Record<string, Socket> = {};
  for (const ip of [S1, S2]) {
    const s = net.addHost(ip);
    for (const port of [3478, 3479]) {
      const key = `${ip}:${port}`;
      seen[key] = [];
      servers[key] = s.bind(port, (d) => seen[key]!.push(d.src));
    }
  }
  return { net, box, h, hs, seen, inbox, servers };
}

describe('NAT mapping behaviour (RFC 4787 §4.1)', () => {
  function observed(mapping: NatMappingBehaviour): string[] {
    const { net, hs, seen } = setup({ mapping });
    for (const dst of [`${S1}:3478`, `${S1}:3479`, `${S2}:3478`]) {
      const [ip, port] = dst.split(':');
      hs.send({ ip: ip!, port: Number(port) }, ping);
    }
    net.runUntil(() => false);
    return [`${S1}:3478`, `${S1}:3479`, `${S2}:3478`].map((k) => {
      expect(seen[k]).toHaveLength(1);
      expect(seen[k]![0]!.ip).toBe(EXT);
      return `${seen[k]![0]!.port}`;
    });
  }

  it('endpoint-independent: one external port for every destination', () => {
    const [a, b, c] = observed('endpoint-independent');
    expect(a).toBe(b);
    expect(a).toBe(c);
  });

  it('address-dependent: the same port per destination IP, another for another IP', () => {
    const [a, b, c] = observed('address-dependent');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('address-and-port-dependent: a new port for every destination IP:port', () => {
    const [a, b, c] = observed('address-and-port-dependent');
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('rewrites only the source, and the reply reaches the internal host', () => {
    const { net, hs, inbox, servers, seen, box } = setup();
    hs.send({ ip: S1, port: 3478 }, ping);
    net.runUntil(() => seen[`${S1}:3478`]!.length === 1);
    servers[`${S1}:3478`]!.send(seen[`${S1}:3478`]![0]!, ping);
    net.runUntil(() => inbox.length === 1);
    expect(inbox[0]!.from).toEqual({ ip: S1, port: 3478 });
    expect(box.stats).toMatchObject({ mappingsCreated: 1, outbound: 1, inbound: 1 });
  });
});

describe('NAT filtering behaviour (RFC 4787 §5)', () => {
  /** The host sends to S1:3478 only; then each server port tries to reach the mapping. */
  function admitted(filtering: NatFilteringBehaviour): Record<string, boolean> {
    const { net, hs, seen, servers, inbox } = setup({ mapping: 'endpoint-independent', filtering });
    hs.send({ ip: S1, port: 3478 }, ping);
    net.runUntil(() => false);
    const mapped = seen[`${S1}:3478`]![0]!;
    const result: Record<string, boolean> = {};
    for (const key of [`${S1}:3478`, `${S1}:3479`, `${S2}:3478`, `${S2}:3479`]) {
      const before = inbox.length;
      servers[key]!.send(mapped, ping);
      net.runUntil(() => false);
      result[key] = inbox.length > before;
    }
    return result;
  }

  it('endpoint-independent: anyone may send to the mapping', () => {
    expect(admitted('endpoint-independent')).toEqual({
      [`${S1}:3478`]: true,
      [`${S1}:3479`]: true,
      [`${S2}:3478`]: true,
      [`${S2}:3479`]: true,
    });
  });

  it('address-dependent: only an IP the host has sent to, from any port', () => {
    expect(admitted('address-dependent')).toEqual({
      [`${S1}:3478`]: true,
      [`${S1}:3479`]: true,
      [`${S2}:3478`]: false,
      [`${S2}:3479`]: false,
    });
  });

  it('address-and-port-dependent: only the exact IP:port the host has sent to', () => {
    expect(admitted('address-and-port-dependent')).toEqual({
      [`${S1}:3478`]: true,
      [`${S1}:3479`]: false,
      [`${S2}:3478`]: false,
      [`${S2}:3479`]: false,
    });
  });

  it('counts filtered datagrams and datagrams to unmapped ports', () => {
    const { net, hs, seen, servers, box } = setup({ filtering: 'address-and-port-dependent' });
    hs.send({ ip: S1, port: 3478 }, ping);
    net.runUntil(() => false);
    const mapped = seen[`${S1}:3478`]![0]!;
    servers[`${S2}:3478`]!.send(mapped, ping);
    servers[`${S2}:3478`]!.send({ ip: EXT, port: mapped.port + 1 }, ping);
    net.runUntil(() => false);
    expect(net.stats.dropped).toEqual({ 'nat-filtered': 1, 'nat-no-mapping': 1 });
    expect(box.stats.dropped).toEqual({ 'nat-filtered': 1, 'nat-no-mapping': 1 });
  });
});

describe('NAT mapping timeout (RFC 4787 §4.3)', () => {
  /** Sends from the server to the mapping at time `at`; returns whether it got through. */
  function reachableAt(t: ReturnType<typeof setup>, mapped: Address, at: number): boolean {
    const before = t.inbox.length;
    t.net.at(at, () => t.servers[`${S1}:3478`]!.send(mapped, ping));
    t.net.runUntil(() => false, { maxTime: 1_000_000 });
    return t.inbox.length > before;
  }

  it('expires an idle mapping after the timeout', () => {
    const t = setup({ mappingTimeout: 30_000 });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    const mapped = t.seen[`${S1}:3478`]![0]!;
    expect(reachableAt(t, mapped, 29_000)).toBe(true);
    // Inbound traffic did not refresh it: it was created at t=0, so at 31 s it is gone.
    expect(reachableAt(t, mapped, 31_000)).toBe(false);
    expect(t.net.stats.dropped['nat-no-mapping']).toBe(1);
    expect(t.box.stats.mappingsExpired).toBe(1);
    expect(t.box.mappings(t.net.now)).toEqual([]);
  });

  it('is refreshed by outbound traffic, and a new mapping gets a new port', () => {
    const t = setup({ mappingTimeout: 30_000 });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.at(20_000, () => t.hs.send({ ip: S1, port: 3478 }, ping));
    t.net.runUntil(() => false, { maxTime: 100_000 });
    const mapped = t.seen[`${S1}:3478`]![0]!;
    expect(t.seen[`${S1}:3478`]![1]).toEqual(mapped);
    expect(reachableAt(t, mapped, 45_000)).toBe(true);
    expect(reachableAt(t, mapped, 51_000)).toBe(false);
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    expect(t.seen[`${S1}:3478`]![2]!.port).not.toBe(mapped.port);
  });

  it('is refreshed by inbound traffic only when inboundRefresh is on', () => {
    const t = setup({ mappingTimeout: 30_000, inboundRefresh: true });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    const mapped = t.seen[`${S1}:3478`]![0]!;
    expect(reachableAt(t, mapped, 25_000)).toBe(true);
    expect(reachableAt(t, mapped, 50_000)).toBe(true);
    expect(reachableAt(t, mapped, 90_000)).toBe(false);
  });

  it('forgets every mapping on clearMappings (a NAT reboot), so the next datagram gets a new port', () => {
    const t = setup({ mappingTimeout: 30_000 });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    const mapped = t.seen[`${S1}:3478`]![0]!;
    t.box.clearMappings(t.net.now);
    expect(t.box.mappings(t.net.now)).toEqual([]);
    expect(reachableAt(t, mapped, 100)).toBe(false);
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    expect(t.seen[`${S1}:3478`]![1]!.port).not.toBe(mapped.port);
  });

  it('reports live mappings with their expiry and the remotes they were used for', () => {
    const t = setup({ mappingTimeout: 10_000 });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.hs.send({ ip: S2, port: 3479 }, ping);
    t.net.runUntil(() => false);
    expect(t.box.mappings(t.net.now)).toEqual([
      {
        internal: { ip: '192.168.0.2', port: 5000 },
        external: { ip: EXT, port: 49152 },
        // Created when the datagram reached the NAT (1 ms link), refreshed by the second one.
        expires: 10_001,
        remotes: [`${S1}:3478`, `${S2}:3479`],
      },
    ]);
  });
});

describe('NAT port allocation', () => {
  function externalPorts(
    config: Omit<NatConfig, 'externalIp'>,
    internalPorts: number[],
  ): (number | undefined)[] {
    const t = setup({ mapping: 'endpoint-independent', ...config });
    for (const p of internalPorts) t.h.bind(p, () => {}).send({ ip: S1, port: 3478 }, ping);
    t.net.runUntil(() => false);
    const got = t.seen[`${S1}:3478`]!.map((a) => a.port);
    return internalPorts.map((_p, i) => got[i]);
  }

  it('sequential: counts up from the start of the range', () => {
    expect(
      externalPorts({ portAllocation: 'sequential', portRange: [40000, 40010] }, [6000, 6001, 6002]),
    ).toEqual([40000, 40001, 40002]);
  });

  it('preserve: keeps the internal port when free, else falls back to the range', () => {
    const t = setup({
      portAllocation: 'preserve',
      mapping: 'address-and-port-dependent',
      portRange: [40000, 40010],
    });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.hs.send({ ip: S1, port: 3479 }, ping);
    t.net.runUntil(() => false);
    expect(t.seen[`${S1}:3478`]![0]!.port).toBe(5000);
    expect(t.seen[`${S1}:3479`]![0]!.port).toBe(40000);
  });

  it('random: ports within the range, reproducible from the seed', () => {
    const cfg = { portAllocation: 'random', portRange: [20000, 60000] } as const;
    const a = externalPorts(cfg, [6000, 6001, 6002, 6003]);
    expect(externalPorts(cfg, [6000, 6001, 6002, 6003])).toEqual(a);
    for (const p of a) expect(p! >= 20000 && p! <= 60000).toBe(true);
    expect(a).not.toEqual([20000, 20001, 20002, 20003]);
  });

  it('drops with nat-no-port when the range is exhausted, and reuses ports of expired mappings', () => {
    const t = setup({
      mapping: 'address-and-port-dependent',
      portRange: [40000, 40001],
      mappingTimeout: 1000,
    });
    t.hs.send({ ip: S1, port: 3478 }, ping);
    t.hs.send({ ip: S1, port: 3479 }, ping);
    t.hs.send({ ip: S2, port: 3478 }, ping);
    t.net.runUntil(() => false);
    expect(t.net.stats.dropped).toEqual({ 'nat-no-port': 1 });
    t.net.at(5000, () => t.hs.send({ ip: S2, port: 3478 }, ping));
    t.net.runUntil(() => false);
    expect(t.seen[`${S2}:3478`]!.map((a) => a.port)).toEqual([40000]);
  });
});

describe('NAT topologies', () => {
  function twoBehindOne(hairpinning: boolean) {
    const net = new Network({ seed: 5 });
    const box = net.addNat({ externalIp: EXT, hairpinning, filtering: 'endpoint-independent' });
    const h1 = net.addHost('192.168.0.2', { nat: box });
    const h2 = net.addHost('192.168.0.3', { nat: box });
    const server = net.addHost(S1);
    const seen: Address[] = [];
    server.bind(3478, (d) => seen.push(d.src));
    const got: Address[] = [];
    const s1 = h1.bind(5000, () => {});
    const s2 = h2.bind(5000, (d) => got.push(d.src));
    s1.send({ ip: S1, port: 3478 }, ping);
    s2.send({ ip: S1, port: 3478 }, ping);
    net.runUntil(() => false);
    return { net, box, s1, s2, h1, h2, seen, got };
  }

  it('hairpins between two hosts behind the same NAT, showing the external source', () => {
    const t = twoBehindOne(true);
    const [ext1, ext2] = t.seen;
    t.s1.send(ext2!, ping);
    t.net.runUntil(() => false);
    expect(t.got).toEqual([ext1]);
    expect(t.box.stats.hairpinned).toBe(1);
  });

  it('drops hairpin traffic when hairpinning is off', () => {
    const t = twoBehindOne(false);
    t.s1.send(t.seen[1]!, ping);
    t.net.runUntil(() => false);
    expect(t.got).toEqual([]);
    expect(t.net.stats.dropped).toEqual({ 'nat-hairpin': 1 });
  });

  it('lets hosts behind the same NAT talk directly on their private addresses', () => {
    const t = twoBehindOne(true);
    t.s1.send({ ip: '192.168.0.3', port: 5000 }, ping);
    t.net.runUntil(() => false);
    expect(t.got).toEqual([{ ip: '192.168.0.2', port: 5000 }]);
    expect(t.box.stats.outbound).toBe(2);
  });

  it('carries datagrams through a double NAT, and the server sees the outer address', () => {
    const net = new Network({ seed: 8 });
    const outer = net.addNat({ externalIp: EXT });
    const inner = net.addNat({ externalIp: '100.64.0.7', nat: outer });
    const h = net.addHost('192.168.0.2', { nat: inner });
    const server = net.addHost(S1);
    const replies: Address[] = [];
    const ss = server.bind(3478, (d) => ss.send(d.src, d.data));
    const hs = h.bind(5000, (d) => replies.push(d.src));
    hs.send({ ip: S1, port: 3478 }, ping);
    const trace: string[] = [];
    net.onTrace((e) => {
      if (e.type === 'nat') trace.push(`${e.nat} ${e.direction}`);
    });
    net.runUntil(() => replies.length === 1);
    expect(replies).toEqual([{ ip: S1, port: 3478 }]);
    expect(outer.mappings(net.now)[0]!.internal.ip).toBe('100.64.0.7');
    // Four hops each way with the default 1 ms link: h->inner->outer->server and back.
    expect(net.now).toBe(6);
    expect(trace).toEqual([
      'nat:100.64.0.7 outbound',
      `nat:${EXT} outbound`,
      `nat:${EXT} inbound`,
      'nat:100.64.0.7 inbound',
    ]);
  });

  it('uses the link between a host and its NAT', () => {
    const net = new Network();
    const box = net.addNat({ externalIp: EXT });
    const h = net.addHost('192.168.0.2', { nat: box });
    const server = net.addHost(S1);
    net.setLink(h, box, { delay: 30 });
    net.setLink(box, server, { delay: 5 });
    const at: number[] = [];
    server.bind(1, (_d, now) => at.push(now));
    h.bind(1, () => {}).send({ ip: S1, port: 1 }, ping);
    net.runUntil(() => false);
    expect(at).toEqual([35]);
    expect(net.linkStats(h, box).delivered).toBe(1);
  });

  function punch(m1: NatMappingBehaviour, m2: NatMappingBehaviour): boolean {
    // ICE-style hole punching: each side learns its server-reflexive address, then both send
    // to the other's reflexive address for a while.
    const net = new Network({ seed: 11 });
    const n1 = net.addNat({
      externalIp: '203.0.113.1',
      mapping: m1,
      filtering: 'address-and-port-dependent',
    });
    const n2 = net.addNat({
      externalIp: '203.0.113.2',
      mapping: m2,
      filtering: 'address-and-port-dependent',
    });
    const h1 = net.addHost('192.168.1.2', { nat: n1 });
    const h2 = net.addHost('192.168.2.2', { nat: n2 });
    const server = net.addHost(S1);
    const srflx = new Map<Host, Address>();
    server.bind(3478, () => {});
    let connected = false;
    net.onTrace((e) => {
      if (e.type === 'nat' && e.direction === 'outbound' && e.after.dst.ip === S1) {
        srflx.set(e.nat === n1.name ? h1 : h2, e.after.src);
      }
    });
    const s1 = h1.bind(5000, () => (connected = true));
    const s2 = h2.bind(5000, () => {});
    s1.send({ ip: S1, port: 3478 }, ping);
    s2.send({ ip: S1, port: 3478 }, ping);
    net.runUntil(() => false);
    for (let i = 0; i < 5; i++) {
      net.at(net.now + i * 50, () => {
        s1.send(srflx.get(h2)!, ping);
        s2.send(srflx.get(h1)!, ping);
      });
    }
    net.runUntil(() => connected, { maxTime: 1000 });
    return connected;
  }

  it('supports hole punching between endpoint-independent mappings', () => {
    expect(punch('endpoint-independent', 'endpoint-independent')).toBe(true);
  });

  it('defeats hole punching between two address-and-port-dependent (symmetric) NATs', () => {
    expect(punch('address-and-port-dependent', 'address-and-port-dependent')).toBe(false);
  });

  it('keeps the address spaces of two NATs apart', () => {
    const net = new Network();
    const n1 = net.addNat({ externalIp: '203.0.113.1' });
    const n2 = net.addNat({ externalIp: '203.0.113.2' });
    // The same private address behind two NATs names two different hosts.
    const h1 = net.addHost('192.168.0.2', { nat: n1 });
    const h2 = net.addHost('192.168.0.2', { nat: n2 });
    const got: string[] = [];
    h1.bind(1, () => got.push('h1'));
    h2.bind(1, () => got.push('h2'));
    h1.bind(2, () => {}).send({ ip: '192.168.0.2', port: 1 }, ping);
    net.runUntil(() => false);
    expect(got).toEqual(['h1']);
    expect(() => net.addNat({ externalIp: '203.0.113.1' })).toThrow(/in use/);
    expect(() => net.addHost('192.168.0.2', { nat: n1 as Nat })).toThrow(/in use/);
  });
});
