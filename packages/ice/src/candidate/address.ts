import { isIPv4, isIPv6 } from './ip-literal.js';

/** A transport address: IP text (IPv6 without brackets) and port. */
export interface Address {
  address: string;
  port: number;
}

export type AddressFamily = 'IPv4' | 'IPv6';

export { ipFamily, isIPv4, isIPv6 } from './ip-literal.js';

export function familyOf(address: string): AddressFamily | undefined {
  if (isIPv4(address)) return 'IPv4';
  if (isIPv6(address)) return 'IPv6';
  return undefined;
}

/** Compares two addresses, case-insensitively for IPv6 text. */
export function sameAddress(a: Address, b: Address): boolean {
  return a.port === b.port && a.address.toLowerCase() === b.address.toLowerCase();
}

/** A map key for an address. */
export function addressKey(a: Address): string {
  return `${a.address.toLowerCase()}|${a.port}`;
}

/** RFC 8445 §5.1.1.1: loopback addresses are not host candidates unless asked for. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

/** RFC 8445 §5.1.1.1: IPv6 link-local addresses are not used unless asked for. */
export function isLinkLocalIPv6(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address);
}
