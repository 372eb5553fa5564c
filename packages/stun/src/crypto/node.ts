import type * as NodeCrypto from 'node:crypto';
import type { HashBackend } from './backend.js';

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
  const adjusted = (message: Uint8Array, end: number, length: number): Uint8Array => {
    // Already right (the encoder sets the field before hashing): hash the bytes in place.
    if (message[2] === length >>> 8 && message[3] === (length & 0xff)) {
      return end === message.length ? message : new Uint8Array(message.buffer, message.byteOffset, end);
    }
    const buf =
      end <= 20 + 0xffff ? (scratch ??= BufferCtor.allocUnsafe(20 + 0xffff)) : BufferCtor.allocUnsafe(end);
    // A byte loop beats subarray + set for the ~100-byte messages STUN carries.
    if (end <= 256) for (let i = 0; i < end; i++) buf[i] = message[i]!;
    else buf.set(message.subarray(0, end), 0);
    buf[2] = length >>> 8;
    buf[3] = length & 0xff;
    // A plain view: Buffer#subarray goes through the species constructor, which costs more here.
    return new Uint8Array(buf.buffer, buf.byteOffset, end);
  };
  return {
    name: 'node',
    hmacSha1(key, message, end, length) {
      return createHmac('sha1', key)
        .update(adjusted(message, end, length))
        .digest();
    },
    hmacSha256(key, message, end, length) {
      return createHmac('sha256', key)
        .update(adjusted(message, end, length))
        .digest();
    },
    md5(data) {
      return createHash('md5').update(data).digest();
    },
    sha256(data) {
      return createHash('sha256').update(data).digest();
    },
  };
}
