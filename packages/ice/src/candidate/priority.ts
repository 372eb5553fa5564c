import type { AddressFamily } from './address.js';
import type { CandidateType } from './types.js';

/** RFC 8445 §5.1.2.2: recommended type preferences. */
export const TYPE_PREFERENCE: Readonly<Record<CandidateType, number>> = {
  host: 126,
  prflx: 110,
  srflx: 100,
  relay: 0,
};

export interface LocalPreferenceInput {
  family: AddressFamily;
  /**
   * Position of the address in the driver's preference order (0 = most preferred), across both
   * families: a dual-stack driver interleaves them, IPv6 first (RFC 8421 §4, see interleaveFamilies).
   */
  interfaceIndex?: number;
  /** For relay candidates: the transport to the TURN server (UDP relays are preferred). */
  relayTransport?: 'udp' | 'tcp' | 'tls';
  /** Loopback and link-local addresses rank below all others. */
  lowPriorityAddress?: boolean;
}

/**
 * RFC 8445 §5.1.2.1 leaves local preference to the agent (0..65535). Ours, most significant first:
 * loopback/link-local below everything (1 bit); for relays the server transport (2 bits: UDP > TCP >
 * TLS, fewer head-of-line stalls; hosts above all three); the interface order (12 bits); the address
 * family (1 bit, IPv6 above IPv4 at the same position). The order comes before the family so that
 * a driver's interleaving of IPv6 and IPv4 addresses survives into the priorities: RFC 8421 §4 asks a
 * dual-stack agent to intermingle the families, so that a broken path of one family does not hold
 * back every check of the other. With one address per family, IPv6 still ranks first.
 */
export function localPreference(input: LocalPreferenceInput): number {
  const notLow = input.lowPriorityAddress ? 0 : 1;
  const relayWeight =
    input.relayTransport === undefined
      ? 3
      : input.relayTransport === 'udp'
        ? 2
        : input.relayTransport === 'tcp'
          ? 1
          : 0;
  const index = Math.min(Math.max(input.interfaceIndex ?? 0, 0), 0xfff);
  const v6 = input.family === 'IPv6' ? 1 : 0;
  return notLow * 0x8000 + relayWeight * 0x2000 + (0xfff - index) * 2 + v6;
}

/**
 * RFC 8421 §4: the order a dual-stack agent gives its addresses, IPv6 and IPv4 alternating, IPv6
 * first; the longer family's rest follows in its own order. Each family keeps its relative order.
 */
export function interleaveFamilies<T extends { family: AddressFamily }>(addresses: readonly T[]): T[] {
  const v6 = addresses.filter((a) => a.family === 'IPv6');
  const v4 = addresses.filter((a) => a.family !== 'IPv6');
  const out: T[] = [];
  for (let i = 0; i < Math.max(v6.length, v4.length); i++) {
    if (i < v6.length) out.push(v6[i]!);
    if (i < v4.length) out.push(v4[i]!);
  }
  return out;
}

/** RFC 8445 §5.1.2.1: priority = 2^24 * type preference + 2^8 * local preference + (256 - component). */
export function candidatePriority(type: CandidateType | number, localPref: number, component = 1): number {
  const typePref = typeof type === 'number' ? type : TYPE_PREFERENCE[type];
  // Multiplications instead of shifts: 126 << 24 overflows a signed 32-bit integer in JavaScript.
  return typePref * 0x1000000 + localPref * 0x100 + (256 - component);
}

/**
 * RFC 8445 §6.1.2.3: pair priority = 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), where G is the
 * controlling agent's candidate priority and D the controlled agent's. The result needs 63 bits, beyond
 * Number's exact range, so it is a bigint.
 */
export function pairPriority(controlling: number, controlled: number): bigint {
  const g = BigInt(controlling);
  const d = BigInt(controlled);
  const min = g < d ? g : d;
  const max = g < d ? d : g;
  return (min << 32n) + 2n * max + (g > d ? 1n : 0n);
}
