import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type CryptoBackend,
  createNodeCryptoBackend,
  type GcmMode,
  nobleCryptoBackend,
} from '../src/index.js';

/** The node:crypto backend, built explicitly (jest's sandbox may lack process.getBuiltinModule). */
export const nodeCryptoBackend: CryptoBackend = createNodeCryptoBackend(nodeCrypto);

export function unhex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

// biome-ignore lint/suspicious/noExplicitAny: vector files are untyped JSON
export function loadVectors(name: string): any {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8'));
}

/** Both crypto paths: every vector runs on each. */
export const BACKENDS: ReadonlyArray<[string, CryptoBackend]> = [
  ['node', nodeCryptoBackend],
  ['noble', nobleCryptoBackend],
];

/** Both ways of running SRTP AES-GCM (the `gcm` option); other profiles ignore it. */
export const GCM_MODES: readonly GcmMode[] = ['aead', 'table', 'table8'];

/** Every (backend, GCM mode) path, for vectors that include AES-GCM. */
export const PATHS: ReadonlyArray<[string, CryptoBackend, GcmMode]> = BACKENDS.flatMap(([name, backend]) =>
  GCM_MODES.map((mode): [string, CryptoBackend, GcmMode] => [`${name}, gcm ${mode}`, backend, mode]),
);

/** A minimal RTP packet: V=2, given PT/seq/ts/ssrc, optional CSRCs and extension words. */
export function rtpPacket(
  seq: number,
  ssrc: number,
  payload: Uint8Array,
  opts: { csrcs?: number[]; extensionWords?: number; marker?: boolean } = {},
): Uint8Array {
  const csrcs = opts.csrcs ?? [];
  const ext = opts.extensionWords;
  const headerLength = 12 + csrcs.length * 4 + (ext === undefined ? 0 : 4 + ext * 4);
  const out = new Uint8Array(headerLength + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x80 | (ext === undefined ? 0 : 0x10) | csrcs.length;
  out[1] = (opts.marker ? 0x80 : 0) | 96;
  view.setUint16(2, seq & 0xffff);
  view.setUint32(4, (seq * 90) >>> 0);
  view.setUint32(8, ssrc >>> 0);
  let at = 12;
  for (const c of csrcs) {
    view.setUint32(at, c >>> 0);
    at += 4;
  }
  if (ext !== undefined) {
    view.setUint16(at, 0xbede);
    view.setUint16(at + 2, ext);
    for (let i = 0; i < ext * 4; i++) out[at + 4 + i] = (i * 7 + 1) & 0xff;
    at += 4 + ext * 4;
  }
  out.set(payload, at);
  return out;
}

/** A minimal RTCP receiver report (PT 201) from `ssrc` with `extra` octets of body. */
export function rtcpPacket(ssrc: number, extra = 24): Uint8Array {
  const length = 8 + extra;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  out[0] = 0x81;
  out[1] = 201;
  view.setUint16(2, length / 4 - 1);
  view.setUint32(4, ssrc >>> 0);
  for (let i = 8; i < length; i++) out[i] = i & 0xff;
  return out;
}
