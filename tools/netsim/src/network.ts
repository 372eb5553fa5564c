import { type Address, canonicalIp, ipFamily } from './address.js';
import { Capture } from './capture.js';
import { NetsimError } from './errors.js';
import { EventQueue } from './event-queue.js';
import type { PacketFilter } from './filter.js';
import { type Fabric, Host } from './host.js';
import { emptyLinkStats, Link, validateLinkConfig } from './link.js';
import { Nat, type NatConfig } from './nat/nat.js';
import { Prng } from './prng.js';
import { Realm } from './realm.js';
import type { DropReason, LinkConfig, LinkStats, NetworkStats, TraceEvent } from './types.js';

/** A host or a NAT box: the things links connect. */
export type NetworkNode = Host | Nat;

export interface NetworkOptions {
  /** Seed of every random draw (loss, jitter, NAT random ports). Default 1. */
  readonly seed?: number;
  /** Used between any two adjacent nodes without a `setLink`. Default `{ delay: 1 }`. */
  readonly defaultLink?: LinkConfig;
}

export interface AddHostOptions {
  /** Put the host on the private side of this NAT (default: the public network). */
  readonly nat?: Nat;
  /** Name in traces (default: its first address). */
  readonly name?: string;
}

export interface AddNatOptions extends NatConfig {
  /** Put this NAT's external side behind another NAT (a double NAT). Default: the public network. */
  readonly nat?: Nat;
}

/** Anything with a deadline: typically a sans-I/O core (`nextDeadline()` / `handleTimeout(now)`). */
export interface TimerSource {
  /** Absolute virtual time (ms) at which `fire` should run, or undefined when idle. */
  nextDeadline(): number | undefined;
  fire(now: number): void;
}

export interface Timer {
  /** Stops asking this source for deadlines. */
  remove(): void;
}

export interface RunOptions {
  /** Most virtual time (ms) this call may advance. Default 60 000. */
  readonly maxTime?: number;
  /** Most events (datagram hops, timer firings, callbacks) this call may process. Default 1 000 000. */
  readonly maxEvents?: number;
}

export interface RunResult {
  /** The condition held when the run stopped. */
  readonly done: boolean;
  /** Why it stopped: 'idle' means nothing was left to do at all. */
  readonly reason: 'condition' | 'idle' | 'max-time' | 'max-events';
  readonly now: number;
  /** Events processed by this call. */
  readonly events: number;
}

interface Packet {
  readonly id: number;
  readonly src: Address;
  readonly dst: Address;
  readonly data: Uint8Array;
  /** Hops left, against routing loops through misconfigured NATs. */
  readonly ttl: number;
}

interface TimerEntry {
  readonly source: TimerSource;
  removed: boolean;
}

const MAX_HOPS = 32;

/**
 * A deterministic simulated UDP network under a virtual clock. Datagrams and timers are events
 * in one priority queue; `runUntil` takes them in time order and moves `now` to each in turn, so
 * a test that takes an hour of protocol time runs in milliseconds and the same seed always
 * gives the same run. Nothing here touches a real clock or socket.
 */
export class Network implements Fabric {
  readonly seed: number;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: {}, events: 0 };
  private current = 0;
  private running = false;
  private readonly queue = new EventQueue();
  private readonly timers: TimerEntry[] = [];
  private readonly root = new Realm(undefined);
  private readonly nodes = new Set<NetworkNode>();
  private nextNodeId = 1;
  private nextPacketId = 1;
  private defaultLink: LinkConfig;
  private readonly explicitLinks = new Map<string, LinkConfig>();
  private readonly links = new Map<string, Link>();
  private readonly filters: PacketFilter[] = [];
  private readonly traceListeners: ((e: TraceEvent) => void)[] = [];

  constructor(options: NetworkOptions = {}) {
    this.seed = options.seed ?? 1;
    this.defaultLink = options.defaultLink ?? { delay: 1 };
    validateLinkConfig(this.defaultLink);
  }

  /** The virtual clock, in milliseconds since the network was created (starts at 0). */
  get now(): number {
    return this.current;
  }

  // ---- topology ----

  /** Adds a host with one or more IP addresses (IPv4 and/or IPv6), optionally behind a NAT. */
  addHost(ips: string | readonly string[], options: AddHostOptions = {}): Host {
    const list = (typeof ips === 'string' ? [ips] : [...ips]).map(canonicalIp);
    if (list.length === 0) throw new NetsimError('bad-address', 'a host needs at least one address');
    const realm = this.realmBehind(options.nat);
    for (const ip of list) {
      if (realm.has(ip) || list.indexOf(ip) !== list.lastIndexOf(ip)) {
        throw new NetsimError('address-in-use', `address ${ip} is already in use in that network`);
      }
    }
    const host = new Host(this.nextNodeId++, options.name ?? list[0]!, list, realm, this);
    for (const ip of list) realm.hosts.set(ip, host);
    this.nodes.add(host);
    return host;
  }

  /** Adds a NAT box whose external side sits at `externalIp` (see {@link NatConfig}). */
  addNat(options: AddNatOptions): Nat {
    const realm = this.realmBehind(options.nat);
    const id = this.nextNodeId++;
    const nat = new Nat(id, options, realm, Prng.derive(this.seed, `nat:${id}`), (e) => this.emit(e));
    if (realm.has(nat.externalIp)) {
      throw new NetsimError('address-in-use', `address ${nat.externalIp} is already in use in that network`);
    }
    realm.nats.set(nat.externalIp, nat);
    this.nodes.add(nat);
    return nat;
  }

  /**
   * Configures the link between two adjacent nodes, both directions. A host behind a NAT is
   * adjacent to its NAT; hosts and NATs in the same network are adjacent to each other.
   */
  setLink(a: NetworkNode, b: NetworkNode, config: LinkConfig): void {
    this.setLinkOneWay(a, b, config);
    this.setLinkOneWay(b, a, config);
  }

  /** Configures one direction only (asymmetric links: a slow uplink, loss one way). */
  setLinkOneWay(from: NetworkNode, to: NetworkNode, config: LinkConfig): void {
    this.checkNode(from);
    this.checkNode(to);
    validateLinkConfig(config);
    const key = linkKey(from, to);
    this.explicitLinks.set(key, config);
    const link = this.links.get(key);
    if (link !== undefined) link.config = config;
  }

  /** Changes the link used between adjacent nodes that have no `setLink` of their own. */
  setDefaultLink(config: LinkConfig): void {
    validateLinkConfig(config);
    this.defaultLink = config;
    for (const [key, link] of this.links) {
      if (!this.explicitLinks.has(key)) link.config = config;
    }
  }

  /** Counters of one direction of the link between two adjacent nodes. */
  linkStats(from: NetworkNode, to: NetworkNode): Readonly<LinkStats> {
    return this.links.get(linkKey(from, to))?.stats ?? emptyLinkStats();
  }

  // ---- filters and tracing ----

  /** Adds a packet filter (see `dropNth`, `dropWhere`). Returns a function that removes it. */
  addFilter(filter: PacketFilter): () => void {
    this.filters.push(filter);
    return () => {
      const i = this.filters.indexOf(filter);
      if (i >= 0) this.filters.splice(i, 1);
    };
  }

  /** Calls `listener` for every trace event (see `formatTrace`). Returns an unsubscribe function. */
  onTrace(listener: (e: TraceEvent) => void): () => void {
    this.traceListeners.push(listener);
    return () => {
      const i = this.traceListeners.indexOf(listener);
      if (i >= 0) this.traceListeners.splice(i, 1);
    };
  }

  /**
   * Starts recording datagrams (as sent, delivered and dropped, with copies of their bytes) until
   * `stop()`. At most `limit` datagrams are kept (default 100 000).
   */
  capture(options: { readonly limit?: number } = {}): Capture {
    let capture: Capture | undefined;
    const unsubscribe = this.onTrace((e) => capture!.record(e));
    capture = new Capture(unsubscribe, options.limit ?? 100_000);
    return capture;
  }

  // ---- time ----

  /**
   * Registers a deadline source. Before each step the network asks every source for its
   * `nextDeadline()` and fires the earliest one when it is due (a deadline in the past fires
   * at `now`). Sources are asked again after every event, so a core's deadline may change freely.
   */
  addTimer(source: TimerSource): Timer {
    const entry: TimerEntry = { source, removed: false };
    this.timers.push(entry);
    return {
      remove: () => {
        if (entry.removed) return;
        entry.removed = true;
        this.timers.splice(this.timers.indexOf(entry), 1);
      },
    };
  }

  /** Runs `fn` once at absolute virtual time `time` (or now, if that is in the past). */
  at(time: number, fn: (now: number) => void): void {
    this.queue.push(Math.max(time, this.current), () => fn(this.current));
  }

  /** Runs `fn` once after `delay` ms of virtual time. */
  after(delay: number, fn: (now: number) => void): void {
    this.at(this.current + delay, fn);
  }

  /**
   * Processes events in time order until `condition()` holds (checked before the first event
   * and after each one), nothing is left to do, `maxTime` of virtual time has passed or
   * `maxEvents` were processed, whichever comes first. Never hangs; never throws on its own.
   */
  runUntil(condition: () => boolean, options: RunOptions = {}): RunResult {
    if (this.running) {
      // Running the network from inside one of its own callbacks would break time order.
      throw new NetsimError('reentrant', 'runUntil/run/step called from inside a network callback');
    }
    this.running = true;
    try {
      return this.runLoop(condition, options);
    } finally {
      this.running = false;
    }
  }

  private runLoop(condition: () => boolean, options: RunOptions): RunResult {
    const limit = this.current + (options.maxTime ?? 60_000);
    const maxEvents = options.maxEvents ?? 1_000_000;
    let events = 0;
    const result = (reason: RunResult['reason']): RunResult => ({
      done: reason === 'condition',
      reason,
      now: this.current,
      events,
    });
    for (;;) {
      if (condition()) return result('condition');
      if (events >= maxEvents) return result('max-events');
      const next = this.nextEvent();
      if (next === undefined) return result('idle');
      if (next.time > limit) {
        this.current = limit;
        return result('max-time');
      }
      this.runEvent(next);
      events++;
    }
  }

  /** Processes every event due within the next `duration` ms, then sets the clock to now + duration. */
  run(duration: number, options: { readonly maxEvents?: number } = {}): RunResult {
    const end = this.current + duration;
    const r = this.runUntil(() => false, { maxTime: duration, maxEvents: options.maxEvents ?? 1_000_000 });
    if (r.reason === 'idle') this.current = Math.max(this.current, end);
    return { ...r, now: this.current };
  }

  /** Processes the single next event, if any. Returns false when there is nothing to do. */
  step(): boolean {
    return this.runUntil(() => false, { maxEvents: 1, maxTime: Number.POSITIVE_INFINITY }).events === 1;
  }

  /** The time of the next event (datagram arrival, callback or timer deadline), or undefined when idle. */
  nextEventTime(): number | undefined {
    return this.nextEvent()?.time;
  }

  // ---- datagram path ----

  /** @internal called by `Socket.send`. */
  sendFrom(host: Host, src: Address, dst: Address, data: Uint8Array): void {
    this.checkNode(host);
    this.stats.sent++;
    const id = this.nextPacketId++;
    if (this.traceListeners.length > 0) {
      this.emit({ type: 'send', time: this.current, id, host: host.name, src, dst, size: data.length, data });
    }
    for (const filter of this.filters) {
      const verdict = filter({ src, dst, data, host, time: this.current });
      if (verdict === 'drop') {
        this.drop({ id, src, dst, data, ttl: 0 }, 'filter', host);
        return;
      }
      if (verdict instanceof Uint8Array) data = verdict;
    }
    const packet: Packet = { id, src, dst, data, ttl: MAX_HOPS };
    if (ipFamily(src.ip) !== ipFamily(dst.ip)) {
      this.drop(packet, 'no-route', host);
      return;
    }
    this.route(packet, host, host.realm);
  }

  /** Forwards a datagram one hop inside `realm`, starting at node `from`. */
  private route(p: Packet, from: NetworkNode, realm: Realm): void {
    if (p.ttl <= 0) {
      this.drop(p, 'ttl', from);
      return;
    }
    const host = realm.hosts.get(p.dst.ip);
    if (host !== undefined) {
      this.hop(p, from, host, (q) => this.atHost(q, host));
      return;
    }
    const nat = realm.nats.get(p.dst.ip);
    if (nat !== undefined) {
      this.hop(p, from, nat, (q) => this.atNatOutside(q, nat));
      return;
    }
    const owner = realm.owner;
    // The NAT owning a private network is its default route; it never routes back to itself.
    if (owner !== undefined && from !== owner) {
      this.hop(p, from, owner, (q) => this.atNatInside(q, owner));
      return;
    }
    this.drop(p, 'no-route', from);
  }

  private hop(p: Packet, from: NetworkNode, to: NetworkNode, arrive: (p: Packet) => void): void {
    const link = this.linkFor(from, to);
    const verdict = link.transmit(p.data.length, this.current);
    if (verdict.drop !== undefined) {
      this.drop(p, verdict.drop, from);
      return;
    }
    const next: Packet = { ...p, ttl: p.ttl - 1 };
    verdict.arrivals.forEach((arrival, i) => {
      // A duplicate gets its own copy: receivers may decrypt or mutate their buffer in place.
      const q = i === 0 ? next : { ...next, data: next.data.slice() };
      if (this.traceListeners.length > 0) {
        this.emit({
          type: 'hop',
          time: this.current,
          id: p.id,
          from: from.name,
          to: to.name,
          arrival,
          duplicate: i > 0,
        });
      }
      this.queue.push(arrival, () => {
        link.arrived(q.data.length);
        arrive(q);
      });
    });
  }

  private atHost(p: Packet, host: Host): void {
    const socket = host.socketFor(p.dst.ip, p.dst.port);
    if (socket === undefined || socket.closed) {
      this.drop(p, 'no-socket', host);
      return;
    }
    this.stats.delivered++;
    if (this.traceListeners.length > 0) {
      this.emit({
        type: 'deliver',
        time: this.current,
        id: p.id,
        host: host.name,
        src: p.src,
        dst: p.dst,
        size: p.data.length,
        data: p.data,
      });
    }
    socket.handler({ src: p.src, dst: p.dst, data: p.data }, this.current);
  }

  /** A datagram from the outer side, addressed to one of the NAT's external ports. */
  private atNatOutside(p: Packet, nat: Nat): void {
    const r = nat.inbound(p.src, p.dst, this.current);
    if (r.drop !== undefined) {
      this.drop(p, r.drop, nat);
      return;
    }
    this.translated(p, nat, 'inbound', p.src, r.address);
    this.route({ ...p, dst: r.address }, nat, nat.inner);
  }

  /** A datagram from the private side, leaving through the NAT (or hairpinning back in). */
  private atNatInside(p: Packet, nat: Nat): void {
    if (ipFamily(p.dst.ip) !== ipFamily(nat.externalIp)) {
      this.drop(p, 'no-route', nat);
      return;
    }
    if (p.dst.ip === nat.externalIp) {
      // RFC 4787 §6 (REQ-9): hairpinning. The datagram goes out through the sender's mapping and
      // comes back in through the destination's, so the receiver sees the external source.
      if (!nat.hairpinning) {
        this.drop(p, nat.refuse('nat-hairpin').drop, nat);
        return;
      }
      const out = nat.outbound(p.src, p.dst, this.current);
      if (out.drop !== undefined) {
        this.drop(p, out.drop, nat);
        return;
      }
      const back = nat.inbound(out.address, p.dst, this.current);
      if (back.drop !== undefined) {
        this.drop(p, back.drop, nat);
        return;
      }
      nat.stats.hairpinned++;
      this.translated(p, nat, 'hairpin', out.address, back.address);
      this.route({ ...p, src: out.address, dst: back.address }, nat, nat.inner);
      return;
    }
    const out = nat.outbound(p.src, p.dst, this.current);
    if (out.drop !== undefined) {
      this.drop(p, out.drop, nat);
      return;
    }
    this.translated(p, nat, 'outbound', out.address, p.dst);
    this.route({ ...p, src: out.address }, nat, nat.realm);
  }

  private translated(
    p: Packet,
    nat: Nat,
    direction: 'inbound' | 'outbound' | 'hairpin',
    src: Address,
    dst: Address,
  ): void {
    if (this.traceListeners.length === 0) return;
    this.emit({
      type: 'nat',
      time: this.current,
      id: p.id,
      nat: nat.name,
      direction,
      before: { src: p.src, dst: p.dst },
      after: { src, dst },
    });
  }

  private drop(p: Packet, reason: DropReason, at: NetworkNode): void {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + 1;
    if (this.traceListeners.length > 0) {
      this.emit({
        type: 'drop',
        time: this.current,
        id: p.id,
        at: at.name,
        reason,
        src: p.src,
        dst: p.dst,
        size: p.data.length,
        data: p.data,
      });
    }
  }

  // ---- internals ----

  private nextEvent(): { time: number; run: () => void } | undefined {
    let best: { time: number; run: () => void } | undefined;
    const queued = this.queue.peekTime();
    if (queued !== undefined) best = { time: queued, run: () => this.queue.pop()!.run() };
    for (const entry of this.timers) {
      const deadline = entry.source.nextDeadline();
      if (deadline === undefined || Number.isNaN(deadline)) continue;
      const time = Math.max(deadline, this.current);
      // Datagrams due at the same instant go first: they may move a core's deadline.
      if (best === undefined || time < best.time) {
        best = { time, run: () => entry.source.fire(this.current) };
      }
    }
    return best;
  }

  private runEvent(next: { time: number; run: () => void }): void {
    this.current = Math.max(this.current, next.time);
    this.stats.events++;
    next.run();
  }

  private linkFor(from: NetworkNode, to: NetworkNode): Link {
    const key = linkKey(from, to);
    let link = this.links.get(key);
    if (link === undefined) {
      link = new Link(this.explicitLinks.get(key) ?? this.defaultLink, Prng.derive(this.seed, `link:${key}`));
      this.links.set(key, link);
    }
    return link;
  }

  private realmBehind(nat: Nat | undefined): Realm {
    if (nat === undefined) return this.root;
    this.checkNode(nat);
    return nat.inner;
  }

  private checkNode(node: NetworkNode): void {
    if (!this.nodes.has(node))
      throw new NetsimError('unknown-node', `${node.name} does not belong to this network`);
  }

  private emit(e: TraceEvent): void {
    for (const listener of this.traceListeners) listener(e);
  }
}

function linkKey(from: NetworkNode, to: NetworkNode): string {
  return `${from.id}>${to.id}`;
}
