import { networkInterfaces } from 'node:os';
import { type AddressFamily, isLinkLocalIPv6 } from '../candidate/address.js';
import { interleaveFamilies } from '../candidate/priority.js';

export interface InterfaceAddress {
  name: string;
  address: string;
  family: AddressFamily;
  internal: boolean;
}

export interface InterfaceFilterOptions {
  /** Include loopback addresses (default false, RFC 8445 §5.1.1.1). */
  includeLoopback?: boolean;
  /** Include IPv6 addresses (default true). */
  ipv6?: boolean;
  /** Include IPv6 link-local addresses (default false: they need a scope id to be reachable). */
  includeLinkLocal?: boolean;
  /** Keep only addresses this returns true for. */
  filter?: (address: InterfaceAddress) => boolean;
}

/**
 * The machine's interface addresses that become host candidates: os.networkInterfaces() order within
 * each family, the families interleaved IPv6 first (RFC 8421 §4; the order is the local preference).
 */
export function hostAddresses(options: InterfaceFilterOptions = {}): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const info of list ?? []) {
      const family: AddressFamily = info.family === 'IPv6' ? 'IPv6' : 'IPv4';
      const a: InterfaceAddress = { name, address: info.address, family, internal: info.internal };
      if (a.internal && !options.includeLoopback) continue;
      if (family === 'IPv6' && options.ipv6 === false) continue;
      if (family === 'IPv6' && isLinkLocalIPv6(a.address) && !options.includeLinkLocal) continue;
      if (options.filter && !options.filter(a)) continue;
      out.push(a);
    }
  }
  return interleaveFamilies(out);
}
