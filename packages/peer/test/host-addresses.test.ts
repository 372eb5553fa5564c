// Which local addresses become host candidates, and in which order (RFC 8445 §5.1.1.1: loopback
// addresses MUST NOT be candidates, we still use them on a machine that has nothing else or when
// asked to; IPv6 global and unique-local addresses join IPv4 ones, interleaved per RFC 8421 §4).
import type { NetworkInterfaceInfo } from 'node:os';
import { IceAgent } from '@rtc/ice';
import {
  hostAddressesOf,
  isUsableIPv6,
  localAddresses,
  MAX_IPV6_HOST_ADDRESSES,
} from '../src/transport/udp-sockets.js';

function iface(address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo {
  return {
    address,
    internal,
    family,
    netmask: family === 'IPv4' ? '255.0.0.0' : 'ffff::',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  } as NetworkInterfaceInfo;
}
const v6 = (address: string, internal = false) => iface(address, internal, 'IPv6');

const lo = [iface('127.0.0.1', true), v6('::1', true)];
const machine = {
  lo,
  eth0: [iface('192.0.2.2', false), v6('2001:db8::2'), v6('fe80::1')],
  wlan0: [iface('198.51.100.7', false), v6('fd12:3456:789a::7')],
};
const addressesOf = (...args: Parameters<typeof hostAddressesOf>) =>
  hostAddressesOf(...args).map((a) => a.address);

describe('host candidate addresses: loopback policy', () => {
  it('leave loopback (127.0.0.1 and ::1) out by default when another interface exists', () => {
    expect(addressesOf(machine)).not.toContain('127.0.0.1');
    expect(addressesOf(machine)).not.toContain('::1');
  });

  it('an IPv4-only or IPv6-only other interface is enough to leave loopback out', () => {
    expect(addressesOf({ lo, eth0: [iface('192.0.2.2', false)] })).toEqual(['192.0.2.2']);
    expect(addressesOf({ lo, eth0: [v6('2001:db8::2')] })).toEqual(['2001:db8::2']);
  });

  it('use loopback by default on a machine with nothing else, ::1 first (RFC 8421 §4)', () => {
    expect(hostAddressesOf({ lo })).toEqual([
      { address: '::1', interfaceIndex: 0 },
      { address: '127.0.0.1', interfaceIndex: 1 },
    ]);
    expect(addressesOf({ lo: [iface('127.0.0.1', true)] })).toEqual(['127.0.0.1']);
    expect(addressesOf({ lo: [v6('::1', true)] })).toEqual(['::1']);
  });

  it('a link-local-only interface counts as nothing: loopback is used', () => {
    expect(addressesOf({ lo, eth0: [v6('fe80::1')] })).toEqual(['::1', '127.0.0.1']);
  });

  it('add loopback after the others when asked, and never when told not to', () => {
    expect(addressesOf(machine, true).slice(-2)).toEqual(['::1', '127.0.0.1']);
    expect(hostAddressesOf({ lo }, false)).toEqual([]);
    expect(addressesOf(machine, false)).toEqual(addressesOf(machine));
  });
});

describe('host candidate addresses: IPv6 selection', () => {
  it('global and unique-local IPv6 addresses become candidates; link-local ones do not', () => {
    const out = addressesOf(machine);
    expect(out).toContain('2001:db8::2');
    expect(out).toContain('fd12:3456:789a::7');
    expect(out).not.toContain('fe80::1');
  });

  it('IPv4-mapped, IPv4-compatible, unspecified, site-local and multicast addresses are left out', () => {
    const odd = ['::ffff:192.0.2.9', '::ffff:c000:209', '::192.0.2.9', '::', 'fec0::1', 'ff02::1', 'FE80::2'];
    expect(addressesOf({ eth0: odd.map((a) => v6(a)) })).toEqual([]);
    for (const a of odd) expect(isUsableIPv6(a)).toBe(false);
  });

  it('isUsableIPv6 accepts global and ULA text in any form, rejects ::1 and non-IPv6', () => {
    for (const a of ['2001:db8::1', '2001:0DB8:0:0:0:0:0:1', 'fc00::1', 'fdff::1', '2a00:1450::200e'])
      expect(isUsableIPv6(a)).toBe(true);
    for (const a of ['::1', '192.0.2.1', 'example.com', 'fe80::1%eth0', ''])
      expect(isUsableIPv6(a)).toBe(false);
  });

  it(`at most ${MAX_IPV6_HOST_ADDRESSES} IPv6 addresses, the first ones listed`, () => {
    const many = Array.from({ length: 8 }, (_, i) => v6(`2001:db8::${i + 1}`));
    const out = addressesOf({ eth0: many });
    expect(out).toEqual(many.slice(0, MAX_IPV6_HOST_ADDRESSES).map((a) => a.address));
  });

  it('an IPv4 entry with a non-IPv4 address is ignored', () => {
    expect(addressesOf({ eth0: [iface('2001:db8::9', false, 'IPv4'), iface('192.0.2.2', false)] })).toEqual([
      '192.0.2.2',
    ]);
  });
});

describe('host candidate order (RFC 8421 §4: families intermingled, IPv6 first)', () => {
  it('IPv6 and IPv4 alternate, IPv6 first; the longer family continues in interface order', () => {
    expect(addressesOf(machine)).toEqual(['2001:db8::2', '192.0.2.2', 'fd12:3456:789a::7', '198.51.100.7']);
    const v4heavy = {
      eth0: [iface('192.0.2.1', false), iface('192.0.2.2', false), iface('192.0.2.3', false)],
      eth1: [v6('2001:db8::1')],
    };
    expect(addressesOf(v4heavy)).toEqual(['2001:db8::1', '192.0.2.1', '192.0.2.2', '192.0.2.3']);
  });

  it('number addresses in that order, for the local preference', () => {
    expect(hostAddressesOf(machine, true).map((a) => a.interfaceIndex)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  /** The host candidate priorities the ICE core gives these addresses, highest first. */
  function rankedByIce(addresses: { address: string; interfaceIndex: number }[]): string[] {
    const agent = new IceAgent({ role: 'controlling' });
    addresses.forEach((h, i) => {
      const family = h.address.includes(':') ? 'IPv6' : 'IPv4';
      agent.addHostSocket({ socketId: `s${i}`, port: 5000 + i, family, ...h }, 0);
    });
    const candidates = agent.getLocalCandidates();
    // RFC 8445 §5.1.2.1: the local preference is unique per candidate of one type and component.
    expect(new Set(candidates.map((c) => c.priority)).size).toBe(candidates.length);
    return candidates.sort((a, b) => b.priority - a.priority).map((c) => c.address);
  }

  it('one address per family: the IPv6 candidate ranks first', () => {
    const one = { eth0: [iface('192.0.2.2', false), v6('2001:db8::2')] };
    expect(rankedByIce(hostAddressesOf(one))).toEqual(['2001:db8::2', '192.0.2.2']);
  });

  it('loopback: ::1 and 127.0.0.1 rank in the interleaved order', () => {
    expect(rankedByIce(hostAddressesOf({ lo }))).toEqual(['::1', '127.0.0.1']);
  });

  it('two addresses per family: priorities alternate IPv6, IPv4 (RFC 8421 §4)', () => {
    expect(rankedByIce(hostAddressesOf(machine))).toEqual([
      '2001:db8::2',
      '192.0.2.2',
      'fd12:3456:789a::7',
      '198.51.100.7',
    ]);
  });
});

describe('default gathering (localAddresses)', () => {
  // Dual-stack: a controlled agent follows the pair the controlling peer moves its data to, and keeps
  // the sockets of every pair it nominated (@rtc/ice), so IPv6 candidates beside IPv4 ones are safe.
  it('a machine with both families gathers both, interleaved IPv6 first (RFC 8421 §4)', () => {
    expect(localAddresses({}, machine)).toEqual([
      { address: '2001:db8::2', interfaceIndex: 0 },
      { address: '192.0.2.2', interfaceIndex: 1 },
      { address: 'fd12:3456:789a::7', interfaceIndex: 2 },
      { address: '198.51.100.7', interfaceIndex: 3 },
    ]);
  });

  it('an IPv6-only machine gathers IPv6, a loopback-only machine both loopback addresses', () => {
    const v6only = { lo, eth0: [v6('2001:db8::2'), v6('fe80::1')] };
    expect(localAddresses({}, v6only).map((a) => a.address)).toEqual(['2001:db8::2']);
    expect(localAddresses({}, { lo }).map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
  });

  it("this machine's addresses per loopback policy are reused, each caller getting its own copy", () => {
    const first = localAddresses({ includeLoopback: true });
    first[0]!.address = 'changed';
    first.pop();
    const again = localAddresses({ includeLoopback: true });
    expect(again.length).toBeGreaterThan(0);
    expect(again).not.toContainEqual(expect.objectContaining({ address: 'changed' }));
    expect(localAddresses({ includeLoopback: true })).toEqual(again);
    // Loopback comes last with `true`, and only where nothing else exists with 'auto'.
    const auto = localAddresses().map((a) => a.address);
    expect(again.map((a) => a.address).slice(0, auto.length)).toEqual(auto);
  });

  it('hostAddresses are used exactly as given, in their order', () => {
    expect(localAddresses({ only: ['192.0.2.2', '[fd00::2]'] }, machine)).toEqual([
      { address: '192.0.2.2', interfaceIndex: 0 },
      { address: '[fd00::2]', interfaceIndex: 1 },
    ]);
  });
});
