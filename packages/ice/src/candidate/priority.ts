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
  /** Position of the interface in the gathering order (0 = most preferred). */
  interfaceIndex?: number;
  /** For relay candidates: the transport to the TURN server (UDP relays are preferred). */
  relayTransport?: 'udp' | 'tcp' | 'tls';
  /** Loopback and link-local addresses rank below all others. */
  lowPriorityAddress?: boolean;
}

/**
 * RFC 8445 §5.1.2.1 leaves local preference to the agent (0..65535). Ours, most significant first:
 * address family (RFC 8421 §4: IPv6 above IPv4), then for relays the server transport (UDP > TCP >
 * TLS, fewer head-of-line stalls), then the interface order. Loopback/link-local rank lowest.
 */
export function localPreference(input: LocalPreferenceInput): number {
  const familyWeight = input.lowPriorityAddress ? 0 : input.family === 'IPv6' ? 2 : 1;
  const relayWeight =
    input.relayTransport === undefined
      ? 3
      : input.relayTransport === 'udp'
        ? 2
        : input.relayTransport === 'tcp'
          ? 1
          : 0;
  const index = Math.min(Math.max(input.interfaceIndex ?? 0, 0), 0xfff);
  return familyWeight * 0x4000 + relayWeight * 0x1000 + (0xfff - index);
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
