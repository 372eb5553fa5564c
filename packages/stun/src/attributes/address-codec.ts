import { MAGIC_COOKIE } from '../constants.js';
import { StunError } from '../errors.js';
import { formatIPv4, formatIPv6, type TransportAddress, writeIPv4, writeIPv6 } from './ip-address.js';

// RFC 8489 §14.1 / §14.2: family (1 = IPv4, 2 = IPv6), port, address. The XOR variant XORs the port with
// the cookie's top 16 bits and the address with the cookie (IPv4) or cookie || transaction id (IPv6).

export function decodeAddress(
  b: Uint8Array,
  start: number,
  length: number,
  xor: boolean,
  transactionId: Uint8Array,
): TransportAddress {
  if (length < 4) throw invalid('address attribute shorter than 4 bytes');
  const family = b[start + 1]!;
  let port = (b[start + 2]! << 8) | b[start + 3]!;
  if (xor) port ^= MAGIC_COOKIE >>> 16;
  if (family === 0x01) {
    if (length !== 8) throw invalid('IPv4 address attribute is not 8 bytes');
    if (!xor) return { family: 'IPv4', address: formatIPv4(b, start + 4), port };
    const a = start + 4;
    return {
      family: 'IPv4',
      address: `${b[a]! ^ 0x21}.${b[a + 1]! ^ 0x12}.${b[a + 2]! ^ 0xa4}.${b[a + 3]! ^ 0x42}`,
      port,
    };
  }
  if (family === 0x02) {
    if (length !== 20) throw invalid('IPv6 address attribute is not 20 bytes');
    if (!xor) return { family: 'IPv6', address: formatIPv6(b, start + 4), port };
    const tmp = new Uint8Array(16);
    for (let i = 0; i < 16; i++) tmp[i] = b[start + 4 + i]! ^ xorPad(i, transactionId);
    return { family: 'IPv6', address: formatIPv6(tmp, 0), port };
  }
  throw invalid(`unknown address family ${family}`);
}

/** Writes the value (without attribute header) and returns its length. */
export function encodeAddress(
  value: TransportAddress,
  out: Uint8Array,
  offset: number,
  xor: boolean,
  transactionId: Uint8Array,
): number {
  const { port } = value;
  if (!Number.isInteger(port) || port < 0 || port > 0xffff) throw invalid(`bad port ${port}`);
  const p = xor ? port ^ (MAGIC_COOKIE >>> 16) : port;
  out[offset] = 0;
  out[offset + 2] = p >>> 8;
  out[offset + 3] = p & 0xff;
  if (value.family === 'IPv4') {
    out[offset + 1] = 0x01;
    writeIPv4(value.address, out, offset + 4);
    if (xor) for (let i = 0; i < 4; i++) out[offset + 4 + i]! ^= xorPad(i, transactionId);
    return 8;
  }
  if (value.family === 'IPv6') {
    out[offset + 1] = 0x02;
    writeIPv6(value.address, out, offset + 4);
    if (xor) for (let i = 0; i < 16; i++) out[offset + 4 + i]! ^= xorPad(i, transactionId);
    return 20;
  }
  throw invalid(`unknown address family ${String((value as { family: unknown }).family)}`);
}

function xorPad(i: number, transactionId: Uint8Array): number {
  return i < 4 ? (MAGIC_COOKIE >>> (24 - 8 * i)) & 0xff : transactionId[i - 4]!;
}

function invalid(message: string): StunError {
  return new StunError('invalid-attribute', message);
}
