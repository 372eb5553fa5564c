// The internal state of one RTCPeerConnection (webrtc-pc §4.4.1 internal slots), shared by the modules
// that implement it (jsep/, pc/). The RTCPeerConnection object itself only exposes the W3C surface.
import type { IceEvent, StunServerConfig, TurnServerConfig } from '@rtc/ice';
import { randomIceString, randomSessionId } from '../jsep/ice-credentials.js';
import {
  buildDescription,
  type LocalDescriptionInput,
  type RejectedMedia,
} from '../jsep/local-description.js';
import { OperationsChain } from '../jsep/operations-chain.js';
import type { RemoteDescriptionInfo } from '../jsep/remote-description.js';
import type { RTCSignalingState } from '../jsep/signaling-state.js';
import type { RTCRtpTransceiver } from '../media/transceiver.js';
import type { TransportStack } from '../transport/transport-stack.js';
import type { RTCCertificate } from '../w3c/certificate.js';
import type { NormalizedConfiguration } from '../w3c/configuration.js';
import { RTCSessionDescription } from '../w3c/session-description.js';
import type { DataChannels } from './data-channels.js';
import { MediaState } from './media-state.js';
import type { RTCIceConnectionState, RTCIceGatheringState, RTCPeerConnectionState } from './states.js';
import { TransportViews } from './transport-views.js';

/** Non-standard Node options (the W3C dictionary has no say on which local addresses to use). */
export interface RTCPeerConnectionNodeOptions {
  /**
   * Local IPv4 addresses to gather host candidates on. Default: every IPv4 interface but loopback,
   * which is used only when the machine has no other (RFC 8445 §5.1.1.1); list '127.0.0.1' here to
   * pair over loopback anyway.
   */
  hostAddresses?: string[];
  /**
   * SCTP packetization-layer path MTU discovery (RFC 8899) beyond the 1191-byte base, up to one
   * DTLS record (16384 bytes), on direct ICE pairs whose path stays on this host (the remote is a
   * loopback address or one of ours; Node cannot set DF, so paths that leave the host stay at the
   * base). It multiplies data channel throughput on loopback several times.
   * - 'auto' (default): only with peers whose DTLS handshake carried `record_size_limit` (RFC 8449),
   *   which says how large a record they take; probes stay within it. @rtc sends it; Chromium,
   *   libwebrtc and werift do not, and they must not be probed: werift 0.24 throws on the probe
   *   and libwebrtc (@roamhq/wrtc) stops opening channels.
   * - 'same-host': with every peer (for peers known to drop what they cannot take).
   * - 'off': the base size always.
   */
  sctpPathMtuDiscovery?: 'auto' | 'off' | 'same-host';
  /**
   * Resolves the `<uuid>.local` names browsers signal instead of their host addresses
   * (draft-ietf-mmusic-mdns-ice-candidates) to an IP address, or undefined when the name does not
   * resolve (a rejection counts as unresolved). Default: one multicast DNS query per name (RFC 6762,
   * given up after 3 s), its socket opened only when such a candidate arrives. At most 8 names are
   * resolved at once per connection; more are dropped. `signal` aborts when the connection closes.
   */
  mdnsResolver?: (name: string, signal?: AbortSignal) => Promise<string | undefined>;
}

export type LocalType = 'offer' | 'answer' | 'pranswer';
/** webrtc-pc [[LastCreatedOffer]]/[[LastCreatedAnswer]]: the text until it is applied, and its input. */
export interface LastCreated {
  sdp: string | undefined;
  readonly input: LocalDescriptionInput;
}
export interface AppliedLocal {
  type: LocalType;
  input: LocalDescriptionInput;
  /** The last description made of it, valid while the candidates and end-of-candidates are the same. */
  described:
    | { candidates: string[]; count: number; complete: boolean; value: RTCSessionDescription }
    | undefined;
}
/** One m-section of a description's layout, in order: the data section, or audio/video with its transceiver. */
export interface Section extends RejectedMedia {
  data: boolean;
  /** Port 0 (RFC 8829 §5.2.2: kept in place, recyclable once its transceiver stopped). */
  rejected: boolean;
  transceiver?: RTCRtpTransceiver;
}

/** Where a pooled transport's ICE events wait (see PeerTransportHooks). */
export interface HeldIceEvents {
  /** Held until setLocalDescription; undefined once surfaced. */
  held: IceEvent[] | undefined;
  /** Not kept for the bound. */
  dropped: number;
}

/** RFC 8829 §3.5.4: a transport gathering before the first setLocalDescription (see candidate-pool.ts). */
export interface PooledTransport {
  readonly stack: TransportStack;
  readonly hooks: HeldIceEvents;
  /** The ICE servers and policy it gathers with: a change before setLocalDescription gathers anew. */
  readonly key: string;
}

export class PeerState {
  /** The RTCPeerConnection: the target of every event the modules fire. */
  readonly target: EventTarget;
  config: NormalizedConfiguration;
  readonly nodeOptions: RTCPeerConnectionNodeOptions;
  readonly certificate: RTCCertificate;
  readonly chain = new OperationsChain();
  readonly sessionId = randomSessionId();
  sessionVersion = 0;
  closed = false;
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  ufrag = randomIceString(8);
  pwd = randomIceString(24);
  iceRestartPending = false;
  stack: TransportStack | undefined;
  /**
   * The ICE candidate pool (iceCandidatePoolSize > 0): gathering before any description. It becomes
   * `stack` at the first description and is dropped from here once setLocalDescription surfaced its
   * held events.
   */
  pool: PooledTransport | undefined;
  /** setLocalDescription applied an offer or answer once (webrtc-pc: the pool size is frozen). */
  localDescriptionSet = false;
  iceServers: Promise<{ stun: StunServerConfig[]; turn: TurnServerConfig[] }> | undefined;
  dtlsRole: 'client' | 'server' | undefined;
  /** The m-sections as the last answer left them. */
  sections: Section[] = [];
  /** The m-sections of a pending offer (local or remote), until its answer or rollback. */
  pendingSections: Section[] | undefined;
  readonly media = new MediaState();
  remoteInfo: RemoteDescriptionInfo | undefined;
  remoteMaxMessageSize = 65536;
  lastOffer: LastCreated | undefined;
  lastAnswer: LastCreated | undefined;
  pendingLocal: AppliedLocal | undefined;
  currentLocal: AppliedLocal | undefined;
  pendingRemote: RTCSessionDescription | undefined;
  currentRemote: RTCSessionDescription | undefined;
  localCandidates: string[] = [];
  /** ICE events waiting for the tick after the operation that started gathering (transport-wiring). */
  iceEvents: IceEvent[] | undefined;
  /** The queued task that binds the sockets and gathers (transport-wiring startGathering). */
  gatherTask: ReturnType<typeof setImmediate> | undefined;
  negotiationNeeded = false;
  selectedPairChanges = 0;
  // Assigned by the RTCPeerConnection constructor right after this object is made.
  channels!: DataChannels;
  /** The W3C transport objects, made on first use. */
  readonly views = new TransportViews(this);

  constructor(
    target: EventTarget,
    config: NormalizedConfiguration,
    nodeOptions: RTCPeerConnectionNodeOptions,
    certificate: RTCCertificate,
  ) {
    this.target = target;
    this.config = config;
    this.nodeOptions = nodeOptions;
    this.certificate = certificate;
  }

  dispatch(event: Event): void {
    this.target.dispatchEvent(event);
  }

  get dataMid(): string | undefined {
    return this.sections.find((s) => s.data)?.mid;
  }

  /** The layout in force: the pending offer's, else the last answer's. */
  get layout(): Section[] {
    return this.pendingSections ?? this.sections;
  }

  /** The BUNDLE tag section (the first one not rejected): where our candidates are signalled. */
  get transportSection(): { mid: string; index: number } {
    const layout = this.layout;
    const index = layout.findIndex((x) => !x.rejected);
    return index < 0 ? { mid: '0', index: 0 } : { mid: layout[index]!.mid ?? String(index), index };
  }

  localCredentials(): { ufrag: string; pwd: string } {
    const pooled = this.pool && !this.pool.stack.closed ? this.pool.stack : undefined;
    const agent = (this.stack ?? pooled)?.agent;
    return agent ? { ufrag: agent.localUfrag, pwd: agent.localPwd } : { ufrag: this.ufrag, pwd: this.pwd };
  }

  /** webrtc-pc §4.4.1.6: a local description carries the candidates gathered so far. */
  describe(d: AppliedLocal | undefined): RTCSessionDescription | null {
    if (!d) return null;
    const candidates = this.localCandidates;
    const complete = this.iceGatheringState === 'complete';
    const last = d.described;
    // The same object until a candidate or end-of-candidates is added (the getters are read often).
    if (
      last &&
      last.candidates === candidates &&
      last.count === candidates.length &&
      last.complete === complete
    )
      return last.value;
    const sdp = buildDescription({ ...d.input, candidates, endOfCandidates: complete });
    const value = new RTCSessionDescription({ type: d.type, sdp });
    d.described = { candidates, count: candidates.length, complete, value };
    return value;
  }
}
