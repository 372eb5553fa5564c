import { type AesGcm, type CryptoBackend, GCM_TAG_LENGTH } from '../crypto/backend.js';
import type { SessionKeys } from '../kdf.js';
import type { SrtpProfile } from '../profiles.js';
import { allocate } from './allocate.js';
import { SplitGcm } from './gcm-split.js';
import {
  type PacketTransform,
  RTCP_CLEAR_HEADER,
  SRTCP_E_FLAG,
  writeUint32,
  xorUint32,
} from './transform.js';

/**
 * How SRTP packets are sealed under AES-GCM: 'aead' creates the backend's AES-GCM object per
 * packet (OpenSSL on Node: no tables, but a cipher object per packet); 'table' and 'table8' run
 * GCM from its parts (gcm-split.ts: batched AES keystream + table-driven GHASH in WebAssembly,
 * with 3-bit cache-line-uniform or faster 8-bit tables; crypto/ghash.ts weighs their side
 * channels). SRTCP always uses 'aead'. All give identical bytes.
 */
export type GcmMode = 'aead' | 'table' | 'table8';

/** AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714). */
export class AeadGcmTransform implements PacketTransform {
  readonly rtpTagLength = GCM_TAG_LENGTH;
  readonly rtcpTagLength = GCM_TAG_LENGTH;
  readonly rtcpOverhead = GCM_TAG_LENGTH + 4;
  readonly #rtp: AesGcm;
  readonly #rtcp: AesGcm;
  readonly #rtpSalt: Uint8Array;
  readonly #rtcpSalt: Uint8Array;
  // Scratch buffers: every use is synchronous and finished before the next packet.
  readonly #iv = new Uint8Array(12);
  readonly #rtcpAad = new Uint8Array(RTCP_CLEAR_HEADER + 4);
  // 'table' mode: made at the first SRTP packet (64 KiB of GHASH table), so a direction that
  // carries only SRTCP, or nothing, costs nothing.
  #split: SplitGcm | undefined;
  #makeSplit: (() => SplitGcm) | undefined;

  constructor(backend: CryptoBackend, _profile: SrtpProfile, keys: SessionKeys, mode: GcmMode) {
    this.#makeSplit =
      mode === 'aead'
        ? undefined
        : () => new SplitGcm(backend.aesCtr(keys.rtpEncryptionKey), keys.rtpSalt, mode === 'table' ? 3 : 8);
    this.#rtp = backend.aesGcm(keys.rtpEncryptionKey);
    this.#rtcp = backend.aesGcm(keys.rtcpEncryptionKey);
    this.#rtpSalt = keys.rtpSalt;
    this.#rtcpSalt = keys.rtcpSalt;
  }

  /**
   * The table-mode path, made at first use; if it cannot be made (no WebAssembly memory left,
   * say), this direction stays on the AEAD path, which gives the same bytes.
   */
  #splitPath(): SplitGcm | undefined {
    if (this.#split === undefined && this.#makeSplit !== undefined) {
      try {
        this.#split = this.#makeSplit();
      } catch {
        this.#makeSplit = undefined;
      }
    }
    return this.#split;
  }

  /**
   * RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt;
   * §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.
   */
  #nonce(salt: Uint8Array, ssrc: number, high: number, low16: number): Uint8Array {
    const iv = this.#iv;
    iv.set(salt);
    xorUint32(iv, 2, ssrc);
    xorUint32(iv, 6, high);
    iv[10] = (iv[10] as number) ^ (low16 >>> 8);
    iv[11] = (iv[11] as number) ^ (low16 & 0xff);
    return iv;
  }

  protectRtp(packet: Uint8Array, headerLength: number, ssrc: number, roc: number, seq: number): Uint8Array {
    const split = this.#splitPath();
    if (split !== undefined) return split.protect(packet, headerLength, ssrc, roc, seq);
    const n = packet.length;
    const out = allocate(n + GCM_TAG_LENGTH);
    const header = packet.subarray(0, headerLength);
    out.set(header);
    // RFC 7714 §8.2: the AAD is the whole RTP header, CSRCs and extension included.
    this.#rtp.seal(
      this.#nonce(this.#rtpSalt, ssrc, roc, seq),
      header,
      packet.subarray(headerLength),
      out.subarray(headerLength),
    );
    return out;
  }

  unprotectRtp(
    packet: Uint8Array,
    headerLength: number,
    ssrc: number,
    roc: number,
    seq: number,
  ): Uint8Array | undefined {
    const split = this.#splitPath();
    if (split !== undefined) return split.unprotect(packet, headerLength, ssrc, roc, seq);
    const out = allocate(packet.length - GCM_TAG_LENGTH);
    const header = packet.subarray(0, headerLength);
    const iv = this.#nonce(this.#rtpSalt, ssrc, roc, seq);
    if (!this.#rtp.open(iv, header, packet.subarray(headerLength), out.subarray(headerLength)))
      return undefined;
    out.set(header);
    return out;
  }

  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array {
    const n = packet.length;
    const out = allocate(n + this.rtcpOverhead);
    out.set(packet.subarray(0, RTCP_CLEAR_HEADER));
    const word = SRTCP_E_FLAG | index;
    // RFC 7714 §9.2 / §17: the ESRTCP word follows the tag; the AAD is header(8) || ESRTCP word.
    writeUint32(out, n + GCM_TAG_LENGTH, word);
    const aad = this.#rtcpAad;
    aad.set(packet.subarray(0, RTCP_CLEAR_HEADER));
    writeUint32(aad, RTCP_CLEAR_HEADER, word);
    const iv = this.#nonce(this.#rtcpSalt, ssrc, 0, 0);
    xorUint32(iv, 8, index);
    this.#rtcp.seal(
      iv,
      aad,
      packet.subarray(RTCP_CLEAR_HEADER),
      out.subarray(RTCP_CLEAR_HEADER, n + GCM_TAG_LENGTH),
    );
    return out;
  }

  rtcpIndexOffset(packetLength: number): number {
    return packetLength - 4;
  }

  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined {
    const wordAt = packet.length - 4;
    const iv = this.#nonce(this.#rtcpSalt, ssrc, 0, 0);
    xorUint32(iv, 8, index);
    if (encrypted) {
      const aad = this.#rtcpAad;
      aad.set(packet.subarray(0, RTCP_CLEAR_HEADER));
      aad.set(packet.subarray(wordAt), RTCP_CLEAR_HEADER);
      const out = allocate(wordAt - GCM_TAG_LENGTH);
      const sealed = packet.subarray(RTCP_CLEAR_HEADER, wordAt);
      if (!this.#rtcp.open(iv, aad, sealed, out.subarray(RTCP_CLEAR_HEADER))) return undefined;
      out.set(packet.subarray(0, RTCP_CLEAR_HEADER));
      return out;
    }
    // RFC 7714 §9.3 (E=0): authentication only; the AAD is the whole RTCP packet || ESRTCP word.
    const end = wordAt - GCM_TAG_LENGTH;
    const aad = new Uint8Array(end + 4);
    aad.set(packet.subarray(0, end));
    aad.set(packet.subarray(wordAt), end);
    if (!this.#rtcp.open(iv, aad, packet.subarray(end, wordAt), new Uint8Array(0))) return undefined;
    return packet.slice(0, end);
  }
}
