import {
  type Address,
  type AddressFamily,
  familyOf,
  isLinkLocalIPv6,
  isLoopback,
} from '../candidate/address.js';
import { computeFoundation } from '../candidate/foundation.js';
import { candidatePriority, localPreference } from '../candidate/priority.js';
import type { LocalCandidate } from '../candidate/types.js';
import type { TurnTransport } from '../turn/types.js';
import type { HostSocket } from './types.js';

function familyFor(host: HostSocket): AddressFamily {
  return host.family ?? familyOf(host.address) ?? 'IPv4';
}

function hostPreference(host: HostSocket): number {
  const low = isLoopback(host.address) || isLinkLocalIPv6(host.address);
  return localPreference({
    family: familyFor(host),
    interfaceIndex: host.interfaceIndex ?? 0,
    lowPriorityAddress: low,
  });
}

/** RFC 8445 §5.1.1.1: a host candidate on a bound socket. */
export function hostCandidate(host: HostSocket): LocalCandidate {
  const family = familyFor(host);
  return {
    candidate: {
      foundation: computeFoundation({ type: 'host', baseAddress: host.address, transport: 'udp' }),
      component: 1,
      transport: 'udp',
      priority: candidatePriority('host', hostPreference(host)),
      address: host.address,
      port: host.port,
      type: 'host',
    },
    socketId: host.socketId,
    base: { address: host.address, port: host.port },
    family,
  };
}

/** RFC 8445 §5.1.1.2: a server-reflexive candidate; its related address is the base. */
export function srflxCandidate(host: HostSocket, mapped: Address, server: Address): LocalCandidate {
  return {
    candidate: {
      foundation: computeFoundation({
        type: 'srflx',
        baseAddress: host.address,
        serverAddress: server.address,
        transport: 'udp',
      }),
      component: 1,
      transport: 'udp',
      priority: candidatePriority('srflx', hostPreference(host)),
      address: mapped.address,
      port: mapped.port,
      type: 'srflx',
      relatedAddress: host.address,
      relatedPort: host.port,
    },
    socketId: host.socketId,
    base: { address: host.address, port: host.port },
    family: familyFor(host),
    server,
  };
}

/** RFC 8445 §5.1.1.2: a relayed candidate; its related address is the mapped address the server saw. */
export function relayCandidate(
  relayed: Address,
  mapped: Address | undefined,
  socketId: string,
  relayId: number,
  server: Address,
  transport: TurnTransport,
): LocalCandidate {
  const family = familyOf(relayed.address) ?? 'IPv4';
  const c: LocalCandidate = {
    candidate: {
      foundation: computeFoundation({
        type: 'relay',
        baseAddress: relayed.address,
        serverAddress: server.address,
        transport: `udp/${transport}`,
      }),
      component: 1,
      transport: 'udp',
      priority: candidatePriority('relay', localPreference({ family, relayTransport: transport })),
      address: relayed.address,
      port: relayed.port,
      type: 'relay',
    },
    socketId,
    base: relayed,
    family,
    relayId,
    server,
  };
  if (mapped) {
    c.candidate.relatedAddress = mapped.address;
    c.candidate.relatedPort = mapped.port;
  }
  return c;
}

/** RFC 8445 §7.2.5.3.1: a peer-reflexive local candidate learned from a check's mapped address. */
export function prflxLocalCandidate(base: LocalCandidate, mapped: Address, priority: number): LocalCandidate {
  const c: LocalCandidate = {
    candidate: {
      foundation: computeFoundation({ type: 'prflx', baseAddress: base.base.address, transport: 'udp' }),
      component: 1,
      transport: 'udp',
      priority,
      address: mapped.address,
      port: mapped.port,
      type: 'prflx',
      relatedAddress: base.base.address,
      relatedPort: base.base.port,
    },
    socketId: base.socketId,
    base: base.base,
    family: base.family,
  };
  if (base.relayId !== undefined) c.relayId = base.relayId;
  return c;
}

/** RFC 8445 §7.1.1: PRIORITY of a check = prflx type preference with the candidate's local preference. */
export function checkPriority(local: LocalCandidate): number {
  const localPref = Math.floor(local.candidate.priority / 0x100) & 0xffff;
  return candidatePriority('prflx', localPref, local.candidate.component);
}
