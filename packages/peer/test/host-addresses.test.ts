// Which local addresses become host candidates (RFC 8445 §5.1.1.1: loopback addresses MUST NOT be
// candidates; we still use them on a machine that has nothing else, or when asked to).
import type { NetworkInterfaceInfo } from 'node:os';
import { hostAddressesOf } from '../src/transport/udp-sockets.js';

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

const machine = {
  lo: [iface('127.0.0.1', true), iface('::1', true, 'IPv6')],
  eth0: [iface('192.0.2.2', false), iface('2001:db8::2', false, 'IPv6')],
  wlan0: [iface('198.51.100.7', false)],
};

describe('host candidate addresses', () => {
  it('leave loopback out by default when another IPv4 interface exists', () => {
    expect(hostAddressesOf(machine).map((a) => a.address)).toEqual(['192.0.2.2', '198.51.100.7']);
  });

  it('use loopback by default on a machine with nothing else (a namespace with only lo)', () => {
    expect(hostAddressesOf({ lo: machine.lo })).toEqual([{ address: '127.0.0.1', interfaceIndex: 0 }]);
  });

  it('add loopback after the others when asked, and never when told not to', () => {
    expect(hostAddressesOf(machine, true).map((a) => a.address)).toEqual([
      '192.0.2.2',
      '198.51.100.7',
      '127.0.0.1',
    ]);
    expect(hostAddressesOf({ lo: machine.lo }, false)).toEqual([]);
  });

  it('number interfaces in order, for the local preference', () => {
    expect(hostAddressesOf(machine, true).map((a) => a.interfaceIndex)).toEqual([0, 1, 2]);
  });
});
