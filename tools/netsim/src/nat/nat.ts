import { type Address, addressKey, canonicalIp } from '../address.js';
import { NetsimError } from '../errors.js';
import type { Prng } from '../prng.js';
import { Realm } from '../realm.js';
import type { DropReason, TraceEvent } from '../types.js';
import {
  mappingKey,
  type NatFilteringBehaviour,
  type NatMappingBehaviour,
  type NatPortAllocation,
} from './behaviour.js';

export interface NatConfig {
  /** The NAT's address on its outer side (the public network, or an outer NAT's private side). */
  readonly externalIp: string;
  /** Default 'endpoint-independent' (RFC 4787 REQ-1). */
  readonly mapping?: NatMappingBehaviour;
  /** Default 'address-and-port-dependent'. */
  readonly filtering?: NatFilteringBehaviour;
  /**
   * Idle time (ms) after which a mapping expires. Outbound traffic refreshes it (RFC 4787
   * REQ-6); inbound traffic too only if `inboundRefresh`. Default 120 000 (REQ-5's minimum).
   */
  readonly mappingTimeout?: number;
  /** Whether inbound datagrams refresh the mapping timer (RFC 4787 §4.3 allows either). Default false. */
  readonly inboundRefresh?: boolean;
  /**
   * Default 'sequential'. 'preserve' keeps the internal port when it is free (RFC 4787 §4.2.1),
   * 'random' draws from the seeded generator.
   */
  readonly portAllocation?: NatPortAllocation;
  /** Inclusive range of allocated external ports. Default [49152, 65535]. */
  readonly portRange?: readonly [number, number];
  /** RFC 4787 REQ-9: internal hosts may reach each other through the external address. Default true. */
  readonly hairpinning?: boolean;
  /** Name used in traces. Default `nat:<externalIp>`. */
  readonly name?: string;
}

/** One live NAT binding, as returned by {@link Nat.mappings}. */
export interface NatMapping {
  readonly internal: Address;
  readonly external: Address;
  /** Virtual time at which the mapping expires unless refreshed. */
  readonly expires: number;
  /** External endpoints the internal one has sent to through this mapping ("ip:port"). */
  readonly remotes: readonly string[];
}

interface Mapping {
  readonly key: string;
  readonly internal: Address;
  readonly external: Address;
  expires: number;
  readonly remoteIps: Set<string>;
  readonly remoteAddrs: Set<string>;
}

export type NatResult =
  | { readonly drop: DropReason }
  | { readonly drop?: undefined; readonly address: Address };

/** The NAT stats: mappings made and expired, datagrams translated or refused. */
export interface NatStats {
  mappingsCreated: number;
  mappingsExpired: number;
  outbound: number;
  inbound: number;
  hairpinned: number;
  dropped: Partial<Record<DropReason, number>>;
}

/**
 * A NAT box with the RFC 4787 mapping and filtering behaviours. Its outer side sits in a realm
 * (`realm`) at `externalIp`; hosts behind it live in `inner`. Mappings expire lazily: a mapping
 * past its deadline is removed the next time it is looked up, so an idle NAT costs nothing.
 */
export class Nat {
  readonly kind = 'nat';
  readonly externalIp: string;
  readonly mapping: NatMappingBehaviour;
  readonly filtering: NatFilteringBehaviour;
  readonly mappingTimeout: number;
  readonly inboundRefresh: boolean;
  readonly portAllocation: NatPortAllocation;
  readonly portRange: readonly [number, number];
  readonly hairpinning: boolean;
  readonly name: string;
  /** The private side: hosts (and nested NATs) behind this NAT. */
  readonly inner: Realm;
  readonly stats: NatStats = {
    mappingsCreated: 0,
    mappingsExpired: 0,
    outbound: 0,
    inbound: 0,
    hairpinned: 0,
    dropped: {},
  };
  private readonly byKey = new Map<string, Mapping>();
  private readonly byPort = new Map<number, Mapping>();
  private nextPort: number;

  constructor(
    readonly id: number,
    config: NatConfig,
    /** The realm the external side is attached to. */
    readonly realm: Realm,
    private readonly prng: Prng,
    private readonly trace: (e: TraceEvent) => void,
  ) {
    this.externalIp = canonicalIp(config.externalIp);
    this.mapping = config.mapping ?? 'endpoint-independent';
    this.filtering = config.filtering ?? 'address-and-port-dependent';
    this.mappingTimeout = config.mappingTimeout ?? 120_000;
    this.inboundRefresh = config.inboundRefresh ?? false;
    this.portAllocation = config.portAllocation ?? 'sequential';
    this.portRange = config.portRange ?? [49152, 65535];
    this.hairpinning = config.hairpinning ?? true;
    this.name = config.name ?? `nat:${this.externalIp}`;
    const [lo, hi] = this.portRange;
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi && hi <= 65535)) {
      throw new NetsimError('bad-config', `bad NAT port range [${lo}, ${hi}]`);
    }
    if (!(this.mappingTimeout > 0)) throw new NetsimError('bad-config', 'NAT mappingTimeout must be > 0');
    this.nextPort = lo;
    this.inner = new Realm(this);
  }

  /**
   * Translates an outbound datagram's source (RFC 4787 §4.1): finds or creates the mapping for
   * (internal source, destination) and refreshes its timer. Returns the external source address.
   */
  outbound(src: Address, dst: Address, now: number): NatResult {
    const key = mappingKey(this.mapping, src, dst);
    let m = this.live(this.byKey.get(key), now);
    if (m === undefined) {
      const port = this.allocatePort(src.port, now);
      if (port === undefined) return this.refuse('nat-no-port');
      m = {
        key,
        internal: src,
        external: { ip: this.externalIp, port },
        expires: 0,
        remoteIps: new Set(),
        remoteAddrs: new Set(),
      };
      this.byKey.set(key, m);
      this.byPort.set(port, m);
      this.stats.mappingsCreated++;
      this.trace({
        type: 'nat-mapping',
        time: now,
        nat: this.name,
        action: 'create',
        internal: src,
        external: m.external,
      });
    }
    // RFC 4787 REQ-6: outbound traffic refreshes the mapping.
    m.expires = now + this.mappingTimeout;
    // RFC 4787 §5: what the filter will later let in is what the inside has sent to.
    m.remoteIps.add(dst.ip);
    m.remoteAddrs.add(addressKey(dst));
    this.stats.outbound++;
    return { address: m.external };
  }

  /**
   * Translates an inbound datagram's destination (an external port of this NAT) back to the
   * internal endpoint, if a live mapping exists and the filtering behaviour admits the source.
   */
  inbound(src: Address, dst: Address, now: number): NatResult {
    const m = this.live(this.byPort.get(dst.port), now);
    if (m === undefined) return this.refuse('nat-no-mapping');
    const admitted =
      this.filtering === 'endpoint-independent' ||
      (this.filtering === 'address-dependent' && m.remoteIps.has(src.ip)) ||
      (this.filtering === 'address-and-port-dependent' && m.remoteAddrs.has(addressKey(src)));
    if (!admitted) return this.refuse('nat-filtered');
    if (this.inboundRefresh) m.expires = now + this.mappingTimeout;
    this.stats.inbound++;
    return { address: m.internal };
  }

  /** The live mappings, oldest first (expired ones are removed first). */
  mappings(now: number): NatMapping[] {
    const out: NatMapping[] = [];
    for (const m of [...this.byKey.values()]) {
      if (this.live(m, now) === undefined) continue;
      out.push({
        internal: m.internal,
        external: m.external,
        expires: m.expires,
        remotes: [...m.remoteAddrs],
      });
    }
    return out;
  }

  /**
   * Forgets every mapping at once, as a NAT reboot or a rebinding does: the next outbound
   * datagram of each internal endpoint gets a fresh external port (ICE restart, consent tests).
   */
  clearMappings(now: number): void {
    for (const m of [...this.byKey.values()]) {
      m.expires = now;
      this.live(m, now);
    }
  }

  /** @internal counts a drop decided by the network on the NAT's behalf (hairpin off, ttl). */
  refuse(reason: DropReason): { drop: DropReason } {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + 1;
    return { drop: reason };
  }

  private live(m: Mapping | undefined, now: number): Mapping | undefined {
    if (m === undefined) return undefined;
    // RFC 4787 §4.3: a mapping idle for longer than the timeout is gone.
    if (m.expires > now) return m;
    this.byKey.delete(m.key);
    if (this.byPort.get(m.external.port) === m) this.byPort.delete(m.external.port);
    this.stats.mappingsExpired++;
    this.trace({
      type: 'nat-mapping',
      time: now,
      nat: this.name,
      action: 'expire',
      internal: m.internal,
      external: m.external,
    });
    return undefined;
  }

  private isFree(port: number, now: number): boolean {
    return this.live(this.byPort.get(port), now) === undefined;
  }

  private allocatePort(internalPort: number, now: number): number | undefined {
    const [lo, hi] = this.portRange;
    const span = hi - lo + 1;
    // Port preservation keeps the internal port whatever the range (as real NATs do); the
    // range only bounds the fallback when that port is taken.
    if (this.portAllocation === 'preserve' && internalPort > 0 && this.isFree(internalPort, now)) {
      return internalPort;
    }
    if (this.portAllocation === 'random') {
      // A few random draws, then fall back to a scan so a nearly full NAT still finds a port.
      for (let i = 0; i < 16; i++) {
        const port = this.prng.int(lo, hi);
        if (this.isFree(port, now)) return port;
      }
    }
    for (let i = 0; i < span; i++) {
      const port = this.nextPort;
      this.nextPort = port === hi ? lo : port + 1;
      if (this.isFree(port, now)) return port;
    }
    return undefined;
  }
}
