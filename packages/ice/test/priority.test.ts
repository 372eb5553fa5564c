import type { RemoteCandidate } from '../src/checklist/pair.js';
import type { LocalCandidate } from '../src/index.js';
import {
  CheckList,
  candidatePriority,
  computeFoundation,
  interleaveFamilies,
  localPreference,
  pairPriority,
} from '../src/index.js';

describe('RFC 8445 priorities', () => {
  it('candidate priority §5.1.2.1 against hand-computed values', () => {
    expect(candidatePriority('host', 65535, 1)).toBe(2130706431);
    expect(candidatePriority('srflx', 65535, 1)).toBe(1694498815);
    expect(candidatePriority('relay', 0, 1)).toBe(255);
    expect(candidatePriority('prflx', 0, 256)).toBe(110 * 2 ** 24);
  });

  it('pair priority §6.1.2.3 uses 64-bit arithmetic', () => {
    // 2^32 * 1694498815 + 2 * 2130706431 + 1, computed by hand (Python).
    expect(pairPriority(2130706431, 1694498815)).toBe(7277816997797167103n);
    expect(pairPriority(1694498815, 2130706431)).toBe(7277816997797167102n);
    expect(pairPriority(1, 1)).toBe(2n ** 32n + 2n);
    expect(pairPriority(2 ** 31 - 1, 2 ** 31 - 1)).toBe((2n ** 31n - 1n) * 2n ** 32n + 2n * (2n ** 31n - 1n));
  });

  it('local preference ranks IPv6 over IPv4, UDP relays over TCP over TLS, loopback last', () => {
    const v6 = localPreference({ family: 'IPv6' });
    const v4 = localPreference({ family: 'IPv4' });
    const lo = localPreference({ family: 'IPv4', lowPriorityAddress: true });
    expect(v6).toBeGreaterThan(v4);
    expect(v4).toBeGreaterThan(lo);
    const udp = localPreference({ family: 'IPv4', relayTransport: 'udp' });
    const tcp = localPreference({ family: 'IPv4', relayTransport: 'tcp' });
    const tls = localPreference({ family: 'IPv4', relayTransport: 'tls' });
    expect(udp).toBeGreaterThan(tcp);
    expect(tcp).toBeGreaterThan(tls);
    expect(localPreference({ family: 'IPv4', interfaceIndex: 0 })).toBeGreaterThan(
      localPreference({ family: 'IPv4', interfaceIndex: 1 }),
    );
    for (const p of [v6, v4, lo, udp, tcp, tls]) expect(p).toBeLessThanOrEqual(0xffff);
  });

  it('RFC 8421 §4: the interface order decides across families, IPv6 first at the same position', () => {
    const ordered = interleaveFamilies([
      { family: 'IPv4' as const, address: '192.0.2.2' },
      { family: 'IPv4' as const, address: '198.51.100.7' },
      { family: 'IPv6' as const, address: '2001:db8::2' },
      { family: 'IPv6' as const, address: 'fd12::7' },
      { family: 'IPv6' as const, address: 'fd12::8' },
    ]);
    expect(ordered.map((a) => a.address)).toEqual([
      '2001:db8::2',
      '192.0.2.2',
      'fd12::7',
      '198.51.100.7',
      'fd12::8',
    ]);
    const prefs = ordered.map((a, interfaceIndex) => localPreference({ family: a.family, interfaceIndex }));
    // Strictly falling: the interleaving survives into the priorities (a family-first preference
    // would put all three IPv6 addresses above both IPv4 ones).
    for (let i = 1; i < prefs.length; i++) expect(prefs[i]).toBeLessThan(prefs[i - 1]!);
    expect(localPreference({ family: 'IPv6', interfaceIndex: 0 })).toBe(0xffff);
    // Loopback and link-local stay below every other address, whatever their position.
    expect(localPreference({ family: 'IPv6', interfaceIndex: 0, lowPriorityAddress: true })).toBeLessThan(
      localPreference({ family: 'IPv4', interfaceIndex: 0xfff }),
    );
  });

  it('foundations §5.1.1.3: equal for same type/base/server/transport, different otherwise', () => {
    const f = (type: 'host' | 'srflx', base: string, server?: string) =>
      computeFoundation({
        type,
        baseAddress: base,
        transport: 'udp',
        ...(server ? { serverAddress: server } : {}),
      });
    expect(f('host', '10.0.0.1')).toBe(f('host', '10.0.0.1'));
    expect(f('host', '10.0.0.1')).not.toBe(f('host', '10.0.0.2'));
    expect(f('srflx', '10.0.0.1', '1.1.1.1')).not.toBe(f('srflx', '10.0.0.1', '2.2.2.2'));
    expect(f('host', '10.0.0.1')).toMatch(/^[0-9]{1,10}$/);
  });
});

function local(
  address: string,
  port: number,
  type: 'host' | 'srflx' | 'relay',
  prio: number,
  socketId = 's',
): LocalCandidate {
  return {
    candidate: {
      foundation: `${type}${address}`,
      component: 1,
      transport: 'udp',
      priority: prio,
      address,
      port,
      type,
    },
    socketId,
    base: { address, port },
    family: 'IPv4',
  };
}
function remote(address: string, port: number, prio: number, foundation = 'r'): RemoteCandidate {
  return {
    candidate: { foundation, component: 1, transport: 'udp', priority: prio, address, port, type: 'host' },
    ip: address,
    family: 'IPv4',
  };
}

describe('CheckList', () => {
  it('orders pairs by priority, freezes same-foundation pairs and prunes srflx locals', () => {
    const list = new CheckList(true);
    const h = local('10.0.0.1', 1, 'host', 2130706431);
    const s = local('5.5.5.5', 9, 'srflx', 1694498815);
    expect(CheckList.canPair(s, remote('1.1.1.1', 1, 100))).toBe(false);
    const p1 = list.add(h, remote('1.1.1.1', 1, 100, 'x'))!;
    const p2 = list.add(h, remote('1.1.1.2', 1, 200, 'x'))!;
    const p3 = list.add(h, remote('1.1.1.3', 1, 300, 'y'))!;
    expect(list.pairs).toEqual([p3, p2, p1]);
    expect(p1.state).toBe('waiting');
    expect(p2.state).toBe('frozen');
    expect(p3.state).toBe('waiting');
    // redundant pair: same base and remote
    expect(list.add(h, remote('1.1.1.1', 1, 100, 'x'))).toBe(p1);
  });

  it('picks triggered checks first, then waiting, then unfreezes', () => {
    const list = new CheckList(true);
    const h = local('10.0.0.1', 1, 'host', 1000);
    const a = list.add(h, remote('1.1.1.1', 1, 100, 'x'))!;
    const b = list.add(h, remote('1.1.1.2', 1, 50, 'x'))!;
    list.trigger(b);
    expect(list.nextPair()).toBe(b);
    expect(list.nextPair()).toBe(a);
    a.state = 'succeeded';
    b.state = 'failed';
    expect(list.nextPair()).toBeUndefined();
    expect(list.isDone()).toBe(true);
  });

  it('recomputes priorities on a role change', () => {
    const list = new CheckList(true);
    const p = list.add(local('10.0.0.1', 1, 'host', 2130706431), remote('1.1.1.1', 1, 1694498815))!;
    expect(p.priority).toBe(7277816997797167103n);
    list.setControlling(false);
    expect(p.priority).toBe(7277816997797167102n);
  });

  it('bounds the number of pairs', () => {
    const list = new CheckList(true, 3);
    const h = local('10.0.0.1', 1, 'host', 1000);
    for (let i = 1; i <= 5; i++) list.add(h, remote(`1.1.1.${i}`, 1, i * 10, `f${i}`));
    expect(list.pairs.length).toBe(3);
  });
});
