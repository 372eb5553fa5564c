import { StunError } from '../errors.js';

/** An IP transport address as carried by the address attributes. `address` is text (RFC 5952 for IPv6). */
export interface TransportAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  port: number;
}

/** Writes dotted-quad IPv4 text into out[offset..offset+4). */
export function writeIPv4(text: string, out: Uint8Array, offset: number): void {
  let part = 0;
  let value = -1;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (value < 0 || part > 3) throw badAddress(text);
      out[offset + part++] = value;
      value = -1;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      value = (value < 0 ? 0 : value * 10) + (c - 0x30);
      if (++digits > 3 || value > 255) throw badAddress(text);
    } else {
      throw badAddress(text);
    }
  }
  if (part !== 4) throw badAddress(text);
}

/** Writes IPv6 text (full, compressed with "::", or with an embedded IPv4 tail) into out[offset..+16). */
export function writeIPv6(text: string, out: Uint8Array, offset: number): void {
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.startsWith('::')) {
    gap = 0;
    i = 2;
  }
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    const piece = colon < 0 ? text.slice(i) : text.slice(i, colon);
    if (piece.includes('.')) {
      // RFC 4291 §2.2: the last 32 bits may be written as IPv4 text.
      if (colon >= 0) throw badAddress(text);
      const v4 = new Uint8Array(4);
      writeIPv4(piece, v4, 0);
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      break;
    }
    if (piece.length === 0 || piece.length > 4 || !/^[0-9a-fA-F]+$/.test(piece)) throw badAddress(text);
    groups.push(Number.parseInt(piece, 16));
    if (colon < 0) break;
    if (text.charCodeAt(colon + 1) === 0x3a) {
      if (gap >= 0) throw badAddress(text);
      gap = groups.length;
      i = colon + 2;
    } else {
      i = colon + 1;
      if (i === text.length) throw badAddress(text);
    }
  }
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) throw badAddress(text);
  const fill = 8 - groups.length;
  for (let g = 0, k = 0; g < 8; g++) {
    const v = gap >= 0 && g >= gap && g < gap + fill ? 0 : groups[k++]!;
    out[offset + 2 * g] = v >>> 8;
    out[offset + 2 * g + 1] = v & 0xff;
  }
}

export function formatIPv4(b: Uint8Array, offset: number): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/** RFC 5952 §4: lowercase, no leading zeros, the longest run (>= 2) of zero groups as "::". */
export function formatIPv6(b: Uint8Array, offset: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[offset + 2 * i]! << 8) | b[offset + 2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return g.map((x) => x.toString(16)).join(':');
  const head = g.slice(0, bestStart).map((x) => x.toString(16));
  const tail = g.slice(bestStart + bestLen).map((x) => x.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

function badAddress(text: string): StunError {
  return new StunError('invalid-attribute', `not an IP address: ${JSON.stringify(text)}`);
}
