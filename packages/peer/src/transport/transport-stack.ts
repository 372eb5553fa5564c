// One peer connection's transport: ICE agent -> RFC 7983 demux -> DTLS endpoint -> SCTP association.
// The protocol cores are sans-I/O; this class owns their I/O (the sockets of host-sockets.ts, one
// deadline timer) and pumps bytes between them after every input until all of them are drained.

import { type DtlsEndpoint, type DtlsEvent, type Fingerprint, MAX_PLAINTEXT } from '@rtc/dtls';
import type { ConnectionState, GatheringState, IceAgent, IceEvent, IceRole, PairInfo } from '@rtc/ice';
import { type Clock, DeadlineTimer, monotonicNow } from './deadline-timer.js';
import { classifyPacket } from './demux.js';
import { createDtlsEndpoint, dtlsHandshakeTimeout } from './dtls-endpoint.js';
import { type EarlyCounters, EarlyPackets } from './early-packets.js';
import type { HostSockets } from './host-sockets.js';
import { createIceAgent, IceInput, type PumpedTransport } from './ice-input.js';
import { MdnsResolutions } from './mdns-resolution.js';
import { pathMaxMtu } from './path-mtu.js';
import { SCTP_BASE_MTU } from './sctp-association.js';
import type { SctpLink } from './sctp-link.js';
import type { DtlsState, MediaPath, Timeline, TransportHooks, TransportOptions } from './transport-types.js';
import { localAddresses } from './udp-sockets.js';

export type { DtlsState, MediaPath, Timeline, TransportHooks, TransportOptions } from './transport-types.js';

/** How long a DTLS client waits for the server's SCTP INIT before sending its own (ms). */
const SCTP_CLIENT_INIT_DELAY = 25;

/** The earlier of two deadlines (undefined: none); called after every datagram, so no array. */
function earlier(a: number | undefined, b: number | undefined): number | undefined {
  return b === undefined || (a !== undefined && a <= b) ? a : b;
}

export class TransportStack implements PumpedTransport {
  readonly agent: IceAgent;
  readonly timeline: Timeline;
  dtls: DtlsEndpoint | undefined;
  sctp: SctpLink | undefined;
  dtlsState: DtlsState = 'new';
  iceState: ConnectionState = 'new';
  gatheringState: GatheringState = 'new';
  selectedPair: PairInfo | undefined;
  dtlsCipher: string | undefined;

  readonly #hooks: TransportHooks;
  readonly #clock: Clock;
  readonly #timer: DeadlineTimer;
  readonly #ice: IceInput;
  readonly #sockets: HostSockets;
  readonly #options: TransportOptions;
  readonly #early = new EarlyPackets();
  #pumping = false;
  #closed = false;
  /** When the DTLS client sends its own SCTP INIT if the server has not sent one (see #onDtlsEvent). */
  #sctpStartAt: number | undefined;
  /** ICE has a pair to send on: a valid one (RFC 8445 §12) or the selected one. */
  #pathReady = false;
  /** DTLS client: its Finished is out and it may send before the server's (RFC 7918 False Start). */
  #falseStarted = false;
  /** The ICE round trip (ms) measured on the path DTLS uses, for its handshake timer. */
  #pathRtt: number | undefined;
  /** The pair whose path bounds SCTP's PLPMTU probing (the valid pair, then the selected one). */
  #pathPair: PairInfo | undefined;
  #media: MediaPath | undefined;
  /** Made at the first 'resolve-mdns' event: a connection without `.local` candidates has none. */
  #mdns: MdnsResolutions | undefined;

  constructor(options: TransportOptions, hooks: TransportHooks, ufrag: string, pwd: string) {
    this.#options = options;
    this.#hooks = hooks;
    this.#clock = options.clock ?? monotonicNow;
    // Every field from the start: one object shape, not a dictionary of properties added later.
    this.timeline = {
      created: this.#clock(),
      gatheringStarted: undefined,
      firstCandidate: undefined,
      gatheringComplete: undefined,
      iceConnected: undefined,
      dtlsConnected: undefined,
      sctpConnected: undefined,
    };
    this.#ice = new IceInput(createIceAgent(options, ufrag, pwd), this);
    this.agent = this.#ice.agent;
    this.#sockets = this.#ice.sockets;
    this.#timer = new DeadlineTimer((now) => this.#onTimer(now), this.#clock);
  }

  /** DTLS datagrams dropped or held for lack of a DTLS endpoint; other unknown packets. */
  get counters(): Readonly<EarlyCounters> {
    return this.#early.counters;
  }

  /** The mDNS names asked for so far (undefined before the first `.local` remote candidate). */
  get mdns(): MdnsResolutions | undefined {
    return this.#mdns;
  }

  get closed(): boolean {
    return this.#closed;
  }

  now(): number {
    return this.#clock();
  }

  /** Whether startGathering has run (a pooled transport's, or this connection's). */
  get gatheringStarted(): boolean {
    return this.#ice.gatheringStarted;
  }

  /** Binds the host sockets and starts gathering (see IceInput.startGathering). */
  startGathering(): void {
    const at = this.#clock();
    if (!this.#ice.startGathering(this.#options.hostAddresses)) return;
    this.timeline.gatheringStarted ??= at;
    // The first checks are out (see startDtls): a DTLS endpoint waiting for ICE prepares now.
    if (this.dtls && !this.#closed) this.dtls.prepare();
  }

  /** The ICE role a description decided, for a stack made before it (see PeerIceAgent.assumeRole). */
  assumeIceRole(role: IceRole): void {
    if (!this.#closed) this.#ice.assumeRole(role);
  }

  setRemoteCredentials(ufrag: string, pwd: string, lite: boolean): void {
    this.#ice.setRemoteCredentials(ufrag, pwd, lite);
  }

  /** A remote description's candidates, added with one pump (see IceInput.addRemoteCandidates). */
  addRemoteCandidates(candidates: readonly string[], endOfCandidates: boolean): void {
    this.#ice.addRemoteCandidates(candidates, endOfCandidates);
  }

  addRemoteCandidate(candidate: string | null): void {
    this.#ice.addRemoteCandidate(candidate);
  }

  restartIce(): void {
    this.#ice.restartIce();
  }

  /**
   * Starts DTLS once the role is known (a=setup of the answer) and the peer's fingerprints are in
   * hand, so the certificate is checked before any application data flows (RFC 8122 §5).
   */
  startDtls(role: 'client' | 'server', fingerprints: Fingerprint[]): void {
    if (this.dtls || this.#closed) return;
    const now = this.#clock();
    this.dtls = createDtlsEndpoint(role, fingerprints, this.#options);
    this.#setDtlsState('connecting');
    this.sctp = this.#options.createSctp(role, (packet) => this.dtls?.send(packet, this.#clock()));
    this.#applyPathMtu(this.#pathPair, now);
    if (this.#pathReady) this.#applyPathRtt();
    for (const d of this.#early.takeDtls()) this.dtls.handleDatagram(d, now);
    if (role === 'client' && this.#pathReady) this.dtls.start(now);
    // Until ICE has a pair this side only waits (its checks are out, the peer is still answering
    // or still applying our description): the ClientHello, or the server's ephemeral key, is made
    // then, in a task after the operation that started DTLS, rather than on the critical path
    // once the pair is valid or the ClientHello has arrived. Before gathering, startGathering
    // does it once the checks are out.
    else if (this.gatheringStarted) setImmediate(prepareDtls, this.dtls);
    this.pump(now);
  }

  /** Routes SRTP/SRTCP to `path` and sends what it produces (undefined detaches it). */
  attachMedia(path: MediaPath | undefined): void {
    this.#media = path;
    if (this.#closed) return;
    const now = this.#clock();
    const early = this.#early.takeRtp();
    if (path) for (const d of early) path.handlePacket(d, now);
    this.pump(now);
  }

  /**
   * Runs every core until none has anything left to send or report, then arms the timer. An ICE
   * deadline that is already due (the first check on a new pair, a paced check whose Ta has passed)
   * runs now rather than a loop turn later: the check leaves with the input that made it possible.
   */
  pump(now: number): void {
    if (this.#pumping) return;
    this.#pumping = true;
    let ice: number | undefined;
    try {
      this.#drain(now);
      ice = this.#closed ? undefined : this.agent.nextDeadline();
      if (ice !== undefined && ice <= now) {
        this.agent.handleTimeout(now);
        this.#drain(now);
        ice = this.agent.nextDeadline();
      }
    } finally {
      this.#pumping = false;
    }
    if (!this.#closed) this.#timer.schedule(this.#nextDeadline(ice));
  }

  /**
   * Runs the cores' events until none is left. Packets go out before events are handled: a state
   * event reaches application handlers (connectionstatechange, open...) that may run for a while,
   * and the STUN response, DTLS flight or SCTP chunk the last input produced should not wait for
   * them on the peer's side of the handshake.
   */
  #drain(now: number): void {
    let progress = true;
    while (progress && !this.#closed) {
      progress = this.#transmit(now);
      for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
        progress = true;
        this.#onIceEvent(e, now);
      }
      const dtls = this.dtls;
      let d = dtls?.pollEvent();
      if (d) {
        this.#transmit(now);
        for (; d; d = dtls!.pollEvent()) this.#onDtlsEvent(d, now);
        progress = true;
      }
      const sctp = this.sctp;
      let e = sctp && this.#sctpRuns() ? sctp.pollEvent() : undefined;
      if (e) {
        this.#transmit(now);
        for (; e; e = sctp!.pollEvent()) {
          if (e.type === 'connected') this.timeline.sctpConnected ??= now;
          this.#hooks.sctp(e);
        }
        progress = true;
      }
    }
  }

  /** Moves every queued packet down the stack and onto the sockets; true if anything moved. */
  #transmit(now: number): boolean {
    let moved = false;
    const dtls = this.dtls;
    const sctp = this.sctp;
    if (sctp && this.#sctpRuns()) {
      for (let p = sctp.pollTransmit(); p; p = sctp.pollTransmit()) {
        moved = true;
        dtls?.send(p, now);
      }
    }
    const media = this.#media;
    if (media) {
      for (let p = media.pollTransmit(); p; p = media.pollTransmit()) {
        moved = true;
        this.agent.send(p, now);
      }
    }
    // A DTLS server can answer a ClientHello that came over a pair ICE has not yet validated from
    // its own side; ICE refuses to send before a valid pair exists (RFC 8445 §12), so the flight
    // waits in the endpoint until #onPathReady instead of being dropped and resent 100 ms later.
    if (dtls && this.#pathReady) {
      for (let d = dtls.pollTransmit(); d; d = dtls.pollTransmit()) {
        moved = true;
        this.agent.send(d, now);
      }
    }
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      moved = true;
      this.#sockets.send(t);
    }
    return moved;
  }

  #nextDeadline(ice = this.agent.nextDeadline()): number | undefined {
    let min = ice;
    // A DTLS client would send its ClientHello from its first timeout: hold it until ICE has a valid
    // pair, or the flight is refused and costs a whole retransmission timeout.
    if (this.#dtlsRunning()) min = earlier(min, this.dtls?.nextDeadline());
    min = earlier(min, this.sctp?.nextDeadline());
    min = earlier(min, this.#sctpStartAt);
    return earlier(min, this.#media?.nextDeadline());
  }

  #dtlsRunning(): boolean {
    return this.dtls !== undefined && (this.dtls.role === 'server' || this.#pathReady);
  }

  #onTimer(now: number): void {
    if (this.#closed) return;
    this.agent.handleTimeout(now);
    if (this.#dtlsRunning()) this.dtls?.handleTimeout(now);
    if (this.#sctpStartAt !== undefined && now >= this.#sctpStartAt) {
      this.#sctpStartAt = undefined;
      this.sctp?.start(now);
    }
    if (this.#sctpRuns()) this.sctp?.handleTimeout(now);
    const media = this.#media;
    const due = media?.nextDeadline();
    if (due !== undefined && due <= now) media!.handleTimeout(now);
    this.pump(now);
  }

  #onIceEvent(e: IceEvent, now: number): void {
    switch (e.type) {
      case 'data':
        this.#onIceData(e.data, now);
        return;
      case 'local-candidate':
        this.timeline.firstCandidate ??= now;
        break;
      case 'open-stream':
        this.#sockets.openStream(e.socketId, e.to, e.tls, e.serverName);
        return;
      case 'close-stream':
        this.#sockets.endStream(e.socketId);
        return;
      case 'gathering-state':
        this.gatheringState = e.state;
        if (e.state === 'complete') this.timeline.gatheringComplete ??= now;
        break;
      case 'connection-state':
        this.iceState = e.state;
        if (e.state === 'connected' || e.state === 'completed') this.timeline.iceConnected ??= now;
        break;
      case 'release-socket':
        this.#sockets.release(e.socketId);
        return;
      case 'resolve-mdns':
        this.#resolveMdns(e.name);
        return;
      case 'valid-pair':
        // The first valid pair: DTLS starts on it before nomination completes (the agent sends on
        // the best valid pair until one is selected, RFC 8445 §12). Its ClientHello leaves before
        // the state events that follow reach the application.
        this.#applyPathMtu(e.pair, now);
        this.#onPathReady(now, e.rtt);
        this.#transmit(now);
        if (this.selectedPair) return;
        // Until a pair is nominated this is the pair data uses, and what getSelectedCandidatePair()
        // and getStats() report (a fast handshake can open channels before nomination completes).
        this.selectedPair = e.pair;
        this.#hooks.ice({ type: 'selected-pair', pair: e.pair, rtt: e.rtt });
        return;
      case 'selected-pair': {
        const reported = this.selectedPair?.id === e.pair.id;
        this.selectedPair = e.pair;
        this.timeline.iceConnected ??= now;
        if (e.pair.id !== this.#pathPair?.id) this.#applyPathMtu(e.pair, now);
        this.#onPathReady(now, e.rtt);
        // The DTLS flight the path released leaves before the state events reach the application.
        this.#transmit(now);
        // Nominating the pair already reported as selected changes nothing the application sees.
        if (reported) return;
        break;
      }
    }
    this.#hooks.ice(e);
  }

  /**
   * A remote `.local` candidate (draft-ietf-mmusic-mdns-ice-candidates §3.2): the agent holds it until
   * the name is answered; an unresolved name is answered too, so the check list can still end.
   */
  #resolveMdns(name: string): void {
    this.#mdns ??= new MdnsResolutions(this.#options.mdnsResolver, (n, ip) => {
      if (this.#closed) return;
      const now = this.#clock();
      this.agent.resolveMdns(n, ip, now);
      this.pump(now);
    });
    this.#mdns.resolve(name);
  }

  /** Bounds SCTP's PLPMTU probing by the path now in use and the peer's record limit (see path-mtu.ts). */
  #applyPathMtu(pair: PairInfo | undefined, now: number): void {
    if (!pair) return;
    this.#pathPair = pair;
    const mode = this.#options.pathMtu ?? 'auto';
    if (mode === 'off' || !this.sctp) return;
    const own = localAddresses({ includeLoopback: true }).map((h) => h.address);
    this.sctp.setPathMaxMtu(pathMaxMtu(pair, own, this.dtls?.peerRecordSizeLimit, mode), now);
  }

  /**
   * ICE has a pair for DTLS. Its handshake timer follows the round trip the pair's check measured
   * (dtlsHandshakeTimeout), and a DTLS client sends its ClientHello now.
   */
  #onPathReady(now: number, rtt: number | undefined): void {
    if (this.#pathReady) return;
    this.#pathReady = true;
    this.#pathRtt = rtt;
    this.#applyPathRtt();
    if (this.dtls?.role === 'client') this.dtls.start(now);
  }

  /**
   * The pair's check round trip times the handshakes above it: DTLS's first retransmission
   * (dtlsHandshakeTimeout) and SCTP's RTO before it has measured one itself (RFC 9260 §6.3.1 C1),
   * so a lost INIT or COOKIE-ECHO on a short path costs SCTP's minimum RTO, not RTO.Initial (1 s).
   */
  #applyPathRtt(): void {
    const rtt = this.#pathRtt;
    this.dtls?.setInitialRetransmitTimeout(dtlsHandshakeTimeout(rtt));
    if (rtt !== undefined && Number.isFinite(rtt) && rtt >= 0) this.sctp?.setPathRtt(rtt);
  }

  #onIceData(data: Uint8Array, now: number): void {
    // RFC 7983 §7: STUN was consumed by the agent; here DTLS, RTP/RTCP (issue 8) or junk.
    const kind = classifyPacket(data);
    if (kind === 'dtls') {
      if (this.dtls) this.dtls.handleDatagram(data, now);
      else this.#early.holdDtls(data);
    } else if (kind === 'rtp') {
      if (this.#media) this.#media.handlePacket(data, now);
      else this.#early.holdRtp(data, this.dtlsState === 'connecting');
    } else this.#early.counters.unknownPackets++;
  }

  /** SCTP runs over DTLS once it is connected, or from the client's False Start on. */
  #sctpRuns(): boolean {
    return this.dtlsState === 'connected' || (this.#falseStarted && this.dtlsState === 'connecting');
  }

  #onDtlsEvent(e: DtlsEvent, now: number): void {
    switch (e.type) {
      case 'false-start':
        // RFC 7918: our Finished is out. The INIT leaves now, right behind flight 5, and the
        // server answers it with its flight 6 (INIT-ACK right after Finished): half a round trip
        // less to open the association than waiting for flight 6 first.
        this.#falseStarted = true;
        this.sctp?.start(now);
        this.#transmit(now);
        return;
      case 'connected':
        if (this.dtlsState === 'connected') return;
        this.timeline.dtlsConnected ??= now;
        this.dtlsCipher = e.cipherSuite;
        // RFC 8449 §4: no record above the peer's limit may go to it, and one SCTP packet is one
        // record (RFC 8261 §4). A limit below SCTP's base packet leaves no way to talk to it.
        if ((this.dtls?.peerRecordSizeLimit ?? MAX_PLAINTEXT) < SCTP_BASE_MTU) {
          this.#setDtlsState('failed', `the peer's record_size_limit is below ${SCTP_BASE_MTU} bytes`);
          return;
        }
        this.dtlsState = 'connected';
        // The peer's record_size_limit is known now: it may allow probing beyond the base.
        this.#applyPathMtu(this.#pathPair, now);
        // RFC 8841 §9.3 lets either side send INIT. The DTLS server starts on the next loop turn:
        // a False Start client's INIT is usually already waiting behind its flight 5, and once the
        // association has answered it, an INIT of ours would only add a collision (the link's
        // start() then sends none). The client gives the server's INIT a moment first (servers
        // send theirs within a round trip), which keeps a slow server from receiving an INIT
        // before its own SCTP transport is started; after a False Start it sends its INIT again
        // then if still unanswered (a server may have dropped the early one).
        this.#sctpStartAt = this.dtls?.role === 'server' ? now : now + SCTP_CLIENT_INIT_DELAY;
        this.#announceDtlsState('connected');
        return;
      case 'data':
        this.sctp?.handlePacket(e.data, now);
        // The association answered the peer's INIT: no need to send our own.
        if (this.#sctpStartAt !== undefined && this.sctp?.connected) this.#sctpStartAt = undefined;
        return;
      case 'error':
        this.#setDtlsState('failed', e.error.message);
        return;
      case 'alert':
        if (e.level === 'fatal') this.#setDtlsState('failed', e.name);
        return;
      case 'closed':
        if (this.dtlsState !== 'failed') this.#setDtlsState('closed');
        return;
    }
  }

  #setDtlsState(state: DtlsState, detail?: string): void {
    if (this.dtlsState === state) return;
    this.dtlsState = state;
    this.#announceDtlsState(state, detail);
  }

  #announceDtlsState(state: DtlsState, detail?: string): void {
    this.#hooks.dtlsState(state, detail);
    // The hook attaches the media path on `connected`; what it did not take is not for us.
    if (state !== 'connecting') this.#early.dropRtp();
  }

  /** Graceful close: SCTP ABORT-less shutdown is not awaited; DTLS close_notify is sent once. */
  close(): void {
    if (this.#closed) return;
    const now = this.#clock();
    try {
      this.sctp?.close(now);
      this.pump(now);
      this.dtls?.close(now);
      for (let d = this.dtls?.pollTransmit(); d; d = this.dtls?.pollTransmit()) this.agent.send(d, now);
      this.agent.close(now);
      for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) this.#sockets.send(t);
    } finally {
      this.#closed = true;
      this.#mdns?.close();
      this.#timer.cancel();
      this.#sockets.close();
    }
  }
}

/** See TransportStack.startDtls: a no-op once the handshake has begun or the endpoint closed. */
function prepareDtls(dtls: DtlsEndpoint): void {
  dtls.prepare();
}
