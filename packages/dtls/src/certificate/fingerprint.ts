import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { DtlsError } from '../errors.js';

/** RFC 8122 §5 hash function names as used in `a=fingerprint`. */
export type FingerprintAlgorithm = 'sha-256' | 'sha-384' | 'sha-512';

export interface Fingerprint {
  readonly algorithm: FingerprintAlgorithm;
  /** Colon-separated hex pairs, e.g. "AB:CD:..." (compared case-insensitively). */
  readonly value: string;
}

const HASH = { 'sha-256': sha256, 'sha-384': sha384, 'sha-512': sha512 } as const;

export function formatFingerprint(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

export function computeFingerprint(algorithm: FingerprintAlgorithm, der: Uint8Array): string {
  return formatFingerprint(HASH[algorithm](der));
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
