import { RtpError, rtpHeaderLength } from '@rtc/rtp';
import { DEFAULT_REPLAY_WINDOW, MAX_REPLAY_WINDOW, MIN_REPLAY_WINDOW } from './context/replay-window.js';
import { rocOf } from './context/roc.js';
import { RtcpReceiveContext, RtcpSendContext } from './context/rtcp-context.js';
import { RtpReceiveContext, RtpSendContext } from './context/rtp-context.js';
import { SsrcTable } from './context/ssrc-table.js';
import type { CryptoBackend } from './crypto/backend.js';
import { defaultCryptoBackend } from './crypto/default.js';
import { type DropReason, SrtpError } from './errors.js';
import { checkMasterKey, deriveSessionKeys, type MasterKey } from './kdf.js';
import { resolveProfile, type SrtpProfile, type SrtpProfileName } from './profiles.js';
import { type DropCounts, emptyDropCounts, type SrtpSessionStats } from './stats.js';
import type { GcmMode } from './transform/aead-gcm.js';
import { createTransform, DEFAULT_GCM_MODE } from './transform/create.js';
import {
  type PacketTransform,
  RTCP_CLEAR_HEADER,
  readUint32,
  SRTCP_E_FLAG,
  SRTCP_INDEX_MASK,
} from './transform/transform.js';

export interface SrtpSessionOptions {
  /** Protection profile, by DTLS-SRTP name or object. */
  readonly profile: SrtpProfileName | SrtpProfile;
  /** Master keys: `local` protects what we send, `remote` unprotects what we receive. */
  readonly keys: { readonly local: MasterKey; readonly remote: MasterKey };
  /** SRTP replay window in packets (RFC 3711 §3.3.2); 64..32768, default 1024. */
  readonly replayWindow?: number;
  /** SRTCP replay window in packets; 64..32768, default 1024. */
  readonly rtcpReplayWindow?: number;
  /** Most SSRCs tracked per direction and per RTP/RTCP; default 256. */
  readonly maxSsrcs?: number;
  /** Crypto backend; default node:crypto where available, else @noble. */
  readonly crypto?: CryptoBackend;
  /**
   * AES-GCM profiles only: how SRTP packets are sealed and opened (SRTCP always uses 'aead').
   * 'table' (default): AES keystream from the backend's block cipher, batched per SSRC, and
   * GHASH in WebAssembly with 5.5 KiB of 3-bit tables per key whose cache-line access pattern does
   * not depend on the key. 'table8': 64 KiB of 8-bit tables, faster, but the cache lines read
   * depend on the hash key (a cache-timing side channel for code sharing the CPU; see README).
   * 'aead': the backend's AES-GCM object per packet (OpenSSL: no tables; slowest on Node).
   */
  readonly gcm?: GcmMode;
}

export type UnprotectResult = { ok: true; packet: Uint8Array } | { ok: false; reason: DropReason };

export const DEFAULT_MAX_SSRCS = 256;

/**
 * One SRTP/SRTCP session (RFC 3711 §3.2.3): a protection profile and a master key per
 * direction, with per-SSRC cryptographic contexts created on demand. Sans-I/O and synchronous:
 * bytes in, bytes (or a typed drop) out. Session keys are derived once (key derivation rate 0).
 */
export class SrtpSession {
  readonly profile: SrtpProfile;
  readonly #local: PacketTransform;
  readonly #remote: PacketTransform;
  readonly #replayWindow: number;
  readonly #rtcpReplayWindow: number;
  readonly #rtpSend: SsrcTable<RtpSendContext>;
  readonly #rtpReceive: SsrcTable<RtpReceiveContext>;
  readonly #rtcpSend: SsrcTable<RtcpSendContext>;
  readonly #rtcpReceive: SsrcTable<RtcpReceiveContext>;
  readonly #rtpDropped: DropCounts = emptyDropCounts();
  readonly #rtcpDropped: DropCounts = emptyDropCounts();
  #rtpProtected = 0;
  #rtcpProtected = 0;
  #rtpUnprotected = 0;
  #rtcpUnprotected = 0;

  constructor(options: SrtpSessionOptions) {
    const profile = resolveProfile(options.profile);
    if (profile === undefined)
      throw new SrtpError('invalid-config', `unknown SRTP profile ${String(options.profile)}`);
    this.profile = profile;
    this.#replayWindow = checkWindow(options.replayWindow ?? DEFAULT_REPLAY_WINDOW, 'replayWindow');
    this.#rtcpReplayWindow = checkWindow(
      options.rtcpReplayWindow ?? DEFAULT_REPLAY_WINDOW,
      'rtcpReplayWindow',
    );
    const maxSsrcs = options.maxSsrcs ?? DEFAULT_MAX_SSRCS;
    if (!Number.isInteger(maxSsrcs) || maxSsrcs < 1) {
      throw new SrtpError('invalid-config', `maxSsrcs must be a positive integer, got ${maxSsrcs}`);
    }
    checkMasterKey(profile, options.keys.local, 'local');
    checkMasterKey(profile, options.keys.remote, 'remote');
    const backend = options.crypto ?? defaultCryptoBackend;
    const gcm = options.gcm ?? DEFAULT_GCM_MODE;
    if (gcm !== 'aead' && gcm !== 'table' && gcm !== 'table8')
      throw new SrtpError('invalid-config', `gcm must be 'aead', 'table' or 'table8', got ${String(gcm)}`);
    const local = deriveSessionKeys(backend, profile, options.keys.local);
    this.#local = createTransform(backend, profile, local, gcm);
    this.#remote = createTransform(
      backend,
      profile,
      deriveSessionKeys(backend, profile, options.keys.remote),
      gcm,
    );
    this.#rtpSend = new SsrcTable(maxSsrcs);
    this.#rtpReceive = new SsrcTable(maxSsrcs);
    this.#rtcpSend = new SsrcTable(maxSsrcs);
    this.#rtcpReceive = new SsrcTable(maxSsrcs);
  }

  /**
   * Protect an outgoing RTP packet (RFC 3711 §3.3). Throws SrtpError only for caller mistakes:
   * a packet that is not RTP ('invalid-packet'), too many local SSRCs ('ssrc-limit') or an
   * exhausted ROC ('key-exhausted').
   */
  protectRtp(packet: Uint8Array): Uint8Array {
    let headerLength: number;
    try {
      headerLength = rtpHeaderLength(packet);
    } catch (e) {
      throw new SrtpError('invalid-packet', `cannot protect: ${(e as Error).message}`);
    }
    const ssrc = readUint32(packet, 8);
    let context = this.#rtpSend.get(ssrc);
    if (context === undefined) {
      if (this.#rtpSend.full)
        throw new SrtpError('ssrc-limit', `more than ${this.#rtpSend.limit} local RTP SSRCs`);
      context = new RtpSendContext();
      this.#rtpSend.set(ssrc, context);
    }
    const seq = ((packet[2] as number) << 8) | (packet[3] as number);
    const index = context.index(seq);
    if (index < 0) throw new SrtpError('key-exhausted', `SRTP index space of SSRC ${ssrc} is exhausted`);
    const out = this.#local.protectRtp(packet, headerLength, ssrc, rocOf(index), seq);
    this.#rtpProtected++;
    return out;
  }

  /**
   * Unprotect a received SRTP packet: locate it in its SSRC's index space (ROC estimate),
   * drop replays and too-old packets, verify the tag, then decrypt. Never throws.
   */
  unprotectRtp(packet: Uint8Array): UnprotectResult {
    const transform = this.#remote;
    let headerLength: number;
    try {
      headerLength = rtpHeaderLength(packet);
    } catch (e) {
      return this.#dropRtp(e instanceof RtpError && e.code === 'truncated' ? 'truncated' : 'malformed');
    }
    if (packet.length < headerLength + transform.rtpTagLength) return this.#dropRtp('truncated');
    const ssrc = readUint32(packet, 8);
    const seq = ((packet[2] as number) << 8) | (packet[3] as number);
    let context = this.#rtpReceive.get(ssrc);
    const known = context !== undefined;
    if (context === undefined) {
      // Only an authenticated packet may claim a context slot (else forged SSRCs fill the table).
      if (this.#rtpReceive.full) return this.#dropRtp('ssrc-limit');
      context = new RtpReceiveContext(this.#replayWindow);
    }
    const index = context.estimate(seq);
    if (index < 0) return this.#dropRtp('too-old');
    const replay = context.window.check(index);
    if (replay !== undefined) return this.#dropRtp(replay);
    const out = transform.unprotectRtp(packet, headerLength, ssrc, rocOf(index), seq);
    if (out === undefined) return this.#dropRtp('auth-failed');
    // RFC 3711 §3.3.2: update ROC, s_l and the replay list only after authentication.
    context.window.accept(index);
    if (!known) this.#rtpReceive.set(ssrc, context);
    this.#rtpUnprotected++;
    return { ok: true, packet: out };
  }

  /**
   * Protect an outgoing RTCP compound packet (RFC 3711 §3.4): encrypted (E=1, except with the
   * NULL cipher) with the next SRTCP index of its sender SSRC. Throws SrtpError only for caller
   * mistakes ('invalid-packet', 'ssrc-limit', 'key-exhausted').
   */
  protectRtcp(packet: Uint8Array): Uint8Array {
    if (packet.length < RTCP_CLEAR_HEADER || (packet[0] as number) >> 6 !== 2) {
      throw new SrtpError('invalid-packet', 'cannot protect: not an RTCP packet (version 2, >= 8 octets)');
    }
    const ssrc = readUint32(packet, 4);
    let context = this.#rtcpSend.get(ssrc);
    if (context === undefined) {
      if (this.#rtcpSend.full)
        throw new SrtpError('ssrc-limit', `more than ${this.#rtcpSend.limit} local RTCP SSRCs`);
      context = new RtcpSendContext();
      this.#rtcpSend.set(ssrc, context);
    }
    const index = context.index();
    if (index < 0) throw new SrtpError('key-exhausted', `SRTCP index space of SSRC ${ssrc} is exhausted`);
    const out = this.#local.protectRtcp(packet, ssrc, index);
    this.#rtcpProtected++;
    return out;
  }

  /** Unprotect a received SRTCP packet (E=1 or E=0). Never throws. */
  unprotectRtcp(packet: Uint8Array): UnprotectResult {
    const transform = this.#remote;
    if (packet.length < RTCP_CLEAR_HEADER + transform.rtcpOverhead) return this.#dropRtcp('truncated');
    if ((packet[0] as number) >> 6 !== 2) return this.#dropRtcp('malformed');
    const ssrc = readUint32(packet, 4);
    const word = readUint32(packet, transform.rtcpIndexOffset(packet.length));
    const encrypted = (word & SRTCP_E_FLAG) !== 0;
    const index = word & SRTCP_INDEX_MASK;
    let context = this.#rtcpReceive.get(ssrc);
    const known = context !== undefined;
    if (context === undefined) {
      if (this.#rtcpReceive.full) return this.#dropRtcp('ssrc-limit');
      context = new RtcpReceiveContext(this.#rtcpReplayWindow);
    }
    // RFC 3711 §3.4: SRTCP carries its index explicitly; replay-check it before authentication.
    const replay = context.window.check(index);
    if (replay !== undefined) return this.#dropRtcp(replay);
    const out = transform.unprotectRtcp(packet, ssrc, index, encrypted);
    if (out === undefined) return this.#dropRtcp('auth-failed');
    context.window.accept(index);
    if (!known) this.#rtcpReceive.set(ssrc, context);
    this.#rtcpUnprotected++;
    return { ok: true, packet: out };
  }

  /**
   * Forget every context of `ssrc` (e.g. after RTCP BYE) to free a slot. A forgotten receive
   * context loses its replay window, so packets of that SSRC could be replayed afterwards;
   * a forgotten send context restarts its ROC and SRTCP index - never reuse the SSRC locally.
   */
  removeSsrc(ssrc: number): void {
    this.#rtpSend.delete(ssrc);
    this.#rtpReceive.delete(ssrc);
    this.#rtcpSend.delete(ssrc);
    this.#rtcpReceive.delete(ssrc);
  }

  /** A snapshot of the counters. */
  get stats(): SrtpSessionStats {
    return {
      rtpProtected: this.#rtpProtected,
      rtcpProtected: this.#rtcpProtected,
      rtpUnprotected: this.#rtpUnprotected,
      rtcpUnprotected: this.#rtcpUnprotected,
      rtpDropped: { ...this.#rtpDropped },
      rtcpDropped: { ...this.#rtcpDropped },
    };
  }

  #dropRtp(reason: DropReason): UnprotectResult {
    this.#rtpDropped[reason]++;
    return { ok: false, reason };
  }

  #dropRtcp(reason: DropReason): UnprotectResult {
    this.#rtcpDropped[reason]++;
    return { ok: false, reason };
  }
}

function checkWindow(size: number, name: string): number {
  if (!Number.isInteger(size) || size < MIN_REPLAY_WINDOW || size > MAX_REPLAY_WINDOW) {
    throw new SrtpError(
      'invalid-config',
      `${name} must be an integer in ${MIN_REPLAY_WINDOW}..${MAX_REPLAY_WINDOW}, got ${size}`,
    );
  }
  return size;
}
