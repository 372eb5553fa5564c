import { StunError } from '../errors.js';
import { decodeAddress } from './address-codec.js';
import { decodeUtf8 } from './text.js';
import type { PasswordAlgorithm, StunAttribute } from './types.js';

/**
 * Decodes one attribute value b[start, start+length) of the given type code. Unknown codes become RAW.
 * Malformed values of known attributes throw StunError('invalid-attribute').
 */
export function decodeAttributeValue(
  code: number,
  b: Uint8Array,
  start: number,
  length: number,
  transactionId: Uint8Array,
): StunAttribute {
  const end = start + length;
  switch (code) {
    case 0x0001:
      return { type: 'MAPPED-ADDRESS', value: decodeAddress(b, start, length, false, transactionId) };
    case 0x0020:
      return { type: 'XOR-MAPPED-ADDRESS', value: decodeAddress(b, start, length, true, transactionId) };
    case 0x8023:
      return { type: 'ALTERNATE-SERVER', value: decodeAddress(b, start, length, false, transactionId) };
    case 0x802b:
      return { type: 'RESPONSE-ORIGIN', value: decodeAddress(b, start, length, false, transactionId) };
    case 0x802c:
      return { type: 'OTHER-ADDRESS', value: decodeAddress(b, start, length, false, transactionId) };
    case 0x0012:
      return { type: 'XOR-PEER-ADDRESS', value: decodeAddress(b, start, length, true, transactionId) };
    case 0x0016:
      return { type: 'XOR-RELAYED-ADDRESS', value: decodeAddress(b, start, length, true, transactionId) };
    case 0x0006:
      return { type: 'USERNAME', value: decodeUtf8(b, start, end) };
    case 0x0014:
      return { type: 'REALM', value: decodeUtf8(b, start, end) };
    case 0x0015:
      return { type: 'NONCE', value: decodeUtf8(b, start, end) };
    case 0x8022:
      return { type: 'SOFTWARE', value: decodeUtf8(b, start, end) };
    case 0x8003:
      return { type: 'ALTERNATE-DOMAIN', value: decodeUtf8(b, start, end) };
    case 0x001e:
      // RFC 8489 §14.4: USERHASH is a 32-byte SHA-256 value.
      expectLength(length, 32, 'USERHASH');
      return { type: 'USERHASH', value: b.subarray(start, end) };
    case 0x0009: {
      // RFC 8489 §14.8: 21 reserved bits, 3-bit class, 8-bit number, then the reason phrase.
      if (length < 4) throw invalid('ERROR-CODE shorter than 4 bytes');
      const cls = b[start + 2]! & 0x07;
      const num = b[start + 3]!;
      return { type: 'ERROR-CODE', value: { code: cls * 100 + num, reason: decodeUtf8(b, start + 4, end) } };
    }
    case 0x000a: {
      if (length % 2 !== 0) throw invalid('UNKNOWN-ATTRIBUTES length is odd');
      const list: number[] = [];
      for (let i = start; i < end; i += 2) list.push((b[i]! << 8) | b[i + 1]!);
      return { type: 'UNKNOWN-ATTRIBUTES', value: list };
    }
    case 0x001d: {
      const [alg, next] = readPasswordAlgorithm(b, start, end);
      if (next !== end) throw invalid('PASSWORD-ALGORITHM has trailing bytes');
      return { type: 'PASSWORD-ALGORITHM', value: alg };
    }
    case 0x8002: {
      const list: PasswordAlgorithm[] = [];
      for (let i = start; i < end; ) {
        const [alg, next] = readPasswordAlgorithm(b, i, end);
        list.push(alg);
        i = next;
      }
      return { type: 'PASSWORD-ALGORITHMS', value: list };
    }
    case 0x0024:
      expectLength(length, 4, 'PRIORITY');
      return { type: 'PRIORITY', value: readU32(b, start) };
    case 0x0025:
      expectLength(length, 0, 'USE-CANDIDATE');
      return { type: 'USE-CANDIDATE' };
    case 0x8029:
      expectLength(length, 8, 'ICE-CONTROLLED');
      return { type: 'ICE-CONTROLLED', value: readU64(b, start) };
    case 0x802a:
      expectLength(length, 8, 'ICE-CONTROLLING');
      return { type: 'ICE-CONTROLLING', value: readU64(b, start) };
    case 0x000c:
      // RFC 8656 §18.1: channel number then 16 RFFU bits.
      expectLength(length, 4, 'CHANNEL-NUMBER');
      return { type: 'CHANNEL-NUMBER', value: (b[start]! << 8) | b[start + 1]! };
    case 0x000d:
      expectLength(length, 4, 'LIFETIME');
      return { type: 'LIFETIME', value: readU32(b, start) };
    case 0x0013:
      return { type: 'DATA', value: b.subarray(start, end) };
    case 0x0019:
      // RFC 8656 §18.7: protocol number then 24 RFFU bits.
      expectLength(length, 4, 'REQUESTED-TRANSPORT');
      return { type: 'REQUESTED-TRANSPORT', value: b[start]! };
    case 0x001a:
      expectLength(length, 0, 'DONT-FRAGMENT');
      return { type: 'DONT-FRAGMENT' };
    case 0x0022:
      expectLength(length, 8, 'RESERVATION-TOKEN');
      return { type: 'RESERVATION-TOKEN', value: b.subarray(start, end) };
    case 0x0018:
      // RFC 8656 §18.6: one byte whose top bit is R.
      expectLength(length, 1, 'EVEN-PORT');
      return { type: 'EVEN-PORT', value: { reserve: (b[start]! & 0x80) !== 0 } };
    case 0x0017:
      expectLength(length, 4, 'REQUESTED-ADDRESS-FAMILY');
      return { type: 'REQUESTED-ADDRESS-FAMILY', value: readFamily(b[start]!, 'REQUESTED-ADDRESS-FAMILY') };
    case 0x8000:
      expectLength(length, 4, 'ADDITIONAL-ADDRESS-FAMILY');
      return { type: 'ADDITIONAL-ADDRESS-FAMILY', value: readFamily(b[start]!, 'ADDITIONAL-ADDRESS-FAMILY') };
    default:
      return { type: 'RAW', code, value: b.subarray(start, end) };
  }
}

function readPasswordAlgorithm(b: Uint8Array, i: number, end: number): [PasswordAlgorithm, number] {
  // RFC 8489 §14.11: algorithm (16), parameters length (16), parameters padded to 4 bytes.
  if (i + 4 > end) throw invalid('PASSWORD-ALGORITHM entry truncated');
  const algorithm = (b[i]! << 8) | b[i + 1]!;
  const plen = (b[i + 2]! << 8) | b[i + 3]!;
  const pstart = i + 4;
  const next = pstart + ((plen + 3) & ~3);
  if (pstart + plen > end || next > end) throw invalid('PASSWORD-ALGORITHM parameters past the end');
  return [{ algorithm, parameters: b.subarray(pstart, pstart + plen) }, next];
}

function readFamily(v: number, what: string): 'IPv4' | 'IPv6' {
  if (v === 0x01) return 'IPv4';
  if (v === 0x02) return 'IPv6';
  throw invalid(`${what} has unknown family ${v}`);
}

function readU32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

function readU64(b: Uint8Array, i: number): bigint {
  const hi = readU32(b, i);
  const lo = readU32(b, i + 4);
  // One BigInt conversion when the value fits in a double exactly (2^53), two otherwise.
  return hi < 0x200000 ? BigInt(hi * 0x100000000 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

function expectLength(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw invalid(`${what} must be ${expected} bytes, got ${actual}`);
}

function invalid(message: string): StunError {
  return new StunError('invalid-attribute', message);
}
