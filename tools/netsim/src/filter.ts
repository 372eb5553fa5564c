import type { Address } from './address.js';
import type { Host } from './host.js';

/** What a packet filter sees: one datagram as its sender's socket sent it. */
export interface FilterPacket {
  readonly src: Address;
  readonly dst: Address;
  readonly data: Uint8Array;
  /** The sending host. */
  readonly host: Host;
  readonly time: number;
}

/**
 * A packet filter runs once per datagram, when a socket sends it (before any link or NAT).
 * Return 'drop' to drop it (counted as 'filter'), a Uint8Array to replace its bytes (to corrupt
 * it, say), or 'pass' / undefined to let it through.
 */
export type PacketFilter = (packet: FilterPacket) => 'drop' | 'pass' | Uint8Array | undefined;

export type PacketPredicate = (packet: FilterPacket) => boolean;

/**
 * Drops the n-th datagram (1-based) that matches `predicate`, or each of several n-ths:
 * `dropNth([1, 2], isDtls)` drops the first two DTLS datagrams and lets the rest through.
 */
export function dropNth(
  n: number | readonly number[],
  predicate: PacketPredicate = () => true,
): PacketFilter {
  const targets = new Set(typeof n === 'number' ? [n] : n);
  let seen = 0;
  return (p) => {
    if (!predicate(p)) return 'pass';
    seen++;
    return targets.has(seen) ? 'drop' : 'pass';
  };
}

/** Drops every datagram that matches `predicate`, or only the first `limit` of them. */
export function dropWhere(predicate: PacketPredicate, limit = Number.POSITIVE_INFINITY): PacketFilter {
  let dropped = 0;
  return (p) => {
    if (dropped >= limit || !predicate(p)) return 'pass';
    dropped++;
    return 'drop';
  };
}

/** A predicate matching datagrams between two hosts (in the direction given, or both). */
export function between(a: Host, b: Host, bothWays = false): PacketPredicate {
  const aIps = new Set(a.addresses);
  const bIps = new Set(b.addresses);
  return (p) => (p.host === a && bIps.has(p.dst.ip)) || (bothWays && p.host === b && aIps.has(p.dst.ip));
}
