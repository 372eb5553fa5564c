/** A transport address: IP text (IPv6 without brackets) and port. */
export interface Address {
  address: string;
  port: number;
}

export type AddressFamily = 'IPv4' | 'IPv6';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** A loose IPv6 check (hex groups, at most one "::", optional IPv4 tail and zone). */
export function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 64 || !text.includes(':')) return false;
  const zone = text.indexOf('%');
  const body = zone >= 0 ? text.slice(0, zone) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(body)) return false;
  const doubles = body.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = body.split(':').filter((g) => g.length > 0);
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g.includes('.')) {
      if (i !== groups.length - 1 || !isIPv4(g)) return false;
      count += 2;
    } else {
      if (g.length > 4) return false;
      count += 1;
    }
  }
  return doubles === 1 ? count <= 7 : count === 8;
}

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
