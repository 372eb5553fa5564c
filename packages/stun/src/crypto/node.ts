import type * as NodeCrypto from 'node:crypto';
import type { HashBackend } from './backend.js';

/**
 * node:crypto backend (OpenSSL). Loaded with process.getBuiltinModule so that importing this package
 * never fails outside Node: there the function returns undefined and the noble backend is used.
 */
export function createNodeBackend(): HashBackend | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  if (crypto === undefined || typeof crypto.createHmac !== 'function') return undefined;
  const { createHmac, createHash, timingSafeEqual } = crypto;
  const toU8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return {
    name: 'node',
    hmacSha1(key, head, body) {
      return toU8(createHmac('sha1', key).update(head).update(body).digest());
    },
    hmacSha256(key, head, body) {
      return toU8(createHmac('sha256', key).update(head).update(body).digest());
    },
    md5(data) {
      return toU8(createHash('md5').update(data).digest());
    },
    sha256(data) {
      return toU8(createHash('sha256').update(data).digest());
    },
    equalPrefix(a, b, length) {
      if (a.length < length || b.length < length) return false;
      // timingSafeEqual needs equal lengths: compare views of exactly `length` bytes.
      return timingSafeEqual(a.subarray(0, length), b.subarray(0, length));
    },
  };
}
