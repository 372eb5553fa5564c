// The TransportStack's public shapes: its options, the hooks it calls, the media path it drives
// and the timeline it records.
import type { Certificate, SrtpProfile } from '@rtc/dtls';
import type { IceEvent, IceRole, StunServerConfig, TurnServerConfig } from '@rtc/ice';
import type { Clock } from './deadline-timer.js';
import type { MdnsResolver } from './mdns-resolution.js';
import type { PathMtuMode } from './path-mtu.js';
import type { SctpEvent, SctpLink } from './sctp-link.js';
import type { HostAddress } from './udp-sockets.js';

export type DtlsState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';

export interface TransportHooks {
  ice(event: IceEvent): void;
  dtlsState(state: DtlsState, detail?: string): void;
  sctp(event: SctpEvent): void;
}

/**
 * The SRTP/SRTCP path of the bundle (RFC 7983 first byte 128..191), sans-I/O like the other cores:
 * attached by the peer connection once DTLS-SRTP keys exist (RFC 5764 §4.2).
 */
export interface MediaPath {
  handlePacket(datagram: Uint8Array, now: number): void;
  handleTimeout(now: number): void;
  nextDeadline(): number | undefined;
  pollTransmit(): Uint8Array | undefined;
}

export interface TransportOptions {
  role: IceRole;
  certificate: Certificate;
  stunServers: StunServerConfig[];
  turnServers: TurnServerConfig[];
  hostAddresses?: HostAddress[] | undefined;
  /**
   * iceTransportPolicy "relay" (webrtc-pc §4.2.5): the ICE agent signals, pairs and answers relayed
   * candidates only, and no STUN server is asked for server-reflexive candidates.
   */
  relayOnly?: boolean;
  /** When SCTP may probe beyond its base packet size (see path-mtu.ts); default 'auto'. */
  pathMtu?: PathMtuMode;
  clock?: Clock;
  /** Resolves the peer's mDNS `.local` candidates; default: a multicast DNS query per name. */
  mdnsResolver?: MdnsResolver | undefined;
  /** RFC 5764 §4.1.2 use_srtp profiles offered (client) or accepted (server), in preference order. */
  srtpProfiles?: readonly SrtpProfile[];
  createSctp: (role: 'client' | 'server', send: (packet: Uint8Array) => void) => SctpLink;
}

/** Milestones for the demo's timeline and for stats (ms on the connection's monotonic clock). */
export interface Timeline {
  created: number;
  gatheringStarted: number | undefined;
  firstCandidate: number | undefined;
  gatheringComplete: number | undefined;
  iceConnected: number | undefined;
  dtlsConnected: number | undefined;
  sctpConnected: number | undefined;
}
