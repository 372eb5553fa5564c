import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';

export type PrfHash = 'sha256' | 'sha384';

const HASHES = { sha256, sha384 } as const;
const encoder = new TextEncoder();

export function hash(alg: PrfHash, data: Uint8Array): Uint8Array {
  return HASHES[alg](data);
}

/** RFC 5246 §5: P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ... */
export function pHash(alg: PrfHash, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const h = HASHES[alg];
  const out = new Uint8Array(length);
  // One keyed HMAC instance, cloned per use, avoids re-deriving the pads for every block.
  const keyed = hmac.create(h, secret);
  let a = keyed.clone().update(seed).digest();
  let pos = 0;
  while (pos < length) {
    const block = keyed.clone().update(a).update(seed).digest();
    out.set(block.subarray(0, Math.min(block.length, length - pos)), pos);
    pos += block.length;
    if (pos < length) a = keyed.clone().update(a).digest();
  }
  return out;
}

/** RFC 5246 §5: PRF(secret, label, seed) = P_<hash>(secret, label + seed). */
export function prf(
  alg: PrfHash,
  secret: Uint8Array,
  label: string,
  seed: Uint8Array,
  length: number,
): Uint8Array {
  const l = encoder.encode(label);
  const s = new Uint8Array(l.length + seed.length);
  s.set(l);
  s.set(seed, l.length);
  return pHash(alg, secret, s, length);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Constant-time comparison of two byte strings (finished verify_data, cookies). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
