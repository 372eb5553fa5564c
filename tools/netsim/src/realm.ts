import type { Host } from './host.js';
import type { Nat } from './nat/nat.js';

/**
 * One addressing domain: the public network, or the private side of a NAT. A datagram is routed
 * inside a realm by destination IP: to a host, to a NAT's external address, or else up through
 * the NAT that owns the realm (its default route).
 */
export class Realm {
  readonly hosts = new Map<string, Host>();
  readonly nats = new Map<string, Nat>();

  constructor(
    /** The NAT whose private side this is; undefined for the public network. */
    readonly owner: Nat | undefined,
  ) {}

  has(ip: string): boolean {
    return this.hosts.has(ip) || this.nats.has(ip);
  }
}
