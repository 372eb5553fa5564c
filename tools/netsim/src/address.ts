import { NetsimError } from './errors.js';

/** A transport address: an IP literal (IPv4 dotted quad or IPv6) and a UDP port. */
export interface Address {
  readonly ip: string;
  readonly port: number;
}

export type IpFamily = 4 | 6;

/**
 * Returns the canonical text of an IP literal (IPv4 as is, IPv6 in the RFC 5952 form) so that
 * `::1` and `0:0:0:0:0:0:0:1` name the same host. Throws NetsimError('bad-address') otherwise.
 */
export function canonicalIp(ip: string): string {
  if (ip.includes(':')) return formatIpv6(parseIpv6(ip));
  parseIpv4(ip);
  return ip;
}

/** The 4 or 16 bytes of an IP literal, network order. */
export function ipBytes(ip: string): Uint8Array {
  if (ip.includes(':')) {
    const out = new Uint8Array(16);
    parseIpv6(ip).forEach((g, i) => {
      out[2 * i] = g >> 8;
      out[2 * i + 1] = g & 0xff;
    });
    return out;
  }
  return Uint8Array.from(parseIpv4(ip));
}

export function ipFamily(ip: string): IpFamily {
  return ip.includes(':') ? 6 : 4;
}

export function addressKey(a: Address): string {
  return ipFamily(a.ip) === 6 ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

export function formatAddress(a: Address): string {
  return addressKey(a);
}

export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new NetsimError('bad-address', `bad port ${port}`);
  }
}

function parseIpv4(ip: string): number[] {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new NetsimError('bad-address', `bad IPv4 address '${ip}'`);
  return parts.map((p) => {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) {
      throw new NetsimError('bad-address', `bad IPv4 address '${ip}'`);
    }
    return Number(p);
  });
}

function parseIpv6(ip: string): number[] {
  const bad = (): NetsimError => new NetsimError('bad-address', `bad IPv6 address '${ip}'`);
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
    const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) throw bad();
  const group = (g: string): number => {
    if (!/^[0-9a-f]{1,4}$/.test(g)) throw bad();
    return Number.parseInt(g, 16);
  };
  const head = halves[0] === '' ? [] : halves[0]!.split(':').map(group);
  if (halves.length === 1) {
    if (head.length !== 8) throw bad();
    return head;
  }
  const tail = halves[1] === '' ? [] : halves[1]!.split(':').map(group);
  const fill = 8 - head.length - tail.length;
  if (fill < 1) throw bad();
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

// RFC 5952 §4: lower case, no leading zeros, the longest run (>= 2) of zero groups as '::'.
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}
