import type { Address, AddressFamily } from './address.js';

/** RFC 8445 §5.1.1: the four candidate types. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** RFC 6544 §4.5: the TCP candidate types. */
export type TcpType = 'active' | 'passive' | 'so';

/**
 * An ICE candidate as carried by an `a=candidate` line (RFC 8839 §5.1). Unknown extension attributes are
 * kept in order in `extensions` so a parsed line serialises back to the same text.
 */
export interface Candidate {
  foundation: string;
  /** 1..256; WebRTC with rtcp-mux uses only 1. */
  component: number;
  /** Lower-cased transport: 'udp' or 'tcp' (other tokens are kept as written). */
  transport: string;
  /** 1..2^31-1. */
  priority: number;
  /** IP text, or an FQDN such as an mDNS `<uuid>.local` name. */
  address: string;
  port: number;
  type: CandidateType;
  relatedAddress?: string;
  relatedPort?: number;
  tcpType?: TcpType;
  generation?: number;
  ufrag?: string;
  networkId?: number;
  networkCost?: number;
  /** Extension attributes this package does not interpret, in order. */
  extensions?: Array<{ name: string; value: string }>;
}

/** How the agent names the local socket a candidate lives on (its base, RFC 8445 §5.1.1). */
export type SocketId = string;

/** A local candidate: the wire candidate plus what the agent needs to send from it. */
export interface LocalCandidate {
  candidate: Candidate;
  /** The socket the candidate's base is bound to (for relay: the socket towards the TURN server). */
  socketId: SocketId;
  /** RFC 8445 §5.1.1: the base (the host address for host/srflx/prflx; the relayed address for relay). */
  base: Address;
  family: AddressFamily;
  /** For relay candidates: the allocation that owns the relayed address. */
  relayId?: number;
  /** RFC 8445 §5.1.1.3: the server a srflx/relay candidate was learned from. */
  server?: Address;
}
