import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { BenchProfile } from './workload.js';

/**
 * The floor: the node:crypto calls an SRTP packet cannot avoid, on the same bytes, with no
 * SRTP bookkeeping (no ROC, replay window, header parsing, IV derivation or output assembly).
 * AES_CM_128_HMAC_SHA1_80: AES-128-CTR over the payload + HMAC-SHA1 over header || ct || ROC.
 * AEAD_AES_128_GCM: one GCM seal/open with the header as AAD.
 */
export interface RawCipher {
  /** Encrypt and authenticate; the pieces are not assembled into a packet. */
  protect(packet: Buffer): void;
  /** A whole protected packet (header || ct || tag) for unprotect (untimed). */
  seal(packet: Buffer): Buffer;
  /** Verify and decrypt a sealed packet; returns whether the tag matched. */
  unprotect(sealed: Buffer): boolean;
}

const HEADER = 12;

export function rawCipher(profile: BenchProfile): RawCipher {
  const key = Buffer.alloc(16, 0x2b);
  const authKey = Buffer.alloc(20, 0x4c);
  const iv16 = Buffer.alloc(16, 0x5d);
  const iv12 = Buffer.alloc(12, 0x6e);
  const roc = Buffer.alloc(4);
  if (profile === 'SRTP_AES128_CM_HMAC_SHA1_80') {
    const protect = (packet: Buffer): [Buffer, Buffer] => {
      const ct = createCipheriv('aes-128-ctr', key, iv16).update(packet.subarray(HEADER));
      const tag = createHmac('sha1', authKey)
        .update(packet.subarray(0, HEADER))
        .update(ct)
        .update(roc)
        .digest();
      return [ct, tag];
    };
    return {
      protect,
      seal(packet) {
        const [ct, tag] = protect(packet);
        return Buffer.concat([packet.subarray(0, HEADER), ct, tag.subarray(0, 10)]);
      },
      unprotect(sealed) {
        const end = sealed.length - 10;
        const tag = createHmac('sha1', authKey).update(sealed.subarray(0, end)).update(roc).digest();
        const ok = tag.subarray(0, 10).equals(sealed.subarray(end));
        createDecipheriv('aes-128-ctr', key, iv16).update(sealed.subarray(HEADER, end));
        return ok;
      },
    };
  }
  const protect = (packet: Buffer): [Buffer, Buffer] => {
    const c = createCipheriv('aes-128-gcm', key, iv12);
    c.setAAD(packet.subarray(0, HEADER));
    const ct = c.update(packet.subarray(HEADER));
    c.final();
    return [ct, c.getAuthTag()];
  };
  return {
    protect,
    seal(packet) {
      const [ct, tag] = protect(packet);
      return Buffer.concat([packet.subarray(0, HEADER), ct, tag]);
    },
    unprotect(sealed) {
      const end = sealed.length - 16;
      const d = createDecipheriv('aes-128-gcm', key, iv12);
      d.setAuthTag(sealed.subarray(end));
      d.setAAD(sealed.subarray(0, HEADER));
      d.update(sealed.subarray(HEADER, end));
      try {
        d.final();
        return true;
      } catch {
        return false;
      }
    },
  };
}
