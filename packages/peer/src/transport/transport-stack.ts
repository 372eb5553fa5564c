// One peer connection's transport: ICE agent -> RFC 7983 demux -> DTLS endpoint -> SCTP association.
// The protocol cores are sans-I/O; this class owns their I/O (UDP sockets, one deadline timer) and
// pumps bytes between them after every input until all of them are drained.

import { DtlsEndpoint, type DtlsEvent, type Fingerprint } from '@rtc/dtls';
import { type ConnectionState, type GatheringState, IceAgent, type IceEvent, type PairInfo } from '@rtc/ice';
import { tableGcmFactory } from '@rtc/srtp';
import { type Clock, DeadlineTimer, monotonicNow } from './deadline-timer.js';
import { classifyPacket } from './demux.js';
import { pathMaxMtu } from './path-mtu.js';
import type { SctpLink } from './sctp-link.js';
import { StreamSockets } from './stream-sockets.js';
import type { DtlsState, MediaPath, Timeline, TransportHooks, TransportOptions } from './transport-types.js';
import { type HostAddress, localAddresses, UdpSockets } from './udp-sockets.js';

export type { DtlsState, MediaPath, Timeline, TransportHooks, TransportOptions } from './transport-types.js';

/** Early DTLS datagrams kept until the remote description tells us our role and the fingerprint. */
const MAX_EARLY_DTLS = 32;
/**
 * SRTP that arrives while our side of the DTLS handshake is finishing (the peer's ended a flight
 * earlier) is kept for the media path instead of being lost with its key frame.
 */
const MAX_EARLY_RTP = 64;
/** DTLS record AES-GCM from @rtc/srtp (undefined where it cannot run: DTLS then uses node:crypto). */
const recordGcm = tableGcmFactory();
/** How long a DTLS client waits for the server's SCTP INIT before sending its own (ms). */
const SCTP_CLIENT_INIT_DELAY = 25;

export class TransportStack {
  readonly agent: IceAgent;
  readonly timeline: Timeline;
  dtls: DtlsEndpoint | undefined;
  sctp: SctpLink | undefined;
  dtlsState: DtlsState = 'new';
  iceState: ConnectionState = 'new';
  gatheringState: GatheringState = 'new';
  selectedPair: PairInfo | undefined;
  dtlsCipher: string | undefined;
  /** DTLS datagrams dropped or held for lack of a DTLS endpoint; other unknown packets. */
  readonly counters = {
    earlyDtlsHeld: 0,
    earlyDtlsDropped: 0,
    unknownPackets: 0,
    rtpIgnored: 0,
    earlyRtpHeld: 0,
  };

  readonly #hooks: TransportHooks;
  readonly #clock: Clock;
  readonly #timer: DeadlineTimer;
  readonly #sockets: UdpSockets;
  readonly #streams: StreamSockets;
  readonly #options: TransportOptions;
  #early: Uint8Array[] = [];
  #pumping = false;
  #closed = false;
  #gatherStarted = false;
  /** When the DTLS client sends its own SCTP INIT if the server has not sent one (see #onDtlsEvent). */
  #sctpStartAt: number | undefined;
  /** ICE has a pair to send on: a valid one (RFC 8445 §12) or the selected one. */
  #pathReady = false;
  /** The pair whose path bounds SCTP's PLPMTU probing (the valid pair, then the selected one). */
  #pathPair: PairInfo | undefined;
  /** Host addresses whose sockets ICE released (RFC 8445 §8.3.1), bound again on an ICE restart. */
  #released: HostAddress[] = [];
  #media: MediaPath | undefined;
  #earlyRtp: Uint8Array[] = [];

  constructor(options: TransportOptions, hooks: TransportHooks, ufrag: string, pwd: string) {
    this.#options = options;
    this.#hooks = hooks;
    this.#clock = options.clock ?? monotonicNow;
    this.timeline = { created: this.#clock() };
    this.agent = new IceAgent({
      role: options.role,
      localUfrag: ufrag,
      localPwd: pwd,
      // A srflx candidate could never be used under the relay policy: don't ask for one.
      stunServers: options.relayOnly ? [] : options.stunServers,
      turnServers: options.turnServers,
      relayOnly: options.relayOnly === true,
      // Nominate soon after the first valid pair: on the paths WebRTC sees, waiting 500 ms for a
      // better pair costs more connect time than it buys (libwebrtc also nominates early).
      nominationDelay: 10,
      // RFC 8445 §14.2: Ta SHOULD be 50 ms but MAY follow the data's characteristics. Checks are
      // ~100-byte datagrams; at 5 ms a data channel connects in ~15 ms instead of ~60 ms.
      ta: 5,
      // RFC 8445 §12: DTLS may start on the first valid pair instead of waiting for nomination.
      sendBeforeSelection: true,
      // RFC 8445 §8.3.1: 3 s after selection, host sockets no pair uses are closed (each costs
      // ~15 KB of process memory); an ICE restart binds them again.
      releaseUnusedAfter: 3000,
    });
    this.#timer = new DeadlineTimer((now) => this.#onTimer(now), this.#clock);
    const streamInput = (input: (now: number) => void) => {
      if (this.#closed) return;
      const now = this.#clock();
      input(now);
      this.pump(now);
    };
    this.#streams = new StreamSockets({
      connected: (id) => streamInput((now) => this.agent.handleStreamConnected(id, now)),
      data: (id, bytes) => streamInput((now) => this.agent.handleStreamData(id, bytes, now)),
      closed: (id) => streamInput((now) => this.agent.handleStreamClosed(id, now)),
    });
    this.#sockets = new UdpSockets((socketId, from, data) => {
      if (this.#closed) return;
      const now = this.#clock();
      this.agent.handleDatagram({ socketId, from, data }, now);
      this.pump(now);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  now(): number {
    return this.#clock();
  }

  /**
   * Binds the host sockets and starts gathering (RFC 8445 §5.1). Sockets on IP literals bind
   * synchronously (see literalLookup), so the host candidates are gathered before this returns and
   * a local description read right after setLocalDescription already carries them (as libwebrtc's
   * does); the W3C events for them are queued by the caller like any gathering event.
   */
  startGathering(): void {
    if (this.#gatherStarted || this.#closed) return;
    this.#gatherStarted = true;
    this.timeline.gatheringStarted = this.#clock();
    const addresses = this.#options.hostAddresses ?? localAddresses();
    let pending = addresses.length;
    const gather = () => {
      if (this.#closed) return;
      const now = this.#clock();
      this.agent.gather(now);
      this.pump(now);
    };
    this.#sockets.bind(addresses, (host) => {
      if (host && !this.#closed) this.agent.addHostSocket(host, this.#clock());
      // A name that is not an IP literal binds later: gathering completes once every bind is done.
      if (--pending === 0) gather();
    });
    if (addresses.length === 0) gather();
  }

  setRemoteCredentials(ufrag: string, pwd: string, lite: boolean): void {
    const now = this.#clock();
    this.agent.setRemoteCredentials(ufrag, pwd, { lite }, now);
    this.pump(now);
  }

  /**
   * A remote description's candidates (and end-of-candidates), added together with one pump: the
   * first check then goes to the best of all their pairs (RFC 8445 §6.1.4.2). Lines that do not
   * parse are skipped, as browsers do.
   */
  addRemoteCandidates(candidates: readonly string[], endOfCandidates: boolean): void {
    const now = this.#clock();
    for (const c of candidates) {
      try {
        this.agent.addRemoteCandidate(c, now);
      } catch {
        // skipped
      }
    }
    if (endOfCandidates) this.agent.addRemoteCandidate(null, now);
    this.pump(now);
  }

  addRemoteCandidate(candidate: string | null): void {
    const now = this.#clock();
    this.agent.addRemoteCandidate(candidate, now);
    this.pump(now);
  }

  restartIce(): void {
    const now = this.#clock();
    this.agent.restart(now);
    this.pump(now);
    // A restart may be about a changed network: offer every interface again, not only the one left.
    const again = this.#released;
    this.#released = [];
    if (again.length > 0) {
      this.#sockets.bind(again, (host) => {
        if (!host || this.#closed) return;
        const now = this.#clock();
        this.agent.addHostSocket(host, now);
        this.pump(now);
      });
    }
  }

  /**
   * Starts DTLS once the role is known (a=setup of the answer) and the peer's fingerprints are in
   * hand, so the certificate is checked before any application data flows (RFC 8122 §5).
   */
  startDtls(role: 'client' | 'server', fingerprints: Fingerprint[]): void {
    if (this.dtls || this.#closed) return;
    const now = this.#clock();
    this.dtls = new DtlsEndpoint({
      role,
      certificate: this.#options.certificate,
      expectedFingerprints: fingerprints,
      // use_srtp is offered even for data-only sessions: werift 0.24 fails its DTLS transport
      // ("need srtpProfile") without it, and browsers always negotiate it.
      // RFC 6347 §4.2.4.1 allows a shorter first timer; 1 s loses a whole second when a first
      // flight is lost on a path that was just selected.
      initialRetransmitMs: 100,
      // RFC 6347 §4.2.1 lets a server skip HelloVerifyRequest where amplification is not a problem:
      // the ICE agent only delivers datagrams from pairs whose address passed a connectivity check
      // (RFC 8445 §7.3), so the cookie round trip would prove nothing new.
      cookieExchange: false,
      // AES-GCM records without a cipher object each (~1.2x the node:crypto path, tools/bench dtls);
      // the same 3-bit GHASH tables as SRTP's default (srtp README: side channels).
      recordAead: recordGcm,
      ...(this.#options.srtpProfiles ? { srtpProfiles: this.#options.srtpProfiles } : {}),
    });
    this.#setDtlsState('connecting');
    this.sctp = this.#options.createSctp(role, (packet) => this.dtls?.send(packet, this.#clock()));
    this.#applyPathMtu(this.#pathPair, now);
    const early = this.#early;
    this.#early = [];
    for (const d of early) this.dtls.handleDatagram(d, now);
    if (role === 'client' && this.#pathReady) this.dtls.start(now);
    this.pump(now);
  }

  /** Routes SRTP/SRTCP to `path` and sends what it produces (undefined detaches it). */
  attachMedia(path: MediaPath | undefined): void {
    this.#media = path;
    if (this.#closed) return;
    const now = this.#clock();
    const early = this.#earlyRtp;
    this.#earlyRtp = [];
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

  #drain(now: number): void {
    let progress = true;
    while (progress && !this.#closed) {
      progress = false;
      for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
        progress = true;
        this.#onIceEvent(e, now);
      }
      const dtls = this.dtls;
      if (dtls) {
        for (let e = dtls.pollEvent(); e; e = dtls.pollEvent()) {
          progress = true;
          this.#onDtlsEvent(e, now);
        }
      }
      const sctp = this.sctp;
      if (sctp && this.dtlsState === 'connected') {
        for (let p = sctp.pollTransmit(); p; p = sctp.pollTransmit()) {
          progress = true;
          dtls?.send(p, now);
        }
        for (let e = sctp.pollEvent(); e; e = sctp.pollEvent()) {
          progress = true;
          if (e.type === 'connected') this.timeline.sctpConnected ??= now;
          this.#hooks.sctp(e);
        }
      }
      const media = this.#media;
      if (media) {
        for (let p = media.pollTransmit(); p; p = media.pollTransmit()) {
          progress = true;
          this.agent.send(p, now);
        }
      }
      // A DTLS server can answer a ClientHello that came over a pair ICE has not yet validated from
      // its own side; ICE refuses to send before a valid pair exists (RFC 8445 §12), so the flight
      // waits in the endpoint until #onPathReady instead of being dropped and resent 100 ms later.
      if (dtls && this.#pathReady) {
        for (let d = dtls.pollTransmit(); d; d = dtls.pollTransmit()) {
          progress = true;
          this.agent.send(d, now);
        }
      }
      for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
        progress = true;
        if (this.#streams.has(t.socketId)) this.#streams.write(t.socketId, t.data);
        else this.#sockets.send(t.socketId, t.to, t.data);
      }
    }
  }

  #nextDeadline(ice = this.agent.nextDeadline()): number | undefined {
    let min = ice;
    // A DTLS client would send its ClientHello from its first timeout: hold it until ICE has a valid
    // pair, or the flight is refused and costs a whole retransmission timeout.
    const dtls = this.#dtlsRunning() ? this.dtls?.nextDeadline() : undefined;
    for (const d of [dtls, this.sctp?.nextDeadline(), this.#sctpStartAt, this.#media?.nextDeadline()]) {
      if (d !== undefined && (min === undefined || d < min)) min = d;
    }
    return min;
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
    if (this.dtlsState === 'connected') this.sctp?.handleTimeout(now);
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
        this.#streams.open(e.socketId, e.to, e.tls, e.serverName);
        return;
      case 'close-stream':
        this.#streams.end(e.socketId);
        return;
      case 'gathering-state':
        this.gatheringState = e.state;
        if (e.state === 'complete') this.timeline.gatheringComplete ??= now;
        break;
      case 'connection-state':
        this.iceState = e.state;
        if (e.state === 'connected' || e.state === 'completed') this.timeline.iceConnected ??= now;
        break;
      case 'release-socket': {
        const address = this.#sockets.release(e.socketId);
        if (address) this.#released.push(address);
        return;
      }
      case 'valid-pair':
        // Not a W3C event: only lets the DTLS client start before nomination completes.
        this.#applyPathMtu(e.pair, now);
        this.#onPathReady(now);
        return;
      case 'selected-pair':
        this.selectedPair = e.pair;
        this.timeline.iceConnected ??= now;
        if (e.pair.id !== this.#pathPair?.id) this.#applyPathMtu(e.pair, now);
        this.#onPathReady(now);
        break;
    }
    this.#hooks.ice(e);
  }

  /** Bounds SCTP's PLPMTU probing by the path now in use (see path-mtu.ts). */
  #applyPathMtu(pair: PairInfo | undefined, now: number): void {
    if (!pair) return;
    this.#pathPair = pair;
    if (!this.#options.sameHostPathMtu) return;
    const own = localAddresses({ includeLoopback: true }).map((h) => h.address);
    this.sctp?.setPathMaxMtu(pathMaxMtu(pair, own), now);
  }

  #onPathReady(now: number): void {
    if (this.#pathReady) return;
    this.#pathReady = true;
    if (this.dtls?.role === 'client') this.dtls.start(now);
  }

  #onIceData(data: Uint8Array, now: number): void {
    // RFC 7983 §7: STUN was consumed by the agent; here DTLS, RTP/RTCP (issue 8) or junk.
    const kind = classifyPacket(data);
    if (kind === 'dtls') {
      if (this.dtls) this.dtls.handleDatagram(data, now);
      else if (this.#early.length < MAX_EARLY_DTLS) {
        this.#early.push(data);
        this.counters.earlyDtlsHeld++;
      } else this.counters.earlyDtlsDropped++;
    } else if (kind === 'rtp') {
      if (this.#media) this.#media.handlePacket(data, now);
      else if (this.dtlsState === 'connecting' && this.#earlyRtp.length < MAX_EARLY_RTP) {
        this.#earlyRtp.push(data);
        this.counters.earlyRtpHeld++;
      } else this.counters.rtpIgnored++;
    } else this.counters.unknownPackets++;
  }

  #onDtlsEvent(e: DtlsEvent, now: number): void {
    switch (e.type) {
      case 'connected':
        this.timeline.dtlsConnected ??= now;
        this.dtlsCipher = e.cipherSuite;
        this.#setDtlsState('connected');
        // RFC 8841 §9.3 lets either side send INIT. The DTLS server starts at once; the client gives
        // the server's INIT a moment first (servers send theirs within a round trip), which keeps
        // a slow server from receiving an INIT before its own SCTP transport is started.
        if (this.dtls?.role === 'server') this.sctp?.start(now);
        else this.#sctpStartAt = now + SCTP_CLIENT_INIT_DELAY;
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
    this.#hooks.dtlsState(state, detail);
    // The hook attaches the media path on `connected`; what it did not take is not for us.
    if (state !== 'connecting') {
      this.counters.rtpIgnored += this.#earlyRtp.length;
      this.#earlyRtp = [];
    }
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
      for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
        if (this.#streams.has(t.socketId)) this.#streams.write(t.socketId, t.data);
        else this.#sockets.send(t.socketId, t.to, t.data);
      }
    } finally {
      this.#closed = true;
      this.#timer.cancel();
      this.#streams.close();
      this.#sockets.close();
    }
  }
}
