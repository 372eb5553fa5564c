/**
 * The hash primitives STUN needs. Two implementations sit behind this interface: node:crypto (OpenSSL,
 * the default on Node) and @noble/hashes (portable). Both are tested against the RFC 5769 / 8489 vectors.
 *
 * The HMAC functions hash `message` with its header length field (bytes 2..3) replaced by `length`,
 * because integrity is computed over a header adjusted to end at the integrity attribute (RFC 8489
 * §14.5/§14.6) followed by the bytes as received. Backends must not modify `message`.
 */
export interface HashBackend {
  readonly name: 'node' | 'noble';
  hmacSha1(key: Uint8Array, message: Uint8Array, length: number): Uint8Array;
  hmacSha256(key: Uint8Array, message: Uint8Array, length: number): Uint8Array;
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
