// The W3C objects that show a connection's transport (webrtc-pc §5.5 RTCDtlsTransport, §5.6
// RTCIceTransport, §6.1.1 RTCSctpTransport), made when the application first reaches one (pc.sctp,
// a sender's or receiver's transport). Each is an EventTarget with its own listener maps; a
// connection nobody inspects never makes them. Until then their state is kept here, and a state
// change fires no event: no listener could have been added to an object that does not exist.
import type { Candidate, IceRole, PairInfo } from '@rtc/ice';
import {
  type IceTransportSource,
  RTCDtlsTransport,
  type RTCDtlsTransportState,
  RTCIceTransport,
  RTCSctpTransport,
  type RTCSctpTransportState,
} from '../w3c/transports.js';
import type { PeerState } from './peer-state.js';

/**
 * The live view RTCIceTransport reads (webrtc-pc §5.6). A class, so that its getters live on the
 * prototype: one small object per connection instead of an accessor object with seven closures.
 */
class PeerIceSource implements IceTransportSource {
  readonly #s: PeerState;
  constructor(s: PeerState) {
    this.#s = s;
  }
  get iceRole(): IceRole | undefined {
    return this.#s.stack?.agent.role;
  }
  get iceState(): IceTransportSource['iceState'] {
    return this.#s.stack?.iceState ?? 'new';
  }
  get gatheringState(): IceTransportSource['gatheringState'] {
    return this.#s.stack?.gatheringState ?? 'new';
  }
  get selectedPair(): PairInfo | undefined {
    return this.#s.stack?.selectedPair;
  }
  get localCandidates(): Candidate[] {
    return this.#s.stack?.agent.getLocalCandidates() ?? [];
  }
  get remoteCandidates(): Candidate[] {
    const seen = new Map<string, Candidate>();
    for (const p of this.#s.stack?.agent.getStats().pairs ?? []) {
      seen.set(`${p.remoteCandidate.address}:${p.remoteCandidate.port}`, p.remoteCandidate);
    }
    return [...seen.values()];
  }
  get mid(): string {
    return this.#s.transportSection.mid;
  }
}

export class TransportViews {
  readonly #s: PeerState;
  #ice: RTCIceTransport | undefined;
  #dtls: RTCDtlsTransport | undefined;
  #sctp: RTCSctpTransport | undefined;
  dtlsState: RTCDtlsTransportState = 'new';
  #remoteCertificate: Uint8Array | undefined;
  /** The SCTP transport's state once SCTP was negotiated (pc.sctp is null before). */
  #sctpState:
    | { state: RTCSctpTransportState; maxMessageSize: number; maxChannels: number | undefined }
    | undefined;

  constructor(s: PeerState) {
    this.#s = s;
  }

  get ice(): RTCIceTransport {
    this.#ice ??= new RTCIceTransport(new PeerIceSource(this.#s));
    return this.#ice;
  }

  get dtls(): RTCDtlsTransport {
    this.#dtls ??= new RTCDtlsTransport(this.ice, this.dtlsState, this.#remoteCertificate);
    return this.#dtls;
  }

  /** webrtc-pc [[SctpTransport]]: null until SCTP is negotiated. */
  get sctp(): RTCSctpTransport | null {
    const st = this.#sctpState;
    if (!st) return null;
    this.#sctp ??= new RTCSctpTransport(this.dtls, st.maxMessageSize, st.state, st.maxChannels);
    return this.#sctp;
  }

  get sctpNegotiated(): boolean {
    return this.#sctpState !== undefined;
  }

  /** An event on the ICE transport (if it was made). */
  iceEvent(type: string): void {
    this.#ice?.dispatchEvent(new Event(type));
  }

  setDtlsState(state: RTCDtlsTransportState, remoteCertificate?: Uint8Array): void {
    this.dtlsState = state;
    if (remoteCertificate) this.#remoteCertificate = remoteCertificate;
    this.#dtls?._setState(state, remoteCertificate);
  }

  /** SCTP was negotiated (startDtls): pc.sctp exists from now on, `connecting`. */
  startSctp(maxMessageSize: number): void {
    this.#sctpState = { state: 'connecting', maxMessageSize, maxChannels: undefined };
  }

  setSctpMaxMessageSize(size: number): void {
    if (this.#sctpState) this.#sctpState.maxMessageSize = size;
    this.#sctp?._setMaxMessageSize(size);
  }

  setSctpState(state: RTCSctpTransportState, maxChannels?: number): void {
    const st = this.#sctpState;
    if (!st) return;
    st.state = state;
    if (maxChannels !== undefined) st.maxChannels = maxChannels;
    this.#sctp?._setState(state, maxChannels);
  }
}
