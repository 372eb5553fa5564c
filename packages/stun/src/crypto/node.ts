import type * as NodeCrypto from 'node:crypto';
import { constantTimeEqualPrefix, type HashBackend } from './backend.js';

/**
 * node:crypto backend (OpenSSL). Loaded with process.getBuiltinModule so that importing this package
 * never fails outside Node: there the function returns undefined and the noble backend is used.
 *
 * Each call into node:crypto costs far more than hashing a 100-byte STUN message, so the HMAC is fed
 * one update: the message copied into a reused scratch Buffer with its length field patched there
 * (the caller's bytes are never modified). Digests are the Buffers node returns (Buffers are Uint8Arrays).
 */
export function createNodeBackend(): HashBackend | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  const BufferCtor = (globalThis as { Buffer?: typeof Buffer }).Buffer;
  if (crypto === undefined || typeof crypto.createHmac !== 'function' || BufferCtor === undefined)
    return undefined;
  const { createHmac, createHash } = crypto;
  // Large enough for any STUN message (20 + 65535 bytes); allocated on first use.
  let scratch: Buffer | undefined;
  const adjusted = (message: Uint8Array, length: number): Uint8Array => {
    // Already right (the encoder sets the field before hashing): hash the bytes in place.
    if (message[2] === length >>> 8 && message[3] === (length & 0xff)) return message;
    const n = message.length;
    const buf =
      n <= 20 + 0xffff ? (scratch ??= BufferCtor.allocUnsafe(20 + 0xffff)) : BufferCtor.allocUnsafe(n);
    buf.set(message, 0);
    buf[2] = length >>> 8;
    buf[3] = length & 0xff;
    return buf.subarray(0, n);
  };
  return {
    name: 'node',
    hmacSha1(key, message, length) {
      return createHmac('sha1', key).update(adjusted(message, length)).digest();
    },
    hmacSha256(key, message, length) {
      return createHmac('sha256', key).update(adjusted(message, length)).digest();
    },
    md5(data) {
      return createHash('md5').update(data).digest();
    },
    sha256(data) {
      return createHash('sha256').update(data).digest();
    },
    // A branch-free JS loop over 20-32 bytes is cheaper than crossing into crypto.timingSafeEqual.
    equalPrefix: constantTimeEqualPrefix,
  };
}
