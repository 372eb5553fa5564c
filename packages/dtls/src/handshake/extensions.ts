import { DtlsError } from '../errors.js';
import { Reader } from '../wire/reader.js';
import { Writer } from '../wire/writer.js';

/** Extension codepoints we use (IANA TLS ExtensionType registry). */
export const ExtensionType = {
  supportedGroups: 10, // RFC 8422 §5.1.1
  ecPointFormats: 11, // RFC 8422 §5.1.2
  signatureAlgorithms: 13, // RFC 5246 §7.4.1.4.1
  useSrtp: 14, // RFC 5764 §4.1.1
  extendedMasterSecret: 23, // RFC 7627 §5.1
  recordSizeLimit: 28, // RFC 8449 §4, §7
  renegotiationInfo: 0xff01, // RFC 5746 §3.2
} as const;

export interface Extension {
  readonly type: number;
  readonly data: Uint8Array;
}

/** RFC 5246 §7.4.1.4: optional extensions block (absent, or a 2-byte length vector). */
export function decodeExtensions(r: Reader): Extension[] {
  if (r.remaining === 0) return [];
  const block = new Reader(r.vec(2), 'extensions');
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (block.remaining > 0) {
    const type = block.u16();
    const data = block.vec(2);
    // RFC 5246 §7.4.1.4: at most one extension of each type.
    if (seen.has(type)) throw new DtlsError('decode', `duplicate extension ${type}`);
    seen.add(type);
    out.push({ type, data });
  }
  return out;
}

export function encodeExtensions(w: Writer, exts: readonly Extension[]): void {
  if (exts.length === 0) return;
  w.nested(2, (x) => {
    for (const e of exts) x.u16(e.type).vec(2, e.data);
  });
}

export function findExtension(exts: readonly Extension[], type: number): Uint8Array | undefined {
  return exts.find((e) => e.type === type)?.data;
}

/** A vector of uint16 values with a 2-byte length (supported_groups, signature_algorithms). */
export function encodeU16List(values: readonly number[]): Uint8Array {
  const w = new Writer();
  w.nested(2, (x) => {
    for (const v of values) x.u16(v);
  });
  return w.finish();
}

export function decodeU16List(data: Uint8Array): number[] {
  const r = new Reader(data, 'u16 list');
  const list = new Reader(r.vec(2), 'u16 list');
  r.end();
  if (list.remaining % 2) throw new DtlsError('decode', 'odd u16 list');
  const out: number[] = [];
  while (list.remaining) out.push(list.u16());
  return out;
}

/** RFC 5764 §4.1.1: UseSRTPData = SRTPProtectionProfiles (uint16 list) + srtp_mki<0..255>. */
export function encodeUseSrtp(profiles: readonly number[], mki: Uint8Array = new Uint8Array()): Uint8Array {
  const w = new Writer();
  w.nested(2, (x) => {
    for (const p of profiles) x.u16(p);
  });
  w.vec(1, mki);
  return w.finish();
}

export function decodeUseSrtp(data: Uint8Array): { profiles: number[]; mki: Uint8Array } {
  const r = new Reader(data, 'use_srtp');
  const list = new Reader(r.vec(2), 'use_srtp');
  const mki = r.vec(1);
  r.end();
  if (list.remaining % 2) throw new DtlsError('decode', 'use_srtp: odd length');
  const profiles: number[] = [];
  while (list.remaining) profiles.push(list.u16());
  return { profiles, mki };
}

/** RFC 8449 §4: no endpoint may advertise (or have accepted from it) a limit below 64 bytes. */
export const MIN_RECORD_SIZE_LIMIT = 64;

/** RFC 8449 §4: the extension_data is a single uint16 RecordSizeLimit. */
export function encodeRecordSizeLimit(limit: number): Uint8Array {
  return new Writer(2).u16(limit).finish();
}

/**
 * RFC 8449 §4: the peer's RecordSizeLimit as sent. A body that is not exactly one uint16 is a
 * decode_error; a value under 64 is an illegal_parameter. Values above the protocol maximum are
 * returned as they are (a server must not refuse them, §4); callers clamp them to 2^14.
 */
export function decodeRecordSizeLimit(data: Uint8Array): number {
  const r = new Reader(data, 'record_size_limit');
  const limit = r.u16();
  r.end();
  if (limit < MIN_RECORD_SIZE_LIMIT) {
    throw new DtlsError('illegal-parameter', `record_size_limit ${limit} is below ${MIN_RECORD_SIZE_LIMIT}`);
  }
  return limit;
}
