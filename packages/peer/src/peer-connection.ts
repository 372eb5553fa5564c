// webrtc-pc §4.4: RTCPeerConnection for data channels. JSEP (RFC 8829) decides the descriptions;
// the TransportStack runs ICE -> DTLS -> SCTP; this class keeps the W3C state and fires the events.

import { Certificate } from '@rtc/dtls';
import type { IceEvent, IceRole, StunServerConfig, TurnServerConfig } from '@rtc/ice';
import { randomIceString, randomSessionId } from './jsep/ice-credentials.js';
import {
  buildDescription,
  type LocalDescriptionInput,
  type RejectedMedia,
} from './jsep/local-description.js';
import { OperationsChain } from './jsep/operations-chain.js';
import { type RemoteDescriptionInfo, readRemoteDescription } from './jsep/remote-description.js';
import { nextSignalingState, type RTCSignalingState } from './jsep/signaling-state.js';
import { resolveIceServers } from './transport/ice-servers.js';
import { createSctpLink } from './transport/sctp-association.js';
import type { SctpEvent, SctpLink } from './transport/sctp-link.js';
import { type DtlsState, type Timeline, TransportStack } from './transport/transport-stack.js';
import type { HostAddress } from './transport/udp-sockets.js';
import { type AlgorithmIdentifier, generateCertificate, RTCCertificate } from './w3c/certificate.js';
import {
  type NormalizedConfiguration,
  normalizeConfiguration,
  type RTCConfiguration,
} from './w3c/configuration.js';
import { type ChannelOwner, RTCDataChannel, type RTCDataChannelInit } from './w3c/data-channel.js';
import { assertNotClosed, domError } from './w3c/errors.js';
import { defineEventHandlers } from './w3c/event-handlers.js';
import {
  RTCDataChannelEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCPeerConnectionIceEvent,
} from './w3c/events.js';
import { normalizeCandidateLine, RTCIceCandidate, type RTCIceCandidateInit } from './w3c/ice-candidate.js';
import { RTCSessionDescription, type RTCSessionDescriptionInit } from './w3c/session-description.js';
import { buildStatsReport, type ChannelCounters, type RTCStatsReport } from './w3c/stats.js';
import { RTCDtlsTransport, RTCIceTransport, RTCSctpTransport, toRTCIceCandidate } from './w3c/transports.js';

export type RTCPeerConnectionState =
  | 'new'
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'failed'
  | 'closed';
export type RTCIceConnectionState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed';
export type RTCIceGatheringState = 'new' | 'gathering' | 'complete';

/** Non-standard Node options (the W3C dictionary has no say on which local addresses to use). */
export interface RTCPeerConnectionNodeOptions {
  /** Local IPv4 addresses to gather host candidates on (default: every interface, loopback last). */
  hostAddresses?: string[];
}

/** Our SCTP port (RFC 8841 a=sctp-port) and the largest message we accept (a=max-message-size). */
const SCTP_PORT = 5000;
const MAX_MESSAGE_SIZE = 262144;

interface ChannelEntry {
  channel: RTCDataChannel;
  counters: ChannelCounters;
  statsId: number;
}

export class RTCPeerConnection extends EventTarget implements ChannelOwner {
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
  #config: NormalizedConfiguration;
  readonly #nodeOptions: RTCPeerConnectionNodeOptions;
  readonly #certificate: RTCCertificate;
  readonly #chain = new OperationsChain();
  readonly #sessionId = randomSessionId();
  #sessionVersion = 0;
  #closed = false;
  #signalingState: RTCSignalingState = 'stable';
  #iceConnectionState: RTCIceConnectionState = 'new';
  #connectionState: RTCPeerConnectionState = 'new';
  #iceGatheringState: RTCIceGatheringState = 'new';
  #ufrag = randomIceString(8);
  #pwd = randomIceString(24);
  #iceRestartPending = false;
  #stack: TransportStack | undefined;
  #iceServers: Promise<{ stun: StunServerConfig[]; turn: TurnServerConfig[] }> | undefined;
  #dtlsRole: 'client' | 'server' | undefined;
  /** m-sections of the last applied offer/answer, in order; the data section has data: true. */
  #sections: Array<RejectedMedia & { data: boolean }> = [];
  #remoteInfo: RemoteDescriptionInfo | undefined;
  #remoteMaxMessageSize = 65536;
  #lastOffer: { sdp: string; input: LocalDescriptionInput } | undefined;
  #lastAnswer: { sdp: string; input: LocalDescriptionInput } | undefined;
  #pendingLocal: { type: 'offer' | 'answer' | 'pranswer'; input: LocalDescriptionInput } | undefined;
  #currentLocal: { type: 'offer' | 'answer' | 'pranswer'; input: LocalDescriptionInput } | undefined;
  #pendingRemote: RTCSessionDescription | undefined;
  #currentRemote: RTCSessionDescription | undefined;
  #localCandidates: string[] = [];
  #negotiationNeeded = false;
  readonly #channels = new Map<RTCDataChannel, ChannelEntry>();
  readonly #channelById = new Map<number, RTCDataChannel>();
  #statsIds = 0;
  #opened = 0;
  #closedChannels = 0;
  #selectedPairChanges = 0;
  #sctpLink: SctpLink | undefined;
  readonly #iceTransport: RTCIceTransport;
  readonly #dtlsTransport: RTCDtlsTransport;
  #sctpTransport: RTCSctpTransport | null = null;

  static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    return generateCertificate(keygenAlgorithm);
  }

  constructor(configuration: RTCConfiguration = {}, nodeOptions: RTCPeerConnectionNodeOptions = {}) {
    super();
    this.#config = normalizeConfiguration(configuration);
    this.#nodeOptions = nodeOptions;
    const certs = configuration.certificates ?? [];
    const given = certs.find((c): c is RTCCertificate => c instanceof RTCCertificate);
    if (certs.length > 0 && !given)
      throw domError('TypeError', 'certificates must be RTCCertificate objects');
    if (given && given.expires <= Date.now())
      throw domError('InvalidAccessError', 'The certificate has expired');
    this.#certificate = given ?? new RTCCertificate(Certificate.generate(), Date.now() + 30 * 86_400_000);
    const self = this;
    this.#iceTransport = new RTCIceTransport({
      get iceRole() {
        return self.#stack?.agent.role as IceRole | undefined;
      },
      get iceState() {
        return self.#stack?.iceState ?? 'new';
      },
      get gatheringState() {
        return self.#stack?.gatheringState ?? 'new';
      },
      get selectedPair() {
        return self.#stack?.selectedPair;
      },
      get localCandidates() {
        return self.#stack?.agent.getLocalCandidates() ?? [];
      },
      get remoteCandidates() {
        const seen = new Map<string, import('@rtc/ice').Candidate>();
        for (const p of self.#stack?.agent.getStats().pairs ?? []) {
          seen.set(`${p.remoteCandidate.address}:${p.remoteCandidate.port}`, p.remoteCandidate);
        }
        return [...seen.values()];
      },
      get mid() {
        return self.#dataMid ?? '0';
      },
    });
    this.#dtlsTransport = new RTCDtlsTransport(this.#iceTransport);
  }

  // ---- attributes ----

  get signalingState(): RTCSignalingState {
    return this.#signalingState;
  }
  get iceConnectionState(): RTCIceConnectionState {
    return this.#iceConnectionState;
  }
  get connectionState(): RTCPeerConnectionState {
    return this.#connectionState;
  }
  get iceGatheringState(): RTCIceGatheringState {
    return this.#iceGatheringState;
  }
  get canTrickleIceCandidates(): boolean | null {
    if (!this.#remoteInfo) return null;
    const opts =
      this.#remoteInfo.sdp.media[this.#remoteInfo.dataIndex]?.iceOptions ?? this.#remoteInfo.sdp.iceOptions;
    return opts.includes('trickle');
  }
  get sctp(): RTCSctpTransport | null {
    return this.#sctpTransport;
  }
  get localDescription(): RTCSessionDescription | null {
    return this.pendingLocalDescription ?? this.currentLocalDescription;
  }
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#describe(this.#currentLocal);
  }
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#describe(this.#pendingLocal);
  }
  get remoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote ?? this.#currentRemote ?? null;
  }
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#currentRemote ?? null;
  }
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote ?? null;
  }

  /** Non-standard: milestones of this connection (ms), for the demo and diagnostics. */
  get timeline(): Readonly<Timeline> | undefined {
    return this.#stack?.timeline;
  }

  get #dataMid(): string | undefined {
    return this.#sections.find((s) => s.data)?.mid;
  }

  #describe(d: { type: 'offer' | 'answer' | 'pranswer'; input: LocalDescriptionInput } | undefined) {
    if (!d) return null;
    // webrtc-pc §4.4.1.6: the local description carries the candidates gathered so far.
    const sdp = buildDescription({
      ...d.input,
      candidates: this.#filteredCandidates(),
      endOfCandidates: this.#iceGatheringState === 'complete',
    });
    return new RTCSessionDescription({ type: d.type, sdp });
  }

  #filteredCandidates(): string[] {
    return this.#localCandidates;
  }

  // ---- configuration ----

  getConfiguration(): RTCConfiguration {
    const c = this.#config;
    return {
      iceServers: c.iceServers.map((s) => ({ ...s })),
      iceTransportPolicy: c.iceTransportPolicy,
      bundlePolicy: c.bundlePolicy,
      rtcpMuxPolicy: c.rtcpMuxPolicy,
      iceCandidatePoolSize: c.iceCandidatePoolSize,
      certificates: [this.#certificate],
    };
  }

  setConfiguration(configuration: RTCConfiguration = {}): void {
    assertNotClosed(this.#closed);
    const next = normalizeConfiguration(configuration);
    // webrtc-pc §4.4.1.5: bundlePolicy, rtcpMuxPolicy and certificates cannot change.
    if (configuration.bundlePolicy !== undefined && next.bundlePolicy !== this.#config.bundlePolicy) {
      throw domError('InvalidModificationError', 'bundlePolicy cannot be changed');
    }
    if (configuration.certificates !== undefined && configuration.certificates[0] !== this.#certificate) {
      throw domError('InvalidModificationError', 'certificates cannot be changed');
    }
    this.#config = { ...next, bundlePolicy: this.#config.bundlePolicy };
    this.#iceServers = undefined;
  }

  // ---- JSEP ----

  createOffer(_options: { iceRestart?: boolean } = {}): Promise<RTCSessionDescriptionInit> {
    return this.#chained(() => {
      if (_options.iceRestart) this.#iceRestartPending = true;
      const input = this.#offerInput();
      const sdp = buildDescription(input);
      this.#lastOffer = { sdp, input };
      return { type: 'offer', sdp };
    });
  }

  createAnswer(_options: object = {}): Promise<RTCSessionDescriptionInit> {
    return this.#chained(() => {
      if (this.#signalingState !== 'have-remote-offer' && this.#signalingState !== 'have-local-pranswer') {
        throw domError('InvalidStateError', `createAnswer in signaling state ${this.#signalingState}`);
      }
      const input = this.#answerInput();
      const sdp = buildDescription(input);
      this.#lastAnswer = { sdp, input };
      return { type: 'answer', sdp };
    });
  }

  #localCredentials(): { ufrag: string; pwd: string } {
    const agent = this.#stack?.agent;
    return agent ? { ufrag: agent.localUfrag, pwd: agent.localPwd } : { ufrag: this.#ufrag, pwd: this.#pwd };
  }

  #offerInput(): LocalDescriptionInput {
    if (this.#iceRestartPending && this.#stack) {
      // RFC 8445 §9: new credentials; the agent generates them (it has no setter for chosen ones).
      this.#stack.restartIce();
      this.#iceRestartPending = false;
      this.#localCandidates = [];
    }
    const sections = this.#sections.map((s) => ({ ...s }));
    if (!sections.some((s) => s.data) && this.#channels.size > 0) {
      let mid = sections.length;
      while (sections.some((s) => s.mid === String(mid))) mid++;
      sections.push({
        kind: 'application',
        protocol: 'UDP/DTLS/SCTP',
        formats: [],
        mid: String(mid),
        data: true,
      });
    }
    return this.#descriptionInput(sections, 'actpass', false);
  }

  #answerInput(): LocalDescriptionInput {
    const remote = this.#remoteInfo!;
    const sections = remote.sections.map((s, i) => ({
      ...s,
      data: i === remote.dataIndex && !remote.dataRejected,
    }));
    // RFC 8842 §5.3: once DTLS runs, the answer keeps the role; else answer active unless the offer is.
    let setup: 'active' | 'passive' = remote.setup === 'active' ? 'passive' : 'active';
    if (this.#dtlsRole) setup = this.#dtlsRole === 'client' ? 'active' : 'passive';
    return this.#descriptionInput(sections, setup, remote.legacySctp);
  }

  #descriptionInput(
    sections: Array<RejectedMedia & { data: boolean }>,
    setup: 'actpass' | 'active' | 'passive',
    legacySctp: boolean,
  ): LocalDescriptionInput {
    const { ufrag, pwd } = this.#localCredentials();
    const dataIndex = sections.findIndex((s) => s.data);
    return {
      sessionId: this.#sessionId,
      sessionVersion: this.#sessionVersion++,
      ufrag,
      pwd,
      fingerprint: this.#certificate.certificate.fingerprint('sha-256'),
      setup,
      dataMid: dataIndex >= 0 ? (sections[dataIndex]!.mid ?? String(dataIndex)) : undefined,
      dataIndex,
      sctpPort: SCTP_PORT,
      maxMessageSize: MAX_MESSAGE_SIZE,
      rejected: sections.filter((s) => !s.data),
      candidates: [],
      endOfCandidates: false,
      legacySctp,
    };
  }

  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    return this.#chained(() => {
      let type = description?.type;
      if (type === 'rollback') return this.#rollback('local');
      if (type === undefined) {
        const s = this.#signalingState;
        type =
          s === 'stable' || s === 'have-local-offer' || s === 'have-remote-pranswer' ? 'offer' : 'answer';
      }
      if (nextSignalingState(this.#signalingState, 'local', type) === undefined) {
        throw domError('InvalidStateError', `Cannot set a local ${type} in state ${this.#signalingState}`);
      }
      const given = description?.sdp;
      let input: LocalDescriptionInput;
      if (type === 'offer') {
        if (given && given !== this.#lastOffer?.sdp) {
          throw domError('InvalidModificationError', 'The SDP does not match the last offer created');
        }
        input = given ? this.#lastOffer!.input : this.#offerInput();
      } else {
        if (given && given !== this.#lastAnswer?.sdp) {
          throw domError('InvalidModificationError', 'The SDP does not match the last answer created');
        }
        input = given ? this.#lastAnswer!.input : this.#answerInput();
      }
      this.#applyLocal(type, input);
    });
  }

  #applyLocal(type: 'offer' | 'answer' | 'pranswer', input: LocalDescriptionInput): void {
    const previous = this.#signalingState;
    const next = nextSignalingState(previous, 'local', type)!;
    if (type === 'offer') {
      this.#ensureStack('controlling');
      this.#pendingLocal = { type, input };
    } else {
      const stack = this.#ensureStack('controlled');
      this.#sections = this.#remoteInfo!.sections.map((s, i) => ({
        ...s,
        data: i === this.#remoteInfo!.dataIndex && !this.#remoteInfo!.dataRejected,
      }));
      if (type === 'answer') {
        this.#currentLocal = { type, input };
        this.#pendingLocal = undefined;
        if (this.#pendingRemote) this.#currentRemote = this.#pendingRemote;
        this.#pendingRemote = undefined;
      } else this.#pendingLocal = { type, input };
      if (input.dataMid !== undefined) {
        this.#startDtls(input.setup === 'active' ? 'client' : 'server', stack);
      }
    }
    void this.#stack?.startGathering();
    this.#setSignalingState(next);
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    return this.#chained(() => {
      if (!description || typeof description.type !== 'string') {
        throw domError('TypeError', 'setRemoteDescription needs a description with a type');
      }
      const type = description.type;
      if (type === 'rollback') return this.#rollback('remote');
      if (!['offer', 'answer', 'pranswer'].includes(type))
        throw domError('TypeError', `Invalid type ${type}`);
      // webrtc-pc §4.4.1.6 step: an offer in have-local-offer first rolls back (perfect negotiation).
      if (type === 'offer' && this.#signalingState === 'have-local-offer') this.#rollback('local');
      const next = nextSignalingState(this.#signalingState, 'remote', type);
      if (next === undefined) {
        throw domError('InvalidStateError', `Cannot set a remote ${type} in state ${this.#signalingState}`);
      }
      const info = readRemoteDescription(description.sdp ?? '', type);
      const desc = new RTCSessionDescription({ type, sdp: description.sdp ?? '' });
      this.#remoteInfo = info;
      this.#remoteMaxMessageSize = info.maxMessageSize;
      this.#sctpTransport?._setMaxMessageSize(this.maxMessageSize);
      if (type === 'offer') {
        const stack = this.#ensureStack('controlled');
        this.#pendingRemote = desc;
        this.#applyRemoteTransport(info, stack);
      } else {
        const stack = this.#stack!;
        this.#sections = info.sections.map((s, i) => ({
          ...s,
          data: i === info.dataIndex && !info.dataRejected,
        }));
        if (type === 'answer') {
          this.#currentRemote = desc;
          this.#pendingRemote = undefined;
          if (this.#pendingLocal) this.#currentLocal = this.#pendingLocal;
          this.#pendingLocal = undefined;
        } else this.#pendingRemote = desc;
        this.#applyRemoteTransport(info, stack);
        if (info.dataIndex >= 0 && !info.dataRejected) {
          // RFC 8842 §5.1: the answerer's a=setup decides; active means it is the DTLS client.
          this.#startDtls(info.setup === 'active' ? 'server' : 'client', stack);
        } else if (info.dataIndex >= 0 && info.dataRejected) {
          for (const ch of [...this.#channels.keys()])
            this.#channelClosed(ch, 'The data m-section was rejected');
        }
      }
      this.#setSignalingState(next);
    });
  }

  #applyRemoteTransport(info: RemoteDescriptionInfo, stack: TransportStack): void {
    if (info.dataIndex < 0 || info.dataRejected || !info.ufrag || !info.pwd) return;
    const previousUfrag = this.#stack?.agent.localUfrag;
    stack.setRemoteCredentials(info.ufrag, info.pwd, info.iceLite);
    // The agent restarts itself when the peer's ufrag changed (RFC 8445 §9): new local candidates follow.
    if (previousUfrag !== undefined && stack.agent.localUfrag !== previousUfrag) this.#localCandidates = [];
    for (const c of info.candidates) {
      try {
        stack.addRemoteCandidate(c);
      } catch {
        // A candidate we cannot parse in an SDP is skipped (browsers do the same).
      }
    }
    if (info.endOfCandidates) stack.addRemoteCandidate(null);
  }

  #rollback(source: 'local' | 'remote'): void {
    if (nextSignalingState(this.#signalingState, source, 'rollback') === undefined) {
      throw domError('InvalidStateError', `Cannot roll back ${source} in state ${this.#signalingState}`);
    }
    this.#pendingLocal = undefined;
    this.#pendingRemote = undefined;
    if (this.#currentRemote) {
      this.#remoteInfo = readRemoteDescription(this.#currentRemote.sdp, this.#currentRemote.type as 'answer');
    } else this.#remoteInfo = undefined;
    // Nothing was negotiated yet: drop the transport so the next role (offerer or answerer) is fresh.
    if (!this.#currentLocal && this.#stack && !this.#dtlsRole) {
      this.#stack.close();
      this.#stack = undefined;
      this.#localCandidates = [];
      this.#ufrag = randomIceString(8);
      this.#pwd = randomIceString(24);
      this.#iceGatheringState = 'new';
    }
    this.#setSignalingState('stable');
  }

  addIceCandidate(candidate?: RTCIceCandidateInit | RTCIceCandidate | null): Promise<void> {
    return this.#chained(() => {
      if (!this.remoteDescription)
        throw domError('InvalidStateError', 'addIceCandidate before setRemoteDescription');
      const stack = this.#stack!;
      const line = candidate?.candidate ?? '';
      if (candidate && candidate.sdpMid == null && candidate.sdpMLineIndex == null && line !== '') {
        throw domError('TypeError', 'addIceCandidate needs sdpMid or sdpMLineIndex');
      }
      if (candidate?.sdpMid != null && this.#remoteInfo) {
        const mids = this.#remoteInfo.sections.map((s) => s.mid);
        if (!mids.includes(candidate.sdpMid))
          throw domError('OperationError', `Unknown sdpMid ${candidate.sdpMid}`);
      }
      if (line === '') {
        stack.addRemoteCandidate(null);
        return;
      }
      // A candidate for another m-section is for the bundled transport anyway (RFC 9143).
      try {
        stack.addRemoteCandidate(normalizeCandidateLine(line));
      } catch (e) {
        throw domError('OperationError', `Invalid candidate: ${(e as Error).message}`);
      }
    });
  }

  restartIce(): void {
    if (this.#closed) return;
    // webrtc-pc §4.4.1.6 restartIce: the next offer carries new credentials.
    this.#iceRestartPending = true;
    this.#updateNegotiationNeeded(true);
  }

  // ---- data channels ----

  createDataChannel(label: string, init: RTCDataChannelInit = {}): RTCDataChannel {
    assertNotClosed(this.#closed);
    label = String(label);
    if (Buffer.byteLength(label) > 65535) throw domError('TypeError', 'label is longer than 65535 bytes');
    const protocol = init.protocol ?? '';
    if (Buffer.byteLength(protocol) > 65535)
      throw domError('TypeError', 'protocol is longer than 65535 bytes');
    if (init.maxPacketLifeTime != null && init.maxRetransmits != null) {
      throw domError('TypeError', 'maxPacketLifeTime and maxRetransmits are mutually exclusive');
    }
    if (init.negotiated && init.id == null) throw domError('TypeError', 'A negotiated channel needs an id');
    if (init.id != null && (init.id < 0 || init.id > 65534 || !Number.isInteger(init.id))) {
      throw domError('TypeError', 'id must be an integer in 0..65534');
    }
    if (init.negotiated && init.id != null && this.#channelById.has(init.id)) {
      throw domError('OperationError', `A channel with id ${init.id} exists`);
    }
    const channel = new RTCDataChannel(this, label, {
      ...init,
      id: init.negotiated ? (init.id ?? null) : null,
      maxPacketLifeTime: init.maxPacketLifeTime != null ? Math.min(init.maxPacketLifeTime, 65535) : undefined,
      maxRetransmits: init.maxRetransmits != null ? Math.min(init.maxRetransmits, 65535) : undefined,
    } as RTCDataChannelInit);
    this.#register(channel);
    if (this.#sctpLink) this.#openOnLink(channel, this.#sctpLink);
    if (!this.#sctpTransport) this.#updateNegotiationNeeded();
    return channel;
  }

  #register(channel: RTCDataChannel): void {
    this.#channels.set(channel, {
      channel,
      counters: { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 },
      statsId: this.#statsIds++,
    });
    if (channel.id !== null) this.#channelById.set(channel.id, channel);
  }

  #openOnLink(channel: RTCDataChannel, link: SctpLink): void {
    const now = this.#stack!.now();
    const id = link.createChannel(
      {
        label: channel.label,
        protocol: channel.protocol,
        ordered: channel.ordered,
        maxRetransmits: channel.maxRetransmits ?? undefined,
        maxPacketLifeTime: channel.maxPacketLifeTime ?? undefined,
        negotiated: channel.negotiated,
        id: channel.id ?? undefined,
      },
      now,
    );
    channel._setId(id);
    this.#channelById.set(id, channel);
    if (channel.bufferedAmountLowThreshold > 0)
      link.setBufferedAmountLowThreshold(id, channel.bufferedAmountLowThreshold);
    this.#stack!.pump(now);
  }

  get maxMessageSize(): number {
    return Math.min(this.#remoteMaxMessageSize, MAX_MESSAGE_SIZE);
  }

  /** @internal ChannelOwner */
  sendOnChannel(channel: RTCDataChannel, data: Uint8Array, binary: boolean): void {
    const link = this.#sctpLink;
    const id = channel.id;
    if (!link || id === null || !this.#stack) throw domError('InvalidStateError', 'The channel is not open');
    const now = this.#stack.now();
    link.send(id, data, binary, now);
    const entry = this.#channels.get(channel);
    if (entry) {
      entry.counters.messagesSent++;
      entry.counters.bytesSent += data.byteLength;
    }
    this.#stack.pump(now);
  }

  /** @internal ChannelOwner */
  closeChannel(channel: RTCDataChannel): void {
    const link = this.#sctpLink;
    if (!link || channel.id === null || !this.#stack || !link.connected) {
      this.#channelClosed(channel);
      return;
    }
    const now = this.#stack.now();
    link.closeChannel(channel.id, now);
    this.#stack.pump(now);
  }

  /** @internal ChannelOwner */
  bufferedAmountOf(channel: RTCDataChannel): number {
    return channel.id !== null && this.#sctpLink ? this.#sctpLink.bufferedAmount(channel.id) : 0;
  }

  /** @internal ChannelOwner */
  setLowThreshold(channel: RTCDataChannel, threshold: number): void {
    if (channel.id !== null && this.#sctpLink?.connected !== undefined) {
      this.#sctpLink.setBufferedAmountLowThreshold(channel.id, threshold);
    }
  }

  #channelClosed(channel: RTCDataChannel, error?: string): void {
    if (channel.readyState === 'closed') return;
    if (channel.id !== null) this.#channelById.delete(channel.id);
    this.#channels.delete(channel);
    this.#closedChannels++;
    channel._closed(error);
  }

  // ---- transport wiring ----

  #ensureStack(role: IceRole): TransportStack {
    if (this.#stack) return this.#stack;
    const { ufrag, pwd } = this.#localCredentials();
    const hostAddresses: HostAddress[] | undefined = this.#nodeOptions.hostAddresses?.map((address, i) => ({
      address,
      interfaceIndex: i,
    }));
    const servers = resolveIceServers(this.#config.parsedIceServers);
    const stack = new TransportStack(
      {
        role,
        certificate: this.#certificate.certificate,
        stunServers: servers.stun,
        turnServers: servers.turn,
        hostAddresses,
        relayOnly: this.#config.iceTransportPolicy === 'relay',
        createSctp: (dtlsRole, send) => {
          const link = createSctpLink({
            role: dtlsRole,
            maxMessageSize: MAX_MESSAGE_SIZE,
            remoteMaxMessageSize: this.#remoteMaxMessageSize,
            remotePort: this.#remoteInfo?.sctpPort ?? SCTP_PORT,
            localPort: SCTP_PORT,
            send,
          });
          this.#sctpLink = link;
          return link;
        },
      },
      {
        ice: (e) => this.#onIce(e),
        dtlsState: (s, detail) => this.#onDtlsState(s, detail),
        sctp: (e) => this.#onSctp(e),
      },
      ufrag,
      pwd,
    );
    this.#stack = stack;
    return stack;
  }

  #startDtls(role: 'client' | 'server', stack: TransportStack): void {
    if (this.#dtlsRole || !this.#remoteInfo) return;
    this.#dtlsRole = role;
    this.#sctpTransport = new RTCSctpTransport(this.#dtlsTransport, this.maxMessageSize);
    stack.startDtls(role, this.#remoteInfo.fingerprints);
    // Channels created before the role was known get their ids now (RFC 8832 §6: even for the client).
    for (const ch of this.#channels.keys()) if (this.#sctpLink) this.#openOnLink(ch, this.#sctpLink);
  }

  #onIce(e: IceEvent): void {
    if (this.#closed) return;
    switch (e.type) {
      case 'local-candidate': {
        const c = toRTCIceCandidate(e.candidate, this.#dataMid ?? '0');
        const withUfrag = new RTCIceCandidate({
          candidate: c.candidate,
          sdpMid: c.sdpMid,
          sdpMLineIndex: Math.max(
            0,
            this.#sections.findIndex((s) => s.data),
          ),
          usernameFragment: this.#stack?.agent.localUfrag ?? null,
        });
        this.#localCandidates.push(c.candidate);
        this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: withUfrag }));
        return;
      }
      case 'gathering-state':
        if (e.state === this.#iceGatheringState) return;
        this.#iceGatheringState = e.state;
        this.#iceTransport.dispatchEvent(new Event('gatheringstatechange'));
        this.dispatchEvent(new Event('icegatheringstatechange'));
        // webrtc-pc §5.6: gathering done is announced as a null candidate.
        if (e.state === 'complete')
          this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
        return;
      case 'connection-state':
        this.#iceTransport.dispatchEvent(new Event('statechange'));
        this.#setIceConnectionState(e.state);
        return;
      case 'error':
        // webrtc-pc §4.8.3: a STUN/TURN server failed; 701 is the code for "no response / unusable".
        if (e.message.startsWith('TURN ')) {
          this.dispatchEvent(
            new RTCPeerConnectionIceErrorEvent('icecandidateerror', { errorCode: 701, errorText: e.message }),
          );
        }
        return;
      case 'selected-pair':
        this.#selectedPairChanges++;
        this.#iceTransport.dispatchEvent(new Event('selectedcandidatepairchange'));
        return;
      default:
        return;
    }
  }

  #onDtlsState(state: DtlsState, _detail?: string): void {
    if (this.#closed) return;
    this.#dtlsTransport._setState(state, this.#stack?.dtls?.remoteCertificate);
    if (state === 'failed' || state === 'closed') {
      this.#sctpTransport?._setState('closed');
      for (const ch of [...this.#channels.keys()])
        this.#channelClosed(ch, state === 'failed' ? 'DTLS failed' : undefined);
    }
    this.#updateConnectionState();
  }

  #onSctp(e: SctpEvent): void {
    if (this.#closed) return;
    switch (e.type) {
      case 'connected':
        this.#sctpTransport?._setState('connected', this.#sctpLink?.maxChannels);
        return;
      case 'channel-open': {
        const ch = this.#channelById.get(e.id);
        if (ch && ch.readyState === 'connecting') {
          this.#opened++;
          ch._open();
        }
        return;
      }
      case 'channel-incoming': {
        const p = e.parameters;
        const existing = this.#channelById.get(e.id);
        if (existing) return;
        const ch = new RTCDataChannel(this, p.label, {
          ordered: p.ordered,
          protocol: p.protocol,
          negotiated: false,
          id: e.id,
          ...(p.maxRetransmits !== undefined ? { maxRetransmits: p.maxRetransmits } : {}),
          ...(p.maxPacketLifeTime !== undefined ? { maxPacketLifeTime: p.maxPacketLifeTime } : {}),
        });
        this.#register(ch);
        this.#opened++;
        ch._open();
        this.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel: ch }));
        return;
      }
      case 'message': {
        const ch = this.#channelById.get(e.id);
        if (!ch) return;
        const entry = this.#channels.get(ch);
        if (entry) {
          entry.counters.messagesReceived++;
          entry.counters.bytesReceived += e.data.byteLength;
        }
        ch._message(e.data, e.binary);
        return;
      }
      case 'buffered-low':
        this.#channelById.get(e.id)?._bufferedAmountLow();
        return;
      case 'channel-closing':
        this.#channelById.get(e.id)?._closing();
        return;
      case 'channel-closed': {
        const ch = this.#channelById.get(e.id);
        if (ch) this.#channelClosed(ch);
        return;
      }
      case 'closed':
        this.#sctpTransport?._setState('closed');
        for (const ch of [...this.#channels.keys()]) this.#channelClosed(ch);
        return;
    }
  }

  #setIceConnectionState(state: RTCIceConnectionState): void {
    if (state === this.#iceConnectionState) return;
    this.#iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
    this.#updateConnectionState();
  }

  /** webrtc-pc §4.3.3: RTCPeerConnectionState from the ICE and DTLS transport states. */
  #updateConnectionState(): void {
    if (this.#closed) return;
    const ice = this.#iceConnectionState;
    const dtls = this.#dtlsTransport.state;
    let state: RTCPeerConnectionState;
    if (ice === 'failed' || dtls === 'failed') state = 'failed';
    else if (ice === 'disconnected') state = 'disconnected';
    // A transport the remote closed counts like a connected one in the webrtc-pc table.
    else if ((ice === 'connected' || ice === 'completed') && (dtls === 'connected' || dtls === 'closed'))
      state = 'connected';
    else if (ice === 'new' && dtls === 'new') state = 'new';
    else state = 'connecting';
    if (state === this.#connectionState) return;
    this.#connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  #setSignalingState(state: RTCSignalingState): void {
    if (state === this.#signalingState) return;
    this.#signalingState = state;
    this.dispatchEvent(new Event('signalingstatechange'));
    if (state === 'stable') this.#updateNegotiationNeeded();
  }

  /** webrtc-pc §4.7.3 "update the negotiation-needed flag", for data channels and ICE restarts. */
  #updateNegotiationNeeded(force = false): void {
    queueMicrotask(() => {
      if (this.#closed || this.#chain.length > 0 || this.#signalingState !== 'stable') return;
      const needed =
        force || this.#iceRestartPending || (this.#channels.size > 0 && !this.#sections.some((s) => s.data));
      if (!needed) {
        this.#negotiationNeeded = false;
        return;
      }
      if (this.#negotiationNeeded && !force) return;
      this.#negotiationNeeded = true;
      this.dispatchEvent(new Event('negotiationneeded'));
    });
  }

  #chained<T>(op: () => T | Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(domError('InvalidStateError', 'The RTCPeerConnection is closed'));
    return this.#chain
      .chain(op, () => domError('InvalidStateError', 'The RTCPeerConnection is closed'))
      .finally(() => {
        if (this.#chain.length === 0 && this.#signalingState === 'stable') {
          this.#negotiationNeeded = false;
          this.#updateNegotiationNeeded();
        }
      });
  }

  // ---- stats and close ----

  async getStats(_selector?: unknown): Promise<RTCStatsReport> {
    const stack = this.#stack;
    const agentStats = stack?.agent.getStats();
    return buildStatsReport({
      timestamp: performance.timeOrigin + performance.now(),
      channels: [...this.#channels.values()],
      dataChannelsOpened: this.#opened,
      dataChannelsClosed: this.#closedChannels,
      ...(stack && agentStats
        ? {
            transport: {
              iceState: stack.iceState,
              dtlsState: stack.dtlsState,
              iceRole: stack.agent.role,
              dtlsRole: this.#dtlsRole,
              localUfrag: stack.agent.localUfrag,
              pairs: agentStats.pairs,
              selectedPairId: stack.selectedPair?.id,
              selectedPairChanges: this.#selectedPairChanges,
              localFingerprint: this.#certificate.certificate.fingerprint('sha-256'),
              localCertificateDer: this.#certificate.certificate.der,
              remoteCertificateDer: stack.dtls?.remoteCertificate,
              dtlsCipher: stack.dtlsCipher,
            },
          }
        : {}),
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chain.close();
    this.#signalingState = 'closed';
    // webrtc-pc §4.4.1.5 close(): channels and transports go to closed without firing events here;
    // the remote side sees the SCTP association end.
    for (const ch of [...this.#channels.keys()]) {
      if (ch.id !== null) this.#channelById.delete(ch.id);
      this.#channels.delete(ch);
      ch._closedSilently();
    }
    this.#stack?.close();
    this.#iceConnectionState = 'closed';
    this.#connectionState = 'closed';
    this.#dtlsTransport._setState('closed');
    this.#sctpTransport?._setState('closed');
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
]);
