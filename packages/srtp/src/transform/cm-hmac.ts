import type { AesCtr, CryptoBackend, HmacSha1 } from '../crypto/backend.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import type { SessionKeys } from '../kdf.js';
import type { SrtpProfile } from '../profiles.js';
import { allocate } from './allocate.js';
import { aesCmLayout, KeystreamCache } from './keystream-cache.js';
import {
  type PacketTransform,
  RTCP_CLEAR_HEADER,
  SRTCP_E_FLAG,
  writeUint32,
  xorUint32,
} from './transform.js';

/**
 * AES-CM (or NULL) encryption with HMAC-SHA1 authentication: RFC 3711 §4.1.1, §4.2, and
 * RFC 6188 for 192/256-bit keys.
 */
export class CmHmacTransform implements PacketTransform {
  readonly rtpTagLength: number;
  readonly rtcpTagLength: number;
  readonly rtcpOverhead: number;
  readonly #rtpCipher: AesCtr | undefined;
  readonly #rtpKeystream: KeystreamCache | undefined;
  readonly #rtcpCipher: AesCtr | undefined;
  readonly #rtpMac: HmacSha1;
  readonly #rtcpMac: HmacSha1;
  readonly #rtpSalt: Uint8Array;
  readonly #rtcpSalt: Uint8Array;
  // Scratch buffers: every use is synchronous and finished before the next packet.
  readonly #iv = new Uint8Array(16);
  readonly #roc = new Uint8Array(4);

  constructor(backend: CryptoBackend, profile: SrtpProfile, keys: SessionKeys) {
    this.rtpTagLength = profile.rtpTagLength;
    this.rtcpTagLength = profile.rtcpTagLength;
    this.rtcpOverhead = profile.rtcpTagLength + 4;
    const encrypt = profile.cipher === 'aes-cm';
    this.#rtpCipher = encrypt ? backend.aesCtr(keys.rtpEncryptionKey) : undefined;
    this.#rtcpCipher = encrypt ? backend.aesCtr(keys.rtcpEncryptionKey) : undefined;
    this.#rtpKeystream =
      this.#rtpCipher === undefined
        ? undefined
        : new KeystreamCache(this.#rtpCipher, aesCmLayout(keys.rtpSalt));
    this.#rtpMac = backend.hmacSha1(keys.rtpAuthenticationKey);
    this.#rtcpMac = backend.hmacSha1(keys.rtcpAuthenticationKey);
    this.#rtpSalt = keys.rtpSalt;
    this.#rtcpSalt = keys.rtcpSalt;
  }

  /**
   * RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where the 48-bit
   * index i is ROC || SEQ for SRTP and the 31-bit SRTCP index for SRTCP.
   */
  #counter(salt: Uint8Array, ssrc: number, high: number, low16: number): Uint8Array {
    const iv = this.#iv;
    iv.set(salt);
    iv[14] = 0;
    iv[15] = 0;
    xorUint32(iv, 4, ssrc);
    // i * 2^16 occupies octets 8..13: the high 32 bits then the low 16 bits.
    xorUint32(iv, 8, high);
    iv[12] = (iv[12] as number) ^ (low16 >>> 8);
    iv[13] = (iv[13] as number) ^ (low16 & 0xff);
    return iv;
  }

  /** SRTP payload keystream: from the per-SSRC cache when it fits, else one CTR call. */
  #rtpXor(
    cipher: AesCtr,
    ssrc: number,
    roc: number,
    seq: number,
    input: Uint8Array,
    output: Uint8Array,
  ): void {
    if (this.#rtpKeystream?.xor(ssrc, roc, seq, input, output)) return;
    cipher.xor(this.#counter(this.#rtpSalt, ssrc, roc, seq), input, output);
  }

  protectRtp(packet: Uint8Array, headerLength: number, ssrc: number, roc: number, seq: number): Uint8Array {
    const n = packet.length;
    const out = allocate(n + this.rtpTagLength);
    const cipher = this.#rtpCipher;
    if (cipher === undefined) {
      out.set(packet);
    } else {
      out.set(packet.subarray(0, headerLength));
      this.#rtpXor(cipher, ssrc, roc, seq, packet.subarray(headerLength), out.subarray(headerLength, n));
    }
    // RFC 3711 §4.2: the tag covers the authenticated portion followed by the ROC.
    writeUint32(this.#roc, 0, roc);
    const tag = this.#rtpMac.mac(out.subarray(0, n), this.#roc);
    out.set(tag.subarray(0, this.rtpTagLength), n);
    return out;
  }

  unprotectRtp(
    packet: Uint8Array,
    headerLength: number,
    ssrc: number,
    roc: number,
    seq: number,
  ): Uint8Array | undefined {
    const authEnd = packet.length - this.rtpTagLength;
    writeUint32(this.#roc, 0, roc);
    const tag = this.#rtpMac.mac(packet.subarray(0, authEnd), this.#roc);
    if (!constantTimeEqual(tag, packet.subarray(authEnd), this.rtpTagLength)) return undefined;
    const out = allocate(authEnd);
    const cipher = this.#rtpCipher;
    if (cipher === undefined) {
      out.set(packet.subarray(0, authEnd));
    } else {
      out.set(packet.subarray(0, headerLength));
      this.#rtpXor(
        cipher,
        ssrc,
        roc,
        seq,
        packet.subarray(headerLength, authEnd),
        out.subarray(headerLength),
      );
    }
    return out;
  }

  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array {
    const n = packet.length;
    const out = allocate(n + this.rtcpOverhead);
    const cipher = this.#rtcpCipher;
    if (cipher === undefined) {
      out.set(packet);
    } else {
      out.set(packet.subarray(0, RTCP_CLEAR_HEADER));
      const iv = this.#counter(this.#rtcpSalt, ssrc, index >>> 16, index & 0xffff);
      cipher.xor(iv, packet.subarray(RTCP_CLEAR_HEADER), out.subarray(RTCP_CLEAR_HEADER, n));
    }
    // RFC 3711 §3.4: the E flag says whether the payload is encrypted, so the NULL cipher
    // sends E=0 (as libsrtp does).
    writeUint32(out, n, (cipher === undefined ? 0 : SRTCP_E_FLAG) | index);
    const tag = this.#rtcpMac.mac(out.subarray(0, n + 4), undefined);
    out.set(tag.subarray(0, this.rtcpTagLength), n + 4);
    return out;
  }

  rtcpIndexOffset(packetLength: number): number {
    // RFC 3711 §3.4: ... || E|SRTCP index || MKI (not used) || authentication tag.
    return packetLength - this.rtcpTagLength - 4;
  }

  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const authEnd = packet.length - this.rtcpTagLength;
    const tag = this.#rtcpMac.mac(packet.subarray(0, authEnd), undefined);
    if (!constantTimeEqual(tag, packet.subarray(authEnd), this.rtcpTagLength)) return undefined;
    const end = authEnd - 4;
    const out = allocate(end);
    const cipher = this.#rtcpCipher;
    if (cipher === undefined || !encrypted) {
      out.set(packet.subarray(0, end));
    } else {
      out.set(packet.subarray(0, RTCP_CLEAR_HEADER));
      const iv = this.#counter(this.#rtcpSalt, ssrc, index >>> 16, index & 0xffff);
      cipher.xor(iv, packet.subarray(RTCP_CLEAR_HEADER, end), out.subarray(RTCP_CLEAR_HEADER));
    }
    return out;
  }
}
