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
