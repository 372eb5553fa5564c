import { DtlsError } from '../errors.js';

/** The handful of ASN.1 DER tags an X.509 certificate needs (X.690 §8). */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
  CONTEXT_3: 0xa3,
} as const;

// ---- writing ----

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n >>>= 8;
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of content) n += c.length;
  const len = lengthBytes(n);
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  let pos = 1 + len.length;
  for (const c of content) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

export const sequence = (...c: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...c);

/** A non-negative INTEGER from big-endian magnitude bytes (leading zero added when the high bit is set). */
export function integer(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return m[0]! & 0x80 ? tlv(TAG.INTEGER, new Uint8Array([0]), m) : tlv(TAG.INTEGER, m);
}

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(...chunk);
  }
  return tlv(TAG.OID, new Uint8Array(bytes));
}

export const bitString = (b: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, new Uint8Array([0]), b);
export const utf8 = (s: string): Uint8Array => tlv(TAG.UTF8_STRING, new TextEncoder().encode(s));

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(ms: number): Uint8Array {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const enc = new TextEncoder();
  return y < 2050
    ? tlv(TAG.UTC_TIME, enc.encode(`${p(y % 100)}${rest}`))
    : tlv(TAG.GENERALIZED_TIME, enc.encode(`${p(y, 4)}${rest}`));
}

// ---- reading ----

export interface DerNode {
  readonly tag: number;
  /** The content octets. */
  readonly value: Uint8Array;
  /** The whole TLV encoding. */
  readonly raw: Uint8Array;
}

/** Read one TLV at `offset`; definite lengths only (DER), bounded by the input. */
export function readNode(buf: Uint8Array, offset = 0): DerNode {
  if (offset + 2 > buf.length) throw new DtlsError('decode', 'DER: truncated');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DtlsError('decode', 'DER: high tag numbers unsupported');
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) throw new DtlsError('decode', 'DER: bad length');
    len = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= buf.length) throw new DtlsError('decode', 'DER: truncated');
      len = len * 256 + buf[pos++]!;
    }
  }
  if (pos + len > buf.length) throw new DtlsError('decode', 'DER: truncated');
  return { tag, value: buf.subarray(pos, pos + len), raw: buf.subarray(offset, pos + len) };
}

/** The children of a constructed node. */
export function children(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let pos = 0;
  while (pos < node.value.length) {
    const c = readNode(node.value, pos);
    out.push(c);
    pos += c.raw.length;
    if (out.length > 64) throw new DtlsError('decode', 'DER: too many elements');
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DtlsError('decode', `DER: expected ${what}`);
  return node;
}

export function decodeOid(value: Uint8Array): string {
  if (value.length === 0) throw new DtlsError('decode', 'DER: empty OID');
  const parts = [Math.floor(value[0]! / 40), value[0]! % 40];
  let v = 0;
  for (let i = 1; i < value.length; i++) {
    v = v * 128 + (value[i]! & 0x7f);
    if (!(value[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
