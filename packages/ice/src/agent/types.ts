import type { Address, AddressFamily } from '../candidate/address.js';
import type { Candidate, SocketId } from '../candidate/types.js';
import type { PairStats } from '../checklist/pair.js';
import type { TurnServerConfig } from '../turn/types.js';

export type IceRole = 'controlling' | 'controlled';

/** RTCIceGatheringState. */
export type GatheringState = 'new' | 'gathering' | 'complete';

/** RTCIceTransportState. */
export type ConnectionState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed';

/** A STUN server for server-reflexive candidates. `address` must be an IP literal. */
export interface StunServerConfig {
  address: string;
  port: number;
}

export interface IceAgentOptions {
  role: IceRole;
  /** RFC 8445 §2.5: ICE-lite (host candidates only, answers checks, never sends them). */
  lite?: boolean;
  localUfrag?: string;
  localPwd?: string;
  /** RFC 8445 §7.3.1.1: 64-bit tie-breaker; random when absent. */
  tieBreaker?: bigint;
  stunServers?: StunServerConfig[];
  turnServers?: TurnServerConfig[];
  /** RFC 8445 §14.2: pacing interval Ta in ms (default 50). */
  ta?: number;
  /** How long the controlling agent waits for better pairs after the first valid one (default 500 ms). */
  nominationDelay?: number;
  /** RFC 7675 §5.1: mean consent check interval (default 5000 ms, jittered +-20%). */
  consentInterval?: number;
  /** No consent response for this long: 'disconnected' (default 10000 ms). */
  disconnectedTimeout?: number;
  /** RFC 7675 §5.1: consent expires after 30000 ms: 'failed' and sending stops. */
  consentTimeout?: number;
  /** First retransmission timeout of a connectivity check (default 500 ms, RFC 8445 §14.3). */
  checkRto?: number;
  /** Transmissions of a connectivity check before the pair fails (default 7, RFC 8489 Rc). */
  checkTransmissions?: number;
  /** Upper bound on pairs in the check list (default 100). */
  maxPairs?: number;
  /**
   * Controlling agent only: put USE-CANDIDATE on every check (the aggressive nomination of RFC 5245;
   * RFC 8445 peers must still accept it). Default false: regular nomination.
   */
  aggressiveNomination?: boolean;
  /**
   * RFC 8445 §12: data MAY be sent on any valid pair before a pair is selected (once one is, only on
   * the selected pair). When true, send() uses the highest-priority valid pair until nomination
   * completes, and a 'valid-pair' event tells the driver when the first one exists. The connection
   * state is then 'connected' (webrtc-pc §5.6: a usable pair, checks still going) from that first
   * valid pair on, not only from selection. Default false.
   */
  sendBeforeSelection?: boolean;
  /**
   * RFC 8445 §8.3.1: this long (ms) after a pair is selected, host sockets that carry neither the
   * selected pair nor a TURN allocation are freed: their candidates and pairs are dropped and a
   * 'release-socket' event asks the driver to close the socket. The RFC says to wait 3 s. Default
   * undefined: never.
   */
  releaseUnusedAfter?: number;
  /**
   * With every pair failed, nothing selected and no end-of-candidates from the peer, the agent goes
   * 'failed' after this long (ms) without a new remote candidate (a new one restarts checks, and the
   * wait). RFC 8445 §8.1.2 / RFC 8838 §8 only fail a check list after end-of-candidates, which many
   * peers never send; browsers give up on a timer instead. Default 30000: the span after which RFC
   * 7675 §5.1 declares an established path dead, and longer than a peer needs to gather and trickle
   * its srflx and UDP relay candidates (a STUN transaction gives up after ~8 s at the RFC 8489
   * defaults), so a slow peer is not failed while it is still gathering.
   */
  checkListFailTimeout?: number;
  /** W3C iceTransportPolicy 'relay': only relayed candidates are signalled, paired and answered. */
  relayOnly?: boolean;
  /**
   * Keep server-reflexive candidates equal to their base (RFC 8445 §5.1.3 says to drop them as
   * redundant; on loopback every srflx is). Default false; for diagnostics and loopback tests.
   */
  keepRedundantSrflx?: boolean;
  /** Random bytes source (tests pass a seeded one); default globalThis.crypto.getRandomValues. */
  random?: (bytes: Uint8Array) => void;
}

/** A local socket the driver bound (host candidate base, RFC 8445 §5.1.1.1). */
export interface HostSocket {
  socketId: SocketId;
  address: string;
  port: number;
  family?: AddressFamily;
  /** Preference order of the interface (0 = best), for the local preference. */
  interfaceIndex?: number;
}

/** A datagram to send: from local socket `socketId` to `to`. Stream sockets carry raw stream bytes. */
export interface Transmit {
  socketId: SocketId;
  to: Address;
  data: Uint8Array;
}

/** A datagram the driver received. */
export interface ReceivedDatagram {
  socketId: SocketId;
  from: Address;
  data: Uint8Array;
}

/** What the selected pair looks like to the outside (RTCIceCandidatePair). */
export interface PairInfo {
  id: number;
  local: Candidate;
  remote: Candidate;
  /** The socket the pair sends from (for relay: the socket towards the TURN server). */
  socketId: SocketId;
  remoteAddress: Address;
  relayed: boolean;
}

export interface PairStatsReport extends PairStats {
  id: number;
  localCandidate: Candidate;
  remoteCandidate: Candidate;
  state: string;
  nominated: boolean;
  selected: boolean;
  priority: bigint;
}

export interface AgentStats {
  /** Requests dropped: bad MESSAGE-INTEGRITY, unknown ufrag, missing attributes. */
  droppedRequests: number;
  /** Responses dropped: unknown transaction, bad integrity. */
  droppedResponses: number;
  /** Non-STUN datagrams from an address that is not a known pair. */
  droppedData: number;
  /** Datagrams not decodable as STUN though they looked like STUN. */
  malformed: number;
  /** send() calls refused because there is no pair or consent expired. */
  sendRefused: number;
  roleConflicts: number;
  pairs: PairStatsReport[];
}

export type IceEvent =
  | { type: 'local-candidate'; candidate: Candidate }
  | { type: 'end-of-candidates' }
  | { type: 'gathering-state'; state: GatheringState }
  | { type: 'connection-state'; state: ConnectionState }
  /** `rtt`: the pair's last measured check round trip in ms (undefined if none was measured). */
  | { type: 'selected-pair'; pair: PairInfo; rtt: number | undefined }
  /**
   * With sendBeforeSelection: the first valid pair, before any pair is selected (RFC 8445 §12), with
   * the round trip of the check that made it valid (ms).
   */
  | { type: 'valid-pair'; pair: PairInfo; rtt: number | undefined }
  | { type: 'role'; role: IceRole }
  | { type: 'data'; data: Uint8Array; pair: PairInfo | undefined }
  /** The driver should open a TCP (or TLS) connection to a TURN server as stream socket `socketId`. */
  | { type: 'open-stream'; socketId: SocketId; to: Address; tls: boolean; serverName: string | undefined }
  /** The driver should close the stream socket (after flushing queued transmits). */
  | { type: 'close-stream'; socketId: SocketId }
  /** releaseUnusedAfter: the host socket is no longer used; the driver should close it. */
  | { type: 'release-socket'; socketId: SocketId }
  /** The driver should resolve an mDNS name and call resolveMdns(). */
  | { type: 'resolve-mdns'; name: string }
  | { type: 'error'; message: string };
