import { createHash } from 'node:crypto';
import { DtlsError } from '../errors.js';

/** RFC 8122 §5 hash function names as used in `a=fingerprint`. */
export type FingerprintAlgorithm = 'sha-256' | 'sha-384' | 'sha-512';

export interface Fingerprint {
  readonly algorithm: FingerprintAlgorithm;
  /** Colon-separated hex pairs, e.g. "AB:CD:..." (compared case-insensitively). */
  readonly value: string;
}

// RFC 8122 name -> node:crypto (OpenSSL) digest name.
const HASH = { 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' } as const;

export function formatFingerprint(digest: Uint8Array): string {
  const hex = Buffer.from(digest.buffer, digest.byteOffset, digest.length).toString('hex').toUpperCase();
  let out = hex.slice(0, 2);
  for (let i = 2; i < hex.length; i += 2) out += `:${hex.slice(i, i + 2)}`;
  return out;
}

export function computeFingerprint(algorithm: FingerprintAlgorithm, der: Uint8Array): string {
  return formatFingerprint(createHash(HASH[algorithm]).update(der).digest());
}

/** Parse an SDP `a=fingerprint` value ("sha-256 AB:CD:...") into a Fingerprint. */
export function parseFingerprint(sdpValue: string): Fingerprint {
  const m = /^\s*(\S+)\s+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*)\s*$/.exec(sdpValue);
  const algorithm = m?.[1]?.toLowerCase();
  if (!m || !algorithm || !(algorithm in HASH))
    throw new DtlsError('invalid-argument', `bad fingerprint "${sdpValue}"`);
  return { algorithm: algorithm as FingerprintAlgorithm, value: m[2]!.toUpperCase() };
}

/** RFC 8122 §5: the certificate matches when any expected fingerprint (of a supported hash) matches. */
export function matchesFingerprint(der: Uint8Array, expected: readonly Fingerprint[]): boolean {
  for (const fp of expected) {
    const alg = fp.algorithm.toLowerCase() as FingerprintAlgorithm;
    if (!(alg in HASH)) continue;
    if (computeFingerprint(alg, der) === fp.value.trim().toUpperCase()) return true;
  }
  return false;
}
