/**
 * One source of per-record AEADs for both algorithms a DTLS 1.2 record layer negotiates with
 * WebRTC peers: AES-GCM as TableGcm (AES from node:crypto, GHASH in WebAssembly) and
 * ChaCha20-Poly1305 (RFC 8439, RFC 7905) in WebAssembly. Shaped for @rtc/dtls's `recordAead`
 * option: undefined for any other algorithm, a wrong key length, or a host where the path cannot
 * run (DTLS then keeps its backend's AEAD).
 */
import { type ChaCha20Poly1305, createChaCha20Poly1305 } from './chacha20-poly1305.js';
import { type TableGcm, type TableGcmOptions, tableGcmFactory } from './table-gcm.js';

export function recordAeadFactory(
  options: TableGcmOptions = {},
): (algorithm: string, key: Uint8Array) => TableGcm | ChaCha20Poly1305 | undefined {
  const gcm = tableGcmFactory(options);
  return (algorithm, key) => {
    if (algorithm !== 'chacha20-poly1305') return gcm(algorithm, key);
    return key.length === 32 ? createChaCha20Poly1305(key) : undefined;
  };
}
