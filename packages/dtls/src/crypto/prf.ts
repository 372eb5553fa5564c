import * as nodeCrypto from 'node:crypto';

export type PrfHash = 'sha256' | 'sha384';

const encoder = new TextEncoder();

// The handshake hashes (transcript, PRF, cookie) run on node:crypto (OpenSSL): the pure-JS HMAC
// cost about 2 ms of CPU per handshake on the connect path. Checked against the RFC 5246 PRF test
// vectors. crypto.hash() (one-shot, Node >= 20.12) is cheaper than a Hash object. (HMAC built from
// two one-shot hashes measured no faster than an Hmac object, so Hmac stays.)
type OneShot = (alg: string, data: Uint8Array, encoding: 'buffer') => Buffer;
const oneShot = (nodeCrypto as { hash?: OneShot }).hash;

export function hash(alg: PrfHash, data: Uint8Array): Uint8Array {
  const d = oneShot ? oneShot(alg, data, 'buffer') : nodeCrypto.createHash(alg).update(data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

export function hmacOf(alg: PrfHash, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = nodeCrypto.createHmac(alg, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** RFC 5246 §5: P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ... */
export function pHash(alg: PrfHash, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const key = secret;
  let a = hmacOf(alg, key, seed);
  let pos = 0;
  while (pos < length) {
    const block = hmacOf(alg, key, a, seed);
    out.set(block.subarray(0, Math.min(block.length, length - pos)), pos);
    pos += block.length;
    if (pos < length) a = hmacOf(alg, key, a);
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
