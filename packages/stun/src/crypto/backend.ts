/**
 * The hash primitives STUN needs. Two implementations sit behind this interface: node:crypto (OpenSSL,
 * the default on Node) and @noble/hashes (portable). Both are tested against the RFC 5769 / 8489 vectors.
 *
 * The HMAC functions hash message[0, end) with its header length field (bytes 2..3) replaced by `length`,
 * because integrity is computed over a header adjusted to end at the integrity attribute (RFC 8489
 * §14.5/§14.6) followed by the bytes as received. Backends must not modify `message`.
 */
export interface HashBackend {
  readonly name: 'node' | 'noble';
  hmacSha1(key: Uint8Array, message: Uint8Array, end: number, length: number): Uint8Array;
  hmacSha256(key: Uint8Array, message: Uint8Array, end: number, length: number): Uint8Array;
  md5(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
}

/**
 * True when mac[0, length) equals bytes[offset, offset + length). No early exit on the first differing
 * byte (constant time for a given length); a plain loop over 16-32 bytes is cheaper than a call into
 * crypto.timingSafeEqual and needs no subarray views.
 */
export function constantTimeEqualAt(
  mac: Uint8Array,
  bytes: Uint8Array,
  offset: number,
  length: number,
): boolean {
  if (mac.length < length || bytes.length < offset + length) return false;
  let diff = 0;
  for (let i = 0; i < length; i++) diff |= mac[i]! ^ bytes[offset + i]!;
  return diff === 0;
}
