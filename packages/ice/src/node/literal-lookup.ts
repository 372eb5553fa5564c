import { lookup as dnsLookup } from 'node:dns';
import { ipFamily } from '../candidate/ip-literal.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram's `lookup` for the sockets of ICE. dgram resolves the address of every bind() and send()
 * through it; the default (dns.lookup) answers even an IP literal on the next tick, which costs a
 * process.nextTick and a closure per datagram and holds every send until the current microtasks
 * are done. ICE only ever sends to and binds IP literals, so those are answered at once (the
 * datagram leaves inside send(), bind() completes inside bind()); anything else still goes through
 * dns.lookup. IPv6 literals, with or without a zone ("fe80::1%eth0"), are answered with family 6.
 */
export function literalLookup(address: string, family: unknown, callback: LookupCallback): void {
  const kind = ipFamily(address);
  if (kind !== 0) callback(null, address, kind);
  else dnsLookup(address, family as number, callback);
}
