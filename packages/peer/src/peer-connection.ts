// webrtc-pc §4.4: RTCPeerConnection. The W3C surface only: JSEP (RFC 8829) lives in jsep/, the
// transport wiring, data channels and state aggregation in pc/, all sharing one PeerState.

import { Certificate } from '@rtc/dtls';
import { setLocal, setRemote } from './jsep/apply-description.js';
import { answerInput, offerInput } from './jsep/description-input.js';
import { buildDescription } from './jsep/local-description.js';
import { addToRemoteDescriptions } from './jsep/remote-candidates.js';
import type { RTCSignalingState } from './jsep/signaling-state.js';
import type { RTCRtpReceiver } from './media/receiver.js';
import type { RTCRtpSender } from './media/sender.js';
import type { MediaStream } from './media/stream.js';
import { MediaStreamTrack } from './media/track.js';
import type { RTCTrackEvent } from './media/track-event.js';
import { RTCRtpTransceiver } from './media/transceiver.js';
import { closePool, updatePool } from './pc/candidate-pool.js';
import { type ChannelHost, DataChannels } from './pc/data-channels.js';
import { mediaStats } from './pc/media-stats.js';
import { chained, updateNegotiationNeeded } from './pc/negotiation.js';
import { PeerState, type RTCPeerConnectionNodeOptions } from './pc/peer-state.js';
import type { RTCIceConnectionState, RTCIceGatheringState, RTCPeerConnectionState } from './pc/states.js';
import {
  addTrack,
  addTransceiver,
  type RTCRtpTransceiverInit,
  removeTrack,
  transceivers,
} from './pc/transceivers.js';
import { cancelGathering, maxMessageSize } from './pc/transport-wiring.js';
import type { Timeline } from './transport/transport-stack.js';
import { type AlgorithmIdentifier, generateCertificate, RTCCertificate } from './w3c/certificate.js';
import { normalizeConfiguration, type RTCConfiguration } from './w3c/configuration.js';
import type { RTCDataChannel, RTCDataChannelInit } from './w3c/data-channel.js';
import { assertNotClosed, domError } from './w3c/errors.js';
import { defineEventHandlers } from './w3c/event-handlers.js';
import type {
  RTCDataChannelEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCPeerConnectionIceEvent,
} from './w3c/events.js';
import {
  normalizeCandidateLine,
  type RTCIceCandidate,
  type RTCIceCandidateInit,
} from './w3c/ice-candidate.js';
import type { RTCSessionDescription, RTCSessionDescriptionInit } from './w3c/session-description.js';
import { buildStatsReport, type RTCStatsReport } from './w3c/stats.js';
import type { RTCSctpTransport } from './w3c/transports.js';

export type { RTCPeerConnectionNodeOptions } from './pc/peer-state.js';
export type { RTCIceConnectionState, RTCIceGatheringState, RTCPeerConnectionState } from './pc/states.js';
export type { RTCRtpTransceiverInit } from './pc/transceivers.js';

const states = new WeakMap<RTCPeerConnection, PeerState>();

/** @internal The state behind a connection (for @rtc/peer/media diagnostics and tests); not exported by the package. */
export function peerStateOf(pc: RTCPeerConnection): PeerState | undefined {
  return states.get(pc);
}

/** What a connection's data channels use of it; its methods on the prototype, not closures. */
class PeerChannelHost implements ChannelHost {
  readonly #s: PeerState;
  constructor(s: PeerState) {
    this.#s = s;
  }
  now(): number | undefined {
    return this.#s.stack?.now();
  }
  pump(now: number): void {
    this.#s.stack?.pump(now);
  }
  get maxMessageSize(): number {
    return maxMessageSize(this.#s);
  }
  dispatchEvent(event: Event): boolean {
    return this.#s.target.dispatchEvent(event);
  }
}

export class RTCPeerConnection extends EventTarget {
  declare onicecandidate: ((this: RTCPeerConnection, ev: RTCPeerConnectionIceEvent) => unknown) | null;
  declare onicecandidateerror:
    | ((this: RTCPeerConnection, ev: RTCPeerConnectionIceErrorEvent) => unknown)
    | null;
  declare onicegatheringstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null;
  declare oniceconnectionstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null;
  declare onconnectionstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null;
  declare onsignalingstatechange: ((this: RTCPeerConnection, ev: Event) => unknown) | null;
  declare onnegotiationneeded: ((this: RTCPeerConnection, ev: Event) => unknown) | null;
  declare ondatachannel: ((this: RTCPeerConnection, ev: RTCDataChannelEvent) => unknown) | null;
  declare ontrack: ((this: RTCPeerConnection, ev: RTCTrackEvent) => unknown) | null;
  readonly #s: PeerState;

  static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    return generateCertificate(keygenAlgorithm);
  }

  constructor(configuration: RTCConfiguration = {}, nodeOptions: RTCPeerConnectionNodeOptions = {}) {
    super();
    const config = normalizeConfiguration(configuration);
    const pmtu = nodeOptions.sctpPathMtuDiscovery;
    if (pmtu !== undefined && pmtu !== 'auto' && pmtu !== 'off' && pmtu !== 'same-host')
      throw new TypeError("sctpPathMtuDiscovery must be 'auto', 'off' or 'same-host'");
    const certs = configuration.certificates ?? [];
    const given = certs.find((c): c is RTCCertificate => c instanceof RTCCertificate);
    if (certs.length > 0 && !given)
      throw domError('TypeError', 'certificates must be RTCCertificate objects');
    if (given && given.expires <= Date.now())
      throw domError('InvalidAccessError', 'The certificate has expired');
    const certificate = given ?? new RTCCertificate(Certificate.generate(), Date.now() + 30 * 86_400_000);
    const s = new PeerState(this, config, nodeOptions, certificate);
    this.#s = s;
    states.set(this, s);
    s.channels = new DataChannels(new PeerChannelHost(s));
    // webrtc-pc §4.4.1.3 constructor: a pool size above 0 starts gathering now (RFC 8829 §3.5.4).
    updatePool(s);
  }

  // ---- attributes ----

  get signalingState(): RTCSignalingState {
    return this.#s.signalingState;
  }
  get iceConnectionState(): RTCIceConnectionState {
    return this.#s.iceConnectionState;
  }
  get connectionState(): RTCPeerConnectionState {
    return this.#s.connectionState;
  }
  get iceGatheringState(): RTCIceGatheringState {
    return this.#s.iceGatheringState;
  }
  get canTrickleIceCandidates(): boolean | null {
    return this.#s.remoteInfo?.trickle ?? null;
  }
  get sctp(): RTCSctpTransport | null {
    return this.#s.views.sctp;
  }
  get localDescription(): RTCSessionDescription | null {
    return this.pendingLocalDescription ?? this.currentLocalDescription;
  }
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#s.describe(this.#s.currentLocal);
  }
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#s.describe(this.#s.pendingLocal);
  }
  get remoteDescription(): RTCSessionDescription | null {
    return this.#s.pendingRemote ?? this.#s.currentRemote ?? null;
  }
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#s.currentRemote ?? null;
  }
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#s.pendingRemote ?? null;
  }

  /** Non-standard: milestones of this connection (ms), for the demo and diagnostics. */
  get timeline(): Readonly<Timeline> | undefined {
    return this.#s.stack?.timeline;
  }

  /** Non-standard: the largest data channel message this connection sends (RFC 8841 §6). */
  get maxMessageSize(): number {
    return maxMessageSize(this.#s);
  }

  // ---- configuration ----

  getConfiguration(): RTCConfiguration {
    const c = this.#s.config;
    return {
      iceServers: c.iceServers.map((x) => ({ ...x })),
      iceTransportPolicy: c.iceTransportPolicy,
      bundlePolicy: c.bundlePolicy,
      rtcpMuxPolicy: c.rtcpMuxPolicy,
      iceCandidatePoolSize: c.iceCandidatePoolSize,
      certificates: [this.#s.certificate],
    };
  }

  setConfiguration(configuration: RTCConfiguration = {}): void {
    const s = this.#s;
    assertNotClosed(s.closed);
    const next = normalizeConfiguration(configuration);
    // webrtc-pc §4.4.1.5: bundlePolicy, rtcpMuxPolicy and certificates cannot change.
    if (configuration.bundlePolicy !== undefined && next.bundlePolicy !== s.config.bundlePolicy) {
      throw domError('InvalidModificationError', 'bundlePolicy cannot be changed');
    }
    if (configuration.certificates !== undefined && configuration.certificates[0] !== s.certificate) {
      throw domError('InvalidModificationError', 'certificates cannot be changed');
    }
    // webrtc-pc "set a configuration": iceCandidatePoolSize may not change once setLocalDescription
    // was called (RFC 8829 §3.5.4: the pool only serves the first offer/answer exchange).
    if (next.iceCandidatePoolSize !== s.config.iceCandidatePoolSize && s.localDescriptionSet) {
      throw domError(
        'InvalidModificationError',
        'iceCandidatePoolSize cannot change after setLocalDescription',
      );
    }
    s.config = { ...next, bundlePolicy: s.config.bundlePolicy };
    s.iceServers = undefined;
    // Before it: a pool starts, is released (size 0) or gathers anew with the new servers.
    updatePool(s);
  }

  // ---- JSEP ----

  createOffer(options: { iceRestart?: boolean } = {}): Promise<RTCSessionDescriptionInit> {
    const s = this.#s;
    return chained(s, () => {
      if (options.iceRestart) s.iceRestartPending = true;
      const input = offerInput(s);
      const sdp = buildDescription(input);
      s.lastOffer = { sdp, input };
      return { type: 'offer', sdp };
    });
  }

  createAnswer(_options: object = {}): Promise<RTCSessionDescriptionInit> {
    const s = this.#s;
    return chained(s, () => {
      if (s.signalingState !== 'have-remote-offer' && s.signalingState !== 'have-local-pranswer') {
        throw domError('InvalidStateError', `createAnswer in signaling state ${s.signalingState}`);
      }
      const input = answerInput(s);
      const sdp = buildDescription(input);
      s.lastAnswer = { sdp, input };
      return { type: 'answer', sdp };
    });
  }

  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    return chained(this.#s, () => setLocal(this.#s, description));
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return chained(this.#s, () => setRemote(this.#s, description));
  }

  addIceCandidate(candidate?: RTCIceCandidateInit | RTCIceCandidate | null): Promise<void> {
    const s = this.#s;
    return chained(s, () => {
      if (!this.remoteDescription)
        throw domError('InvalidStateError', 'addIceCandidate before setRemoteDescription');
      const stack = s.stack!;
      const line = candidate?.candidate ?? '';
      if (candidate && candidate.sdpMid == null && candidate.sdpMLineIndex == null && line !== '') {
        throw domError('TypeError', 'addIceCandidate needs sdpMid or sdpMLineIndex');
      }
      if (candidate?.sdpMid != null && s.remoteInfo) {
        if (!s.remoteInfo.mids.includes(candidate.sdpMid))
          throw domError('OperationError', `Unknown sdpMid ${candidate.sdpMid}`);
      }
      if (line === '') {
        stack.addRemoteCandidate(null);
        return;
      }
      // A candidate for another m-section is for the bundled transport anyway (RFC 9143).
      const normalized = normalizeCandidateLine(line);
      try {
        stack.addRemoteCandidate(normalized);
      } catch (e) {
        throw domError('OperationError', `Invalid candidate: ${(e as Error).message}`);
      }
      addToRemoteDescriptions(s, normalized, {
        sdpMid: candidate?.sdpMid ?? null,
        sdpMLineIndex: candidate?.sdpMLineIndex ?? null,
        usernameFragment: candidate?.usernameFragment ?? null,
      });
    });
  }

  restartIce(): void {
    const s = this.#s;
    if (s.closed) return;
    // webrtc-pc §4.4.1.6 restartIce: the next offer carries new credentials.
    s.iceRestartPending = true;
    updateNegotiationNeeded(s, true);
  }

  // ---- data channels ----

  createDataChannel(label: string, init: RTCDataChannelInit = {}): RTCDataChannel {
    const s = this.#s;
    assertNotClosed(s.closed);
    const channel = s.channels.create(label, init);
    if (!s.views.sctpNegotiated) updateNegotiationNeeded(s);
    return channel;
  }

  // ---- media (webrtc-pc §5.1) ----

  addTrack(track: MediaStreamTrack, ...streams: MediaStream[]): RTCRtpSender {
    return addTrack(this.#s, track, streams);
  }

  removeTrack(sender: RTCRtpSender): void {
    removeTrack(this.#s, sender);
  }

  addTransceiver(
    trackOrKind: MediaStreamTrack | string,
    init: RTCRtpTransceiverInit = {},
  ): RTCRtpTransceiver {
    return addTransceiver(this.#s, trackOrKind, init);
  }

  getTransceivers(): RTCRtpTransceiver[] {
    return transceivers(this.#s);
  }

  getSenders(): RTCRtpSender[] {
    return transceivers(this.#s).map((t) => t.sender);
  }

  getReceivers(): RTCRtpReceiver[] {
    return transceivers(this.#s).map((t) => t.receiver);
  }

  // ---- stats and close ----

  /** webrtc-pc §8.2 getStats: everything, or what concerns the sender/receiver of a track. */
  async getStats(selector?: MediaStreamTrack | null): Promise<RTCStatsReport> {
    const s = this.#s;
    if (selector != null) {
      if (!(selector instanceof MediaStreamTrack)) throw domError('TypeError', 'selector must be a track');
      const owner = transceivers(s).filter(
        (t) => t.sender.track === selector || t.receiver.track === selector,
      );
      if (owner.length !== 1) throw domError('InvalidAccessError', 'the track is not sent or received here');
      return new Map(mediaStats(s, selector).map((r) => [r.id, r]));
    }
    const stack = s.stack;
    const agentStats = stack?.agent.getStats();
    return buildStatsReport({
      timestamp: performance.timeOrigin + performance.now(),
      channels: s.channels.entries(),
      dataChannelsOpened: s.channels.opened,
      dataChannelsClosed: s.channels.closedCount,
      media: mediaStats(s),
      ...(stack && agentStats
        ? {
            transport: {
              iceState: stack.iceState,
              dtlsState: stack.dtlsState,
              iceRole: stack.agent.role,
              dtlsRole: s.dtlsRole,
              localUfrag: stack.agent.localUfrag,
              pairs: agentStats.pairs,
              selectedPairId: stack.selectedPair?.id,
              selectedPairChanges: s.selectedPairChanges,
              localFingerprint: s.certificate.sha256Fingerprint,
              localCertificateDer: s.certificate.certificate.der,
              remoteCertificateDer: stack.dtls?.remoteCertificate,
              dtlsCipher: stack.dtlsCipher,
            },
          }
        : {}),
    });
  }

  close(): void {
    const s = this.#s;
    if (s.closed) return;
    s.closed = true;
    s.chain.close();
    s.signalingState = 'closed';
    // webrtc-pc §4.4.1.5 close(): channels and transports go to closed without firing events here;
    // the remote side sees the SCTP association end.
    s.channels.closeSilently();
    // webrtc-pc §4.4.1.5 close(): every transceiver stops (no events); our streams say BYE.
    for (const t of transceivers(s)) RTCRtpTransceiver.stopCompletely(t);
    s.media.transport?.close();
    closePool(s);
    cancelGathering(s);
    s.stack?.close();
    s.iceConnectionState = 'closed';
    s.connectionState = 'closed';
    s.views.setDtlsState('closed');
    s.views.setSctpState('closed');
  }
}

defineEventHandlers(RTCPeerConnection.prototype, [
  'icecandidate',
  'icecandidateerror',
  'icegatheringstatechange',
  'iceconnectionstatechange',
  'connectionstatechange',
  'signalingstatechange',
  'negotiationneeded',
  'datachannel',
  'track',
]);
