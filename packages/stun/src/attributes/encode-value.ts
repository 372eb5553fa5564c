import { StunError } from '../errors.js';
import { encodeAddress } from './address-codec.js';
import { AttributeCode } from './codes.js';
import { MAX_TEXT_BYTES, writeUtf8 } from './text.js';
import type { PasswordAlgorithm, StunAttribute } from './types.js';

/**
 * Writes one attribute (4-byte header, value, zero padding to 4 bytes) at out[offset..] and returns the
 * offset after it. `out` must have at least 1 KiB of room past offset for the fixed-size attributes;
 * variable-size values are bounds-checked here.
 */
export function writeAttribute(
  attr: StunAttribute,
  out: Uint8Array,
  offset: number,
  transactionId: Uint8Array,
): number {
  const v = offset + 4;
  let code: number;
  let length: number;
  switch (attr.type) {
    case 'MAPPED-ADDRESS':
    case 'ALTERNATE-SERVER':
    case 'RESPONSE-ORIGIN':
    case 'OTHER-ADDRESS':
      code = AttributeCode[attr.type];
      length = encodeAddress(attr.value, out, v, false, transactionId);
      break;
    case 'XOR-MAPPED-ADDRESS':
    case 'XOR-PEER-ADDRESS':
    case 'XOR-RELAYED-ADDRESS':
      code = AttributeCode[attr.type];
      length = encodeAddress(attr.value, out, v, true, transactionId);
      break;
    case 'USERNAME':
    case 'REALM':
    case 'NONCE':
    case 'SOFTWARE':
    case 'ALTERNATE-DOMAIN':
      code = AttributeCode[attr.type];
      length = writeUtf8(attr.value, out, v, MAX_TEXT_BYTES, attr.type);
      break;
    case 'USERHASH':
      if (attr.value.length !== 32) throw invalid('USERHASH must be 32 bytes');
      code = AttributeCode.USERHASH;
      length = writeBytes(attr.value, out, v);
      break;
    case 'ERROR-CODE': {
      const { code: ec, reason } = attr.value;
      // RFC 8489 §14.8: class 3..6, number 0..99.
      if (!Number.isInteger(ec) || ec < 300 || ec > 699) throw invalid(`ERROR-CODE ${ec} is not 300..699`);
      code = AttributeCode['ERROR-CODE'];
      out[v] = 0;
      out[v + 1] = 0;
      out[v + 2] = Math.floor(ec / 100);
      out[v + 3] = ec % 100;
      length = 4 + writeUtf8(reason, out, v + 4, MAX_TEXT_BYTES, 'ERROR-CODE reason');
      break;
    }
    case 'UNKNOWN-ATTRIBUTES':
      code = AttributeCode['UNKNOWN-ATTRIBUTES'];
      length = 2 * attr.value.length;
      checkRoom(out, v, length);
      attr.value.forEach((t, i) => {
        writeU16(out, v + 2 * i, checkU16(t, 'UNKNOWN-ATTRIBUTES entry'));
      });
      break;
    case 'PASSWORD-ALGORITHM':
      code = AttributeCode['PASSWORD-ALGORITHM'];
      length = writePasswordAlgorithm(attr.value, out, v) - v;
      break;
    case 'PASSWORD-ALGORITHMS': {
      code = AttributeCode['PASSWORD-ALGORITHMS'];
      let p = v;
      for (const alg of attr.value) p = writePasswordAlgorithm(alg, out, p);
      length = p - v;
      break;
    }
    case 'PRIORITY':
    case 'LIFETIME':
      code = AttributeCode[attr.type];
      writeU32(out, v, checkU32(attr.value, attr.type));
      length = 4;
      break;
    case 'USE-CANDIDATE':
    case 'DONT-FRAGMENT':
      code = AttributeCode[attr.type];
      length = 0;
      break;
    case 'ICE-CONTROLLED':
    case 'ICE-CONTROLLING': {
      const x = attr.value;
      if (typeof x !== 'bigint' || x < 0n || x > 0xffffffffffffffffn) throw invalid(`${attr.type} not a u64`);
      code = AttributeCode[attr.type];
      writeU32(out, v, Number(x >> 32n));
      writeU32(out, v + 4, Number(x & 0xffffffffn));
      length = 8;
      break;
    }
    case 'CHANNEL-NUMBER':
      code = AttributeCode['CHANNEL-NUMBER'];
      writeU16(out, v, checkU16(attr.value, 'CHANNEL-NUMBER'));
      writeU16(out, v + 2, 0);
      length = 4;
      break;
    case 'DATA':
      code = AttributeCode.DATA;
      length = writeBytes(attr.value, out, v);
      break;
    case 'REQUESTED-TRANSPORT':
      if (!Number.isInteger(attr.value) || attr.value < 0 || attr.value > 255) {
        throw invalid('REQUESTED-TRANSPORT must be a protocol number 0..255');
      }
      code = AttributeCode['REQUESTED-TRANSPORT'];
      writeU32(out, v, attr.value * 0x1000000);
      length = 4;
      break;
    case 'RESERVATION-TOKEN':
      if (attr.value.length !== 8) throw invalid('RESERVATION-TOKEN must be 8 bytes');
      code = AttributeCode['RESERVATION-TOKEN'];
      length = writeBytes(attr.value, out, v);
      break;
    case 'EVEN-PORT':
      code = AttributeCode['EVEN-PORT'];
      out[v] = attr.value.reserve ? 0x80 : 0;
      length = 1;
      break;
    case 'REQUESTED-ADDRESS-FAMILY':
    case 'ADDITIONAL-ADDRESS-FAMILY':
      code = AttributeCode[attr.type];
      if (attr.value !== 'IPv4' && attr.value !== 'IPv6') throw invalid(`${attr.type} must be IPv4 or IPv6`);
      writeU32(out, v, attr.value === 'IPv4' ? 0x01000000 : 0x02000000);
      length = 4;
      break;
    case 'RAW':
      code = checkU16(attr.code, 'RAW attribute code');
      if (code === 0x0008 || code === 0x001c || code === 0x8028) {
        // These are computed by encodeMessage; writing them by hand would produce unverifiable messages.
        throw invalid('MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT are added through EncodeOptions');
      }
      length = writeBytes(attr.value, out, v);
      break;
    default:
      throw invalid(`unknown attribute type ${String((attr as { type: unknown }).type)}`);
  }
  writeU16(out, offset, code);
  writeU16(out, offset + 2, length);
  let end = v + length;
  // RFC 8489 §14: values are padded to a multiple of 4 bytes; we send zeros.
  while (end & 3) out[end++] = 0;
  return end;
}

function writePasswordAlgorithm(alg: PasswordAlgorithm, out: Uint8Array, p: number): number {
  writeU16(out, p, checkU16(alg.algorithm, 'PASSWORD-ALGORITHM'));
  writeU16(out, p + 2, checkU16(alg.parameters.length, 'PASSWORD-ALGORITHM parameters length'));
  let end = p + 4 + writeBytes(alg.parameters, out, p + 4);
  while (end & 3) out[end++] = 0;
  return end;
}

function writeBytes(src: Uint8Array, out: Uint8Array, at: number): number {
  checkRoom(out, at, src.length);
  out.set(src, at);
  return src.length;
}

function checkRoom(out: Uint8Array, at: number, length: number): void {
  // 4 bytes of slack for padding; the caller checks the final 16-bit message length.
  if (at + length + 4 > out.length)
    throw new StunError('too-large', 'attribute does not fit in a STUN message');
}

function writeU16(out: Uint8Array, at: number, x: number): void {
  out[at] = x >>> 8;
  out[at + 1] = x & 0xff;
}

function writeU32(out: Uint8Array, at: number, x: number): void {
  out[at] = x >>> 24;
  out[at + 1] = (x >>> 16) & 0xff;
  out[at + 2] = (x >>> 8) & 0xff;
  out[at + 3] = x & 0xff;
}

function checkU16(x: number, what: string): number {
  if (!Number.isInteger(x) || x < 0 || x > 0xffff) throw invalid(`${what} must be 0..65535`);
  return x;
}

function checkU32(x: number, what: string): number {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff)
    throw invalid(`${what} must be a 32-bit unsigned integer`);
  return x;
}

function invalid(message: string): StunError {
  return new StunError('invalid-attribute', message);
}
