import type { Address } from './address.js';

/** A UDP datagram as a socket sees it. `data` is a private copy owned by the receiver. */
export interface Datagram {
  readonly src: Address;
  readonly dst: Address;
  readonly data: Uint8Array;
}

/** Why a datagram did not arrive. Every drop is counted in the stats under its reason. */
export type DropReason =
  | 'loss' // random loss on a link
  | 'mtu' // larger than the link MTU
  | 'queue' // the link's bandwidth queue was full (tail drop)
  | 'filter' // a packet filter dropped it
  | 'no-route' // no host, NAT or default route owns the destination address
  | 'no-socket' // reached the host but nothing is bound to the port (ICMP port unreachable)
  | 'nat-no-mapping' // inbound to a NAT port that has no (live) mapping
  | 'nat-filtered' // the NAT's filtering behaviour refused the inbound datagram
  | 'nat-no-port' // the NAT could not allocate an external port
  | 'nat-hairpin' // hairpinning is disabled on that NAT
  | 'ttl'; // forwarded through too many NATs (a routing loop)

export const DROP_REASONS: readonly DropReason[] = [
  'loss',
  'mtu',
  'queue',
  'filter',
  'no-route',
  'no-socket',
  'nat-no-mapping',
  'nat-filtered',
  'nat-no-port',
  'nat-hairpin',
  'ttl',
];

/**
 * One direction of a link. All times are milliseconds of virtual time, probabilities in [0, 1].
 */
export interface LinkConfig {
  /** Base one-way propagation delay. */
  readonly delay?: number;
  /**
   * Each datagram's delay varies uniformly in [delay - jitter, delay + jitter] (never below 0).
   * Jitter alone does not reorder: the link stays first-in first-out; use `reorder` for that.
   */
  readonly jitter?: number;
  /** Probability that a datagram is lost. */
  readonly loss?: number;
  /**
   * Bursty loss (Gilbert-Elliott): the link flips between a good state, where `loss` applies,
   * and a bad state, where `lossWhileBad` (default 1) applies. Before each datagram it enters the
   * bad state with probability `enter` and leaves it with probability `leave`, so the long-run
   * time in the bad state is enter / (enter + leave) and a bad spell lasts 1 / leave datagrams.
   */
  readonly burstLoss?: { readonly enter: number; readonly leave: number; readonly lossWhileBad?: number };
  /** Probability that a datagram is held back by `reorderDelay` so later ones overtake it. */
  readonly reorder?: number;
  /** Extra delay of a reordered datagram (default: max(10, delay)). */
  readonly reorderDelay?: number;
  /** Probability that a datagram is delivered twice. */
  readonly duplicate?: number;
  /** Largest UDP payload (bytes) the link carries; larger datagrams are dropped ('mtu'). */
  readonly mtu?: number;
  /**
   * Link rate in bits per second (payload bytes only). Each datagram takes size*8/bandwidth
   * seconds to serialise, and waits behind the ones before it in a queue bounded by `queueBytes`.
   */
  readonly bandwidth?: number;
  /** Bound of the bandwidth queue in bytes (default 65536); arrivals beyond it are dropped ('queue'). */
  readonly queueBytes?: number;
}

/** Counters of one direction of one link. */
export interface LinkStats {
  /** Datagrams offered to the link. */
  sent: number;
  /** Datagrams that reached the far end (duplicates included). */
  delivered: number;
  bytesSent: number;
  bytesDelivered: number;
  duplicated: number;
  reordered: number;
  /** Drops on this link, by reason ('loss', 'mtu', 'queue'). */
  dropped: Partial<Record<DropReason, number>>;
}

/** Counters of the whole network. */
export interface NetworkStats {
  /** Datagrams sent by sockets. */
  sent: number;
  /** Datagrams handed to a socket's receive handler (duplicates included). */
  delivered: number;
  /** Drops anywhere, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Events processed by the scheduler (datagram hops, timer firings, scheduled callbacks). */
  events: number;
}

export type NatDirection = 'outbound' | 'inbound' | 'hairpin';

/**
 * What happened, in order, for debugging and for determinism checks. `id` numbers a datagram
 * from the moment a socket sends it; copies made by duplication keep the id.
 */
export type TraceEvent =
  | {
      readonly type: 'send';
      readonly time: number;
      readonly id: number;
      readonly host: string;
      readonly src: Address;
      readonly dst: Address;
      readonly size: number;
      /** The datagram's bytes at that point (do not modify). */
      readonly data: Uint8Array;
    }
  | {
      readonly type: 'hop';
      readonly time: number;
      readonly id: number;
      readonly from: string;
      readonly to: string;
      readonly arrival: number;
      readonly duplicate: boolean;
    }
  | {
      readonly type: 'deliver';
      readonly time: number;
      readonly id: number;
      readonly host: string;
      readonly src: Address;
      readonly dst: Address;
      readonly size: number;
      /** The datagram's bytes at that point (do not modify). */
      readonly data: Uint8Array;
    }
  | {
      readonly type: 'drop';
      readonly time: number;
      readonly id: number;
      readonly at: string;
      readonly reason: DropReason;
      readonly src: Address;
      readonly dst: Address;
      readonly size: number;
      /** The datagram's bytes at that point (do not modify). */
      readonly data: Uint8Array;
    }
  | {
      readonly type: 'nat';
      readonly time: number;
      readonly id: number;
      readonly nat: string;
      readonly direction: NatDirection;
      readonly before: { readonly src: Address; readonly dst: Address };
      readonly after: { readonly src: Address; readonly dst: Address };
    }
  | {
      readonly type: 'nat-mapping';
      readonly time: number;
      readonly nat: string;
      readonly action: 'create' | 'expire';
      readonly internal: Address;
      readonly external: Address;
    };
