import type { AesCtr } from '../crypto/backend.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { Ghash } from '../crypto/ghash.js';
import type { GhashWindow } from '../crypto/ghash-tables.js';
import { xorInto } from '../crypto/xor.js';
import { allocate } from './allocate.js';
import { aesGcmLayout, KeystreamCache } from './keystream-cache.js';

const TAG = 16;

function view(b: Uint8Array, offset: number, length: number): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset + offset, length);
}

/**
 * SRTP AES-GCM (RFC 7714 §8) computed from its parts (SP 800-38D §7): the payload is XORed with
 * the CTR keystream from inc32(J0) on, and the tag is GHASH_H(header, ciphertext) XOR E_K(J0).
 * The keystream of the next packets of an SSRC comes from one AES-ECB call (KeystreamCache), so
 * no cipher object is created per packet; GHASH runs in JavaScript (crypto/ghash.ts, which
 * explains its cache-timing trade-off). Used for SRTP only: SRTCP is rare and keeps the AEAD
 * object path.
 */
export class SplitGcm {
  readonly #ghash: Ghash;
  readonly #keystream: KeystreamCache;
  readonly #tag = new Uint8Array(TAG);

  constructor(aes: AesCtr, salt: Uint8Array, window: GhashWindow) {
    // SP 800-38D §7.1 step 1: H = E_K(0^128).
    this.#ghash = new Ghash(aes.encryptBlocks(new Uint8Array(16)).subarray(0, 16), window);
    this.#keystream = new KeystreamCache(aes, aesGcmLayout(salt));
  }

  #keystreamOf(ssrc: number, roc: number, seq: number, n: number): Uint8Array {
    return this.#keystream.keystream(ssrc, roc, seq, n) ?? this.#keystream.single(ssrc, roc, seq, n);
  }

  /** RTP packet -> header || ciphertext || tag (RFC 7714 §8.2: AAD = the whole RTP header). */
  protect(packet: Uint8Array, headerLength: number, ssrc: number, roc: number, seq: number): Uint8Array {
    const n = packet.length;
    const m = n - headerLength;
    const out = allocate(n + TAG);
    const ks = this.#keystreamOf(ssrc, roc, seq, m);
    if (this.#ghash.seal(packet, headerLength, ks, out)) return out;
    // Larger than the kernel's staging area: XOR here, GHASH in chunks.
    // Plain views (not Buffer.subarray, which is slow for the Buffers Node's sockets deliver).
    const header = view(packet, 0, headerLength);
    out.set(header);
    const body = view(out, headerLength, m);
    xorInto(body, view(packet, headerLength, m), view(ks, TAG, m), m);
    this.#ghash.tag(header, body, ks, out, n);
    return out;
  }

  /** SRTP packet -> RTP packet, or undefined when the tag does not verify (checked first). */
  unprotect(
    packet: Uint8Array,
    headerLength: number,
    ssrc: number,
    roc: number,
    seq: number,
  ): Uint8Array | undefined {
    const end = packet.length - TAG;
    const m = end - headerLength;
    if (m < 0) return undefined;
    const ks = this.#keystreamOf(ssrc, roc, seq, m);
    const out = allocate(end);
    const opened = this.#ghash.open(packet, headerLength, ks, out);
    if (opened >= 0) return opened === 1 ? out : undefined;
    const header = view(packet, 0, headerLength);
    const body = view(packet, headerLength, m);
    this.#ghash.tag(header, body, ks, this.#tag, 0);
    if (!constantTimeEqual(this.#tag, view(packet, end, TAG), TAG)) return undefined;
    out.set(header);
    xorInto(view(out, headerLength, m), body, view(ks, TAG, m), m);
    return out;
  }
}
