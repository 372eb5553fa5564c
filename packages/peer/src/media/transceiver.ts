// webrtc-pc §5.4 RTCRtpTransceiver: one m= section's sender and receiver, its mid once negotiated,
// the wanted direction and the negotiated one, stop(), and setCodecPreferences, which orders (and
// limits) the codecs the next offer or answer lists (RFC 8829 §5.2.1, §5.3.1).
import { domError } from '../w3c/errors.js';
import {
  capabilityCodecs,
  codecName,
  defaultCodecs,
  fmtpMap,
  type MediaCodec,
  type RtpCodecCapability,
  toCapability,
} from './codecs/capabilities.js';
import type { RTCRtpReceiver } from './receiver.js';
import { RTCRtpSender } from './sender.js';
import { MediaStreamTrack } from './track.js';

export type RTCRtpTransceiverDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive' | 'stopped';

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive', 'stopped'];

export interface RTCRtpTransceiverInit {
  kind: 'audio' | 'video';
  sender: RTCRtpSender;
  receiver: RTCRtpReceiver;
  direction?: RTCRtpTransceiverDirection;
  /** Called when a change needs renegotiation (direction set, stop): webrtc-pc §4.7.3. */
  onNegotiationNeeded?: () => void;
}

/** webrtc-pc §5.4 "codec dictionary match": same mimeType (ASCII case-insensitive), clock rate, channels, fmtp. */
function codecsMatch(a: RtpCodecCapability, b: RtpCodecCapability): boolean {
  return (
    a.mimeType.toLowerCase() === b.mimeType.toLowerCase() &&
    a.clockRate === b.clockRate &&
    a.channels === b.channels &&
    a.sdpFmtpLine === b.sdpFmtpLine
  );
}

/** Codecs that cannot carry media alone (webrtc-pc §5.4 setCodecPreferences). */
const RESILIENCE = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03', 'cn']);

export class RTCRtpTransceiver {
  readonly sender: RTCRtpSender;
  readonly receiver: RTCRtpReceiver;
  readonly #kind: 'audio' | 'video';
  #mid: string | null = null;
  #direction: RTCRtpTransceiverDirection;
  #currentDirection: RTCRtpTransceiverDirection | null = null;
  #stopping = false;
  #stopped = false;
  #preferences: RtpCodecCapability[] = [];
  readonly #onNegotiationNeeded: (() => void) | undefined;

  constructor(init: RTCRtpTransceiverInit) {
    this.#kind = init.kind;
    this.sender = init.sender;
    this.receiver = init.receiver;
    const direction = init.direction ?? 'sendrecv';
    if (!DIRECTIONS.includes(direction) || direction === 'stopped')
      throw domError('TypeError', `invalid direction '${String(direction)}'`);
    this.#direction = direction;
    this.#onNegotiationNeeded = init.onNegotiationNeeded;
  }

  get mid(): string | null {
    return this.#mid;
  }
  get direction(): RTCRtpTransceiverDirection {
    return this.#direction;
  }
  /** §5.4 direction setter: TypeError for an unknown value or 'stopped'; InvalidStateError when stopping. */
  set direction(value: RTCRtpTransceiverDirection) {
    if (!DIRECTIONS.includes(value) || value === 'stopped')
      throw domError('TypeError', `invalid direction '${String(value)}'`);
    if (this.#stopping) throw domError('InvalidStateError', 'the transceiver is stopping');
    if (value === this.#direction) return;
    this.#direction = value;
    this.#onNegotiationNeeded?.();
  }
  get currentDirection(): RTCRtpTransceiverDirection | null {
    return this.#currentDirection;
  }

  /**
   * §5.4 stop(): stop sending and receiving now (the remote track ends), direction becomes
   * 'stopped', and the next negotiation rejects the m= section (port 0).
   */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    RTCRtpSender.setStopping(this.sender);
    // Ending the receiving track here fires no `ended` (like MediaStreamTrack.stop()).
    this.receiver.track.stop();
    this.#direction = 'stopped';
    this.#onNegotiationNeeded?.();
  }

  /**
   * §5.4 setCodecPreferences: [] restores the defaults; otherwise every entry must match one of
   * RTCRtpReceiver.getCapabilities(kind).codecs, else InvalidModificationError, and a list of only
   * RTX/RED/FEC/CN entries is an InvalidModificationError too. Duplicates are dropped.
   */
  setCodecPreferences(codecs: readonly RtpCodecCapability[]): void {
    if (!Array.isArray(codecs)) throw domError('TypeError', 'codecs must be a sequence');
    if (codecs.length === 0) {
      this.#preferences = [];
      return;
    }
    const unique: RtpCodecCapability[] = [];
    for (const c of codecs) if (!unique.some((u) => codecsMatch(u, c))) unique.push(c);
    const capabilities = capabilityCodecs(this.#kind);
    for (const c of unique) {
      if (typeof c?.mimeType !== 'string' || !capabilities.some((cap) => codecsMatch(cap, c)))
        throw domError(
          'InvalidModificationError',
          `codec ${String(c?.mimeType)} is not a ${this.#kind} capability`,
        );
    }
    if (unique.every((c) => RESILIENCE.has(codecName(c.mimeType))))
      throw domError('InvalidModificationError', 'codec preferences need at least one media codec');
    this.#preferences = unique.map((c) => ({ ...c }));
  }

  // ----- internal hooks for the RTCPeerConnection (not W3C) -----------------------------------

  static kind(t: RTCRtpTransceiver): 'audio' | 'video' {
    return t.#kind;
  }
  static setMid(t: RTCRtpTransceiver, mid: string | null): void {
    t.#mid = mid;
  }
  /** Set after applying an answer (RFC 8829 §5.10 / webrtc-pc §4.4.1.5 "set the current direction"). */
  static setCurrentDirection(t: RTCRtpTransceiver, d: RTCRtpTransceiverDirection | null): void {
    t.#currentDirection = d;
  }
  static isStopping(t: RTCRtpTransceiver): boolean {
    return t.#stopping;
  }
  static isStopped(t: RTCRtpTransceiver): boolean {
    return t.#stopped;
  }
  /** webrtc-pc §5.4 "stop the RTCRtpTransceiver" completed by negotiation: currentDirection 'stopped'. */
  static stopCompletely(t: RTCRtpTransceiver): void {
    if (!t.#stopping) t.stop();
    t.#stopped = true;
    t.#currentDirection = 'stopped';
  }
  /** The remote side stopped sending on this section: the track ends with an `ended` event. */
  static endRemoteTrack(t: RTCRtpTransceiver): void {
    MediaStreamTrack.end(t.receiver.track);
  }

  /**
   * The codecs to put in an offer or to intersect with one, in preference order, with our payload
   * types: the defaults, or the preferences (RTX only when listed, after each codec it repairs).
   */
  static codecs(t: RTCRtpTransceiver): MediaCodec[] {
    const all = defaultCodecs(t.#kind);
    if (t.#preferences.length === 0) return all;
    const wantRtx = t.#preferences.some((p) => codecName(p.mimeType) === 'rtx');
    const out: MediaCodec[] = [];
    for (const pref of t.#preferences) {
      if (RESILIENCE.has(codecName(pref.mimeType))) continue;
      const codec = all.find((c) => codecsMatch(toCapability(c), pref));
      if (!codec) continue;
      out.push(codec);
      if (!wantRtx) continue;
      const rtx = all.find(
        (c) =>
          codecName(c.mimeType) === 'rtx' && fmtpMap(c.sdpFmtpLine).get('apt') === String(codec.payloadType),
      );
      if (rtx) out.push(rtx);
    }
    return out;
  }
}
