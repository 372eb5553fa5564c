// webrtc-pc §5.5 RTCDtlsTransport, §5.6 RTCIceTransport, §6.1.1 RTCSctpTransport: read-only views
// of the connection's one (bundled) transport, with their statechange events.
import type { Candidate, ConnectionState, GatheringState, IceRole, PairInfo } from '@rtc/ice';
import { serializeCandidate } from '@rtc/ice';
import { defineEventHandlers } from './event-handlers.js';
import { RTCIceCandidate } from './ice-candidate.js';

export type RTCIceTransportState = ConnectionState;
export type RTCIceGathererState = GatheringState;
export type RTCDtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';
export type RTCSctpTransportState = 'connecting' | 'connected' | 'closed';

export interface RTCIceCandidatePair {
  local: RTCIceCandidate;
  remote: RTCIceCandidate;
}

export function toRTCIceCandidate(c: Candidate, mid: string): RTCIceCandidate {
  return new RTCIceCandidate({ candidate: serializeCandidate(c), sdpMid: mid, sdpMLineIndex: 0 });
}

export interface IceTransportSource {
  readonly iceRole: IceRole | undefined;
  readonly iceState: RTCIceTransportState;
  readonly gatheringState: RTCIceGathererState;
  readonly selectedPair: PairInfo | undefined;
  readonly localCandidates: Candidate[];
  readonly remoteCandidates: Candidate[];
  readonly mid: string;
}

export class RTCIceTransport extends EventTarget {
  readonly #source: IceTransportSource;
  /** @internal */
  constructor(source: IceTransportSource) {
    super();
    this.#source = source;
  }
  get role(): IceRole | null {
    return this.#source.iceRole ?? null;
  }
  get component(): 'rtp' {
    return 'rtp';
  }
  get state(): RTCIceTransportState {
    return this.#source.iceState;
  }
  get gatheringState(): RTCIceGathererState {
    return this.#source.gatheringState;
  }
  getLocalCandidates(): RTCIceCandidate[] {
    return this.#source.localCandidates.map((c) => toRTCIceCandidate(c, this.#source.mid));
  }
  getRemoteCandidates(): RTCIceCandidate[] {
    return this.#source.remoteCandidates.map((c) => toRTCIceCandidate(c, this.#source.mid));
  }
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    const p = this.#source.selectedPair;
    if (!p) return null;
    return {
      local: toRTCIceCandidate(p.local, this.#source.mid),
      remote: toRTCIceCandidate(p.remote, this.#source.mid),
    };
  }
}
defineEventHandlers(RTCIceTransport.prototype, [
  'statechange',
  'gatheringstatechange',
  'selectedcandidatepairchange',
]);

export class RTCDtlsTransport extends EventTarget {
  readonly iceTransport: RTCIceTransport;
  #state: RTCDtlsTransportState = 'new';
  /** The peer's certificate as the DTLS endpoint holds it; copied when the application asks. */
  #remoteCertificate: Uint8Array | undefined;
  #remoteCertificates: ArrayBuffer[] | undefined;
  /** @internal */
  constructor(
    iceTransport: RTCIceTransport,
    state: RTCDtlsTransportState = 'new',
    remoteCertificate?: Uint8Array,
  ) {
    super();
    this.iceTransport = iceTransport;
    this.#state = state;
    this.#remoteCertificate = remoteCertificate;
  }
  get state(): RTCDtlsTransportState {
    return this.#state;
  }
  getRemoteCertificates(): ArrayBuffer[] {
    const der = this.#remoteCertificate;
    this.#remoteCertificates ??= der ? [der.slice().buffer as ArrayBuffer] : [];
    return [...this.#remoteCertificates];
  }
  /** @internal */
  _setState(state: RTCDtlsTransportState, remoteCertificate?: Uint8Array): void {
    if (remoteCertificate && remoteCertificate !== this.#remoteCertificate) {
      this.#remoteCertificate = remoteCertificate;
      this.#remoteCertificates = undefined;
    }
    if (state === this.#state) return;
    this.#state = state;
    if (state === 'failed') this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new Event('statechange'));
  }
}
defineEventHandlers(RTCDtlsTransport.prototype, ['statechange', 'error']);

export class RTCSctpTransport extends EventTarget {
  readonly transport: RTCDtlsTransport;
  #state: RTCSctpTransportState = 'connecting';
  #maxMessageSize: number;
  #maxChannels: number | null = null;
  /** @internal */
  constructor(
    transport: RTCDtlsTransport,
    maxMessageSize: number,
    state: RTCSctpTransportState = 'connecting',
    maxChannels?: number,
  ) {
    super();
    this.transport = transport;
    this.#maxMessageSize = maxMessageSize;
    this.#state = state;
    if (maxChannels !== undefined) this.#maxChannels = maxChannels;
  }
  get state(): RTCSctpTransportState {
    return this.#state;
  }
  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }
  get maxChannels(): number | null {
    return this.#maxChannels;
  }
  /** @internal */
  _setMaxMessageSize(size: number): void {
    this.#maxMessageSize = size;
  }
  /** @internal */
  _setState(state: RTCSctpTransportState, maxChannels?: number): void {
    if (maxChannels !== undefined) this.#maxChannels = maxChannels;
    if (state === this.#state) return;
    this.#state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}
defineEventHandlers(RTCSctpTransport.prototype, ['statechange']);
