/**
 * The hash primitives STUN needs. Two implementations sit behind this interface: node:crypto (OpenSSL,
 * the default on Node) and @noble/hashes (portable). Both are tested against the RFC 5769 / 8489 vectors.
 *
 * The HMAC functions take the message in two parts because integrity is computed over a header whose
 * length field is adjusted (RFC 8489 §14.5) followed by the message body as received: passing the
 * adjusted 20-byte header separately avoids copying or mutating the caller's bytes.
 */
export interface HashBackend {
  readonly name: 'node' | 'noble';
  hmacSha1(key: Uint8Array, head: Uint8Array, body: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, head: Uint8Array, body: Uint8Array): Uint8Array;
  md5(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
  /** Compares the first `length` bytes of a and b without an early exit. */
  equalPrefix(a: Uint8Array, b: Uint8Array, length: number): boolean;
}

/** Constant-time comparison for the portable path: no early exit on the first differing byte. */
export function constantTimeEqualPrefix(a: Uint8Array, b: Uint8Array, length: number): boolean {
  if (a.length < length || b.length < length) return false;
  let diff = 0;
  for (let i = 0; i < length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
