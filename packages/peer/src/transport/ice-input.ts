// The ICE agent of a connection's transport and everything that feeds it: host sockets and
// gathering (RFC 8445 §5.1), the remote description's credentials and candidates (§6.1) and
// trickled ones (RFC 8838), ICE restarts (§9), and the datagrams and TURN stream bytes the sockets
// receive. After each input the transport is pumped.
import { type Address, IceAgent, type IceRole } from '@rtc/ice';
import { HostSockets, type SocketInput } from './host-sockets.js';
import type { TransportOptions } from './transport-types.js';
import { localAddresses } from './udp-sockets.js';

/** What the input needs from the transport around it (the TransportStack). */
export interface PumpedTransport {
  readonly closed: boolean;
  now(): number;
  pump(now: number): void;
}

/**
 * The agent of a connection. Its one addition: taking the role a description decides when the agent
 * was made before it (a pooled transport gathers before it knows whether it offers or answers,
 * RFC 8829 §3.5.4). RFC 8445 §6.1.1: the offerer is controlling; switching before any check is sent
 * changes nothing the peer has seen, and a later role conflict is still resolved by tie-breaker.
 */
export class PeerIceAgent extends IceAgent {
  assumeRole(role: IceRole, now: number): void {
    if (role !== this.role && !this.lite) this.switchRole(role, now);
  }
}

export function createIceAgent(options: TransportOptions, ufrag: string, pwd: string): PeerIceAgent {
  return new PeerIceAgent({
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
}

export class IceInput implements SocketInput {
  readonly agent: PeerIceAgent;
  readonly sockets: HostSockets;
  readonly #transport: PumpedTransport;
  #gatherStarted = false;

  constructor(agent: PeerIceAgent, transport: PumpedTransport) {
    this.agent = agent;
    this.#transport = transport;
    this.sockets = new HostSockets(this);
  }

  /** Whether startGathering has run. */
  get gatheringStarted(): boolean {
    return this.#gatherStarted;
  }

  /**
   * Binds the host sockets and starts gathering (RFC 8445 §5.1). Sockets on IP literals bind
   * synchronously (see literalLookup), so the host candidates are gathered before this returns;
   * @rtc/peer calls it in a task after setLocalDescription (transport-wiring startGathering), or
   * from the constructor for a candidate pool. False when gathering had already started.
   */
  startGathering(hostAddresses: TransportOptions['hostAddresses']): boolean {
    const t = this.#transport;
    if (this.#gatherStarted || t.closed) return false;
    this.#gatherStarted = true;
    const addresses = hostAddresses ?? localAddresses();
    let pending = addresses.length;
    const gather = () => {
      if (t.closed) return;
      const now = t.now();
      this.agent.gather(now);
      t.pump(now);
    };
    this.sockets.bind(addresses, (host) => {
      if (host && !t.closed) this.agent.addHostSocket(host, t.now());
      // A name that is not an IP literal binds later: gathering completes once every bind is done.
      if (--pending === 0) gather();
    });
    if (addresses.length === 0) gather();
    return true;
  }

  assumeRole(role: IceRole): void {
    const now = this.#transport.now();
    this.agent.assumeRole(role, now);
    this.#transport.pump(now);
  }

  setRemoteCredentials(ufrag: string, pwd: string, lite: boolean): void {
    const now = this.#transport.now();
    this.agent.setRemoteCredentials(ufrag, pwd, { lite }, now);
    this.#transport.pump(now);
  }

  /**
   * A remote description's candidates (and end-of-candidates), added together with one pump: the
   * first check then goes to the best of all their pairs (RFC 8445 §6.1.4.2). Lines that do not
   * parse are skipped, as browsers do.
   */
  addRemoteCandidates(candidates: readonly string[], endOfCandidates: boolean): void {
    const now = this.#transport.now();
    for (const c of candidates) {
      try {
        this.agent.addRemoteCandidate(c, now);
      } catch {
        // skipped
      }
    }
    if (endOfCandidates) this.agent.addRemoteCandidate(null, now);
    this.#transport.pump(now);
  }

  addRemoteCandidate(candidate: string | null): void {
    const now = this.#transport.now();
    this.agent.addRemoteCandidate(candidate, now);
    this.#transport.pump(now);
  }

  restartIce(): void {
    const t = this.#transport;
    const now = t.now();
    this.agent.restart(now);
    t.pump(now);
    // A restart may be about a changed network: offer every interface again, not only the one left.
    const again = this.sockets.takeReleased();
    if (again.length > 0) {
      this.sockets.bind(again, (host) => {
        if (!host || t.closed) return;
        const now = t.now();
        this.agent.addHostSocket(host, now);
        t.pump(now);
      });
    }
  }

  // ---- socket input (SocketInput: the sockets call these) ----

  /** A datagram on a host socket. */
  onDatagram(socketId: string, from: Address, data: Uint8Array): void {
    const t = this.#transport;
    if (t.closed) return;
    const now = t.now();
    this.agent.handleDatagram({ socketId, from, data }, now);
    t.pump(now);
  }

  /** A TURN stream connected. */
  onStreamConnected(socketId: string): void {
    const t = this.#transport;
    if (t.closed) return;
    const now = t.now();
    this.agent.handleStreamConnected(socketId, now);
    t.pump(now);
  }

  /** Bytes on a TURN stream. */
  onStreamData(socketId: string, bytes: Uint8Array): void {
    const t = this.#transport;
    if (t.closed) return;
    const now = t.now();
    this.agent.handleStreamData(socketId, bytes, now);
    t.pump(now);
  }

  /** A TURN stream closed. */
  onStreamClosed(socketId: string): void {
    const t = this.#transport;
    if (t.closed) return;
    const now = t.now();
    this.agent.handleStreamClosed(socketId, now);
    t.pump(now);
  }
}
