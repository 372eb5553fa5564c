import {
  type DecodedStunMessage,
  decodeMessage,
  encodeMessage,
  getAttribute,
  isStunPacket,
  StunMethod,
  shortTermKey,
  verifyFingerprint,
  verifyIntegritySha1,
} from '@rtc/stun';
import { type Address, familyOf, isLoopback, sameAddress } from '../candidate/address.js';
import { computeFoundation } from '../candidate/foundation.js';
import { isEndOfCandidates, parseCandidate } from '../candidate/grammar.js';
import type { Candidate, LocalCandidate } from '../candidate/types.js';
import { CheckList } from '../checklist/check-list.js';
import type { CandidatePair, RemoteCandidate } from '../checklist/pair.js';
import { IceError } from '../errors.js';
import { RequestTracker, type RetransmitPolicy } from '../transaction/request-tracker.js';
import type { TurnEvent } from '../turn/types.js';
import {
  type CheckRejection,
  encodeCheckRequest,
  encodeCheckSuccess,
  encodeRoleConflict,
  verifyCheckRequest,
} from './connectivity-check.js';
import { ConsentTimer } from './consent.js';
import {
  defaultRandom,
  type RandomSource,
  randomIceString,
  randomTieBreaker,
  randomUnit,
} from './credentials.js';
import { Generation, MAX_REMOTE_CANDIDATES } from './generation.js';
import {
  checkPriority,
  hostCandidate,
  prflxLocalCandidate,
  relayCandidate,
  srflxCandidate,
} from './local-candidates.js';
import { type RelayEntry, RelaySet } from './relays.js';
import type {
  AgentStats,
  ConnectionState,
  GatheringState,
  HostSocket,
  IceAgentOptions,
  IceEvent,
  IceRole,
  PairInfo,
  PairStatsReport,
  ReceivedDatagram,
  StunServerConfig,
  Transmit,
} from './types.js';

type TxContext =
  | { kind: 'check'; pair: CandidatePair; gen: Generation; useCandidate: boolean; role: IceRole }
  | { kind: 'consent'; pair: CandidatePair; gen: Generation }
  | { kind: 'srflx'; host: HostSocket; server: Address };

const MAX_QUEUE = 1024;
const SRFLX_POLICY: RetransmitPolicy = { rto: 500, maxRto: 1600, maxTransmissions: 5 };
const CONSENT_POLICY: RetransmitPolicy = { rto: 500, maxRto: 2000, maxTransmissions: 4 };

/**
 * A sans-I/O ICE agent (RFC 8445) with ICE-lite, trickle, TURN relays (RFC 8656) and consent freshness
 * (RFC 7675). Feed it with handleDatagram/handleTimeout and API calls; drain pollTransmit/pollEvent;
 * call handleTimeout again at nextDeadline().
 */
export class IceAgent {
  role: IceRole;
  readonly lite: boolean;
  readonly tieBreaker: bigint;
  gatheringState: GatheringState = 'new';
  connectionState: ConnectionState = 'new';
  private gen: Generation;
  private prevGen: Generation | undefined;
  private readonly hosts: HostSocket[] = [];
  private readonly hostCandidates = new Map<string, LocalCandidate>();
  private readonly localCandidates: LocalCandidate[] = [];
  private readonly tracker = new RequestTracker<TxContext>();
  private readonly relays: RelaySet;
  private readonly transmits: Transmit[] = [];
  private readonly events: IceEvent[] = [];
  private readonly random: RandomSource;
  private readonly consent: ConsentTimer;
  private readonly stunServers: StunServerConfig[];
  private readonly ta: number;
  private readonly nominationDelay: number;
  private readonly checkPolicy: RetransmitPolicy;
  private readonly maxPairs: number;
  private readonly gatherPending = new Set<string>();
  private gatherStarted = false;
  private nextCheckAt: number | undefined;
  private lastCheckAt = Number.NEGATIVE_INFINITY;
  private selected: CandidatePair | undefined;
  private selectedGen: Generation | undefined;
  private readonly pairInfo = new Map<number, PairInfo>();
  private closed = false;
  private readonly counters = {
    droppedRequests: 0,
    droppedResponses: 0,
    droppedData: 0,
    malformed: 0,
    sendRefused: 0,
    roleConflicts: 0,
  };
  /** Why incoming checks were refused, for tests and diagnostics. */
  readonly rejections: Partial<Record<CheckRejection, number>> = {};

  constructor(private readonly options: IceAgentOptions) {
    this.random = options.random ?? defaultRandom;
    this.lite = options.lite ?? false;
    // RFC 8445 §6.1.1: a lite agent is always controlled.
    this.role = this.lite ? 'controlled' : options.role;
    this.tieBreaker = options.tieBreaker ?? randomTieBreaker(this.random);
    this.ta = options.ta ?? 50;
    this.nominationDelay = options.nominationDelay ?? 500;
    this.maxPairs = options.maxPairs ?? 100;
    this.checkPolicy = {
      rto: options.checkRto ?? 500,
      maxRto: 3000,
      maxTransmissions: options.checkTransmissions ?? 7,
    };
    this.stunServers = this.lite ? [] : (options.stunServers ?? []);
    const ufrag = options.localUfrag ?? randomIceString(8, this.random);
    const pwd = options.localPwd ?? randomIceString(24, this.random);
    this.gen = new Generation(ufrag, pwd, this.role === 'controlling', this.maxPairs);
    this.consent = new ConsentTimer(
      options.consentInterval ?? 5000,
      options.disconnectedTimeout ?? 10_000,
      options.consentTimeout ?? 30_000,
      () => randomUnit(this.random),
    );
    this.relays = new RelaySet(
      {
        transmit: (t) => this.pushTransmit(t),
        event: (e) => this.emit(e),
        onTurnEvent: (entry, e, now) => this.onTurnEvent(entry, e, now),
      },
      () => this.newTransactionId(),
    );
  }

  get localUfrag(): string {
    return this.gen.localUfrag;
  }

  get localPwd(): string {
    return this.gen.localPwd;
  }

  private newTransactionId(): Uint8Array {
    const id = new Uint8Array(12);
    this.random(id);
    return id;
  }

  private emit(e: IceEvent): void {
    if (this.events.length < MAX_QUEUE) this.events.push(e);
  }

  private pushTransmit(t: Transmit): void {
    if (this.transmits.length < MAX_QUEUE) this.transmits.push(t);
  }

  // ---- gathering (RFC 8445 §5.1.1) ----

  /** Registers a bound UDP socket as a host candidate base. */
  addHostSocket(host: HostSocket, now: number): void {
    if (this.closed || this.hostCandidates.has(host.socketId)) return;
    const local = hostCandidate(host);
    this.hosts.push(host);
    this.hostCandidates.set(host.socketId, local);
    this.localCandidates.push(local);
    if (this.gatherStarted) {
      this.emitLocal(local);
      this.pairLocal(local, now);
      this.startSrflx(host, now);
    }
  }

  /** Emits host candidates and asks the STUN and TURN servers for srflx and relay candidates. */
  gather(now: number): void {
    if (this.closed || this.gatherStarted) return;
    this.gatherStarted = true;
    this.setGathering('gathering');
    for (const local of [...this.localCandidates]) {
      this.emitLocal(local);
      this.pairLocal(local, now);
    }
    for (const host of this.hosts) this.startSrflx(host, now);
    if (!this.lite) {
      this.relays.start(this.options.turnServers ?? [], (s) => this.pickHost(s), now);
      for (const e of this.relays.entries) this.gatherPending.add(`turn:${e.id}`);
    }
    this.maybeGatheringComplete();
  }

  private pickHost(server: Address): HostSocket | undefined {
    const family = familyOf(server.address);
    const same = this.hosts.filter((h) => (h.family ?? familyOf(h.address)) === family);
    return same.find((h) => isLoopback(h.address) === isLoopback(server.address)) ?? same[0];
  }

  private startSrflx(host: HostSocket, now: number): void {
    const family = host.family ?? familyOf(host.address);
    for (const server of this.stunServers) {
      if (familyOf(server.address) !== family) continue;
      const key = `srflx:${host.socketId}:${server.address}:${server.port}`;
      this.gatherPending.add(key);
      const transactionId = this.newTransactionId();
      const bytes = encodeMessage(
        { class: 'request', method: StunMethod.Binding, transactionId, attributes: [] },
        { fingerprint: true },
      );
      const to = { address: server.address, port: server.port };
      this.tracker.start(
        transactionId,
        { kind: 'srflx', host, server: to },
        () => this.pushTransmit({ socketId: host.socketId, to, data: bytes }),
        () => this.gatherDone(key),
        SRFLX_POLICY,
        now,
      );
    }
  }

  private gatherDone(key: string): void {
    this.gatherPending.delete(key);
    this.maybeGatheringComplete();
  }

  private maybeGatheringComplete(): void {
    if (this.gatherStarted && this.gatherPending.size === 0 && this.gatheringState === 'gathering') {
      this.emit({ type: 'end-of-candidates' });
      this.setGathering('complete');
    }
  }

  private setGathering(state: GatheringState): void {
    if (this.gatheringState === state) return;
    this.gatheringState = state;
    this.emit({ type: 'gathering-state', state });
  }

  private emitLocal(local: LocalCandidate): void {
    if (this.options.relayOnly && local.candidate.type !== 'relay') return;
    this.emit({ type: 'local-candidate', candidate: { ...local.candidate, ufrag: this.gen.localUfrag } });
  }

  private addSrflx(host: HostSocket, mapped: Address, server: Address, now: number): void {
    // RFC 8445 §5.1.3: a srflx equal to its base or to another candidate is redundant.
    if (sameAddress(mapped, host) && !this.options.keepRedundantSrflx) return;
    if (this.localCandidates.some((c) => c.candidate.type === 'srflx' && sameAddress(c.candidate, mapped)))
      return;
    const local = srflxCandidate(host, mapped, server);
    this.localCandidates.push(local);
    this.emitLocal(local);
    void now;
  }

  private onTurnEvent(entry: RelayEntry, e: TurnEvent, now: number): void {
    switch (e.type) {
      case 'allocated': {
        const server = entry.allocation.serverAddress;
        const local = relayCandidate(
          e.relayed,
          e.mapped,
          entry.socketId,
          entry.id,
          server,
          entry.allocation.server.transport,
        );
        entry.candidate = local;
        this.localCandidates.push(local);
        this.emitLocal(local);
        if (e.mapped && entry.host) this.addSrflx(entry.host, e.mapped, server, now);
        this.pairLocal(local, now);
        entry.gathering = false;
        this.gatherDone(`turn:${entry.id}`);
        return;
      }
      case 'failed':
        this.emit({ type: 'error', message: `TURN ${entry.allocation.server.address}: ${e.reason}` });
        if (entry.candidate) {
          for (const g of this.generations()) {
            for (const p of g.checklist.pairs) if (p.local === entry.candidate) p.state = 'failed';
          }
        }
        entry.gathering = false;
        this.gatherDone(`turn:${entry.id}`);
        this.updateConnectionState(now);
        return;
      case 'data':
        if (entry.candidate) this.handlePacket(entry.candidate, e.peer, e.data, now);
        return;
      case 'permission':
        this.wakeChecks(now);
        return;
      case 'channel-bound':
        return;
    }
  }

  // ---- remote side ----

  /**
   * Sets the peer's ufrag and password (from its SDP). A different ufrag than before on a connected
   * agent means the peer restarted ICE. RFC 8445 §6.1.1: a full agent facing a lite peer controls.
   */
  setRemoteCredentials(ufrag: string, pwd: string, opts: { lite?: boolean } = {}, now = 0): void {
    if (this.closed) throw new IceError('invalid-state', 'agent is closed');
    if (!/^[^\s:]{1,256}$/.test(ufrag) || !/^\S{1,256}$/.test(pwd)) {
      throw new IceError('invalid-argument', 'bad remote ufrag or pwd');
    }
    const g = this.gen;
    if (g.remoteUfrag !== undefined && g.remoteUfrag !== ufrag) this.restart(now);
    this.gen.remoteUfrag = ufrag;
    this.gen.remotePwd = pwd;
    this.gen.remoteLite = opts.lite ?? false;
    if (this.gen.remoteLite && !this.lite && this.role !== 'controlling') this.switchRole('controlling', now);
    this.wakeChecks(now);
  }

  /**
   * Adds a remote candidate (an RFC 8839 line with or without `a=`/`candidate:`, or a parsed one);
   * null or an empty line signals end-of-candidates. Throws IceError('invalid-candidate') on bad lines.
   */
  addRemoteCandidate(candidate: Candidate | string | null, now: number): void {
    if (this.closed) return;
    if (candidate === null || (typeof candidate === 'string' && isEndOfCandidates(candidate))) {
      this.gen.remoteEndOfCandidates = true;
      this.updateConnectionState(now);
      return;
    }
    const c = typeof candidate === 'string' ? parseCandidate(candidate) : candidate;
    // RFC 8838 §11: a candidate of another generation (ufrag) is ignored.
    if (c.ufrag !== undefined && this.gen.remoteUfrag !== undefined && c.ufrag !== this.gen.remoteUfrag)
      return;
    if (c.transport !== 'udp' || c.component !== 1) return;
    if (c.address.toLowerCase().endsWith('.local')) {
      const name = c.address.toLowerCase();
      const list = this.gen.pendingMdns.get(name);
      if (list) {
        if (list.length < 8) list.push(c);
      } else if (this.gen.pendingMdns.size < MAX_REMOTE_CANDIDATES) {
        this.gen.pendingMdns.set(name, [c]);
        this.emit({ type: 'resolve-mdns', name: c.address });
      }
      return;
    }
    const family = familyOf(c.address);
    if (!family) {
      this.emit({ type: 'error', message: `unresolvable candidate address ${c.address}` });
      return;
    }
    this.addResolvedRemote(c, c.address, family, now);
  }

  /** The driver's answer to a resolve-mdns event (undefined when the name did not resolve). */
  resolveMdns(name: string, ip: string | undefined, now: number): void {
    const key = name.toLowerCase();
    const list = this.gen.pendingMdns.get(key);
    if (!list) return;
    this.gen.pendingMdns.delete(key);
    const family = ip === undefined ? undefined : familyOf(ip);
    if (ip !== undefined && family) for (const c of list) this.addResolvedRemote(c, ip, family, now);
    this.updateConnectionState(now);
  }

  private addResolvedRemote(c: Candidate, ip: string, family: 'IPv4' | 'IPv6', now: number): void {
    const g = this.gen;
    const existing = g.findRemote(ip, c.port);
    if (existing) {
      // RFC 8445 §7.3.1.3: a signalled candidate replaces a peer-reflexive one learned earlier.
      if (existing.candidate.type === 'prflx') existing.candidate = { ...c };
      return;
    }
    if (g.remotes.length >= MAX_REMOTE_CANDIDATES) return;
    const remote: RemoteCandidate = { candidate: c, ip, family };
    g.remotes.push(remote);
    if (this.lite) return;
    for (const local of this.localCandidates) this.pairUp(g, local, remote, now);
    this.wakeChecks(now);
    this.updateConnectionState(now);
  }

  private pairLocal(local: LocalCandidate, now: number): void {
    if (this.lite) return;
    for (const remote of this.gen.remotes) this.pairUp(this.gen, local, remote, now);
    this.wakeChecks(now);
  }

  private pairUp(
    g: Generation,
    local: LocalCandidate,
    remote: RemoteCandidate,
    now: number,
  ): CandidatePair | undefined {
    if (!CheckList.canPair(local, remote)) return undefined;
    if (this.options.relayOnly && local.relayId === undefined) return undefined;
    const pair = g.checklist.add(local, remote);
    // RFC 8656 §9: a relayed candidate needs a permission for the peer before checks can flow.
    if (pair && local.relayId !== undefined) {
      const entry = this.relays.byId(local.relayId);
      if (entry) {
        entry.allocation.ensurePermission(remote.ip, now);
        this.relays.drain(entry, now);
      }
    }
    return pair;
  }

  // ---- connectivity checks (RFC 8445 §6.1.4, §7.2) ----

  private wakeChecks(now: number): void {
    if (this.lite || this.closed || this.nextCheckAt !== undefined) return;
    if (!this.gen.hasRemoteCredentials) return;
    if (!this.gen.checklist.hasPending()) return;
    this.nextCheckAt = Math.max(now, this.lastCheckAt + this.ta);
  }

  private runCheckTimer(now: number): void {
    if (this.nextCheckAt === undefined || now < this.nextCheckAt) return;
    this.nextCheckAt = undefined;
    const g = this.gen;
    if (!g.hasRemoteCredentials) return;
    // RFC 8445 §8.1.2: once a pair is nominated only triggered checks continue.
    const pair = g.nominated
      ? g.checklist.hasTriggered()
        ? g.checklist.nextPair()
        : undefined
      : g.checklist.nextPair();
    if (!pair) return;
    this.sendCheck(pair, g, now);
    this.lastCheckAt = now;
    if (g.checklist.hasPending()) this.nextCheckAt = now + this.ta;
  }

  private sendCheck(pair: CandidatePair, g: Generation, now: number): void {
    this.tracker.cancel((c) => c.kind === 'check' && c.pair === pair);
    pair.state = 'in-progress';
    const useCandidate =
      this.role === 'controlling' && (pair.useCandidate || this.options.aggressiveNomination === true);
    const transactionId = this.newTransactionId();
    const bytes = encodeCheckRequest({
      transactionId,
      credentials: g,
      role: this.role,
      tieBreaker: this.tieBreaker,
      priority: checkPriority(pair.local),
      useCandidate,
    });
    this.tracker.start(
      transactionId,
      { kind: 'check', pair, gen: g, useCandidate, role: this.role },
      () => {
        pair.stats.requestsSent++;
        this.sendFrom(pair.local, pair.remoteAddress, bytes, now);
      },
      (ctx, t) => this.onCheckTimeout(ctx, t),
      this.checkPolicy,
      now,
    );
  }

  private onCheckTimeout(ctx: TxContext, now: number): void {
    if (ctx.kind === 'check') {
      ctx.pair.state = 'failed';
      ctx.pair.useCandidate = false;
      this.updateConnectionState(now);
    } else if (ctx.kind === 'srflx') {
      this.gatherDone(`srflx:${ctx.host.socketId}:${ctx.server.address}:${ctx.server.port}`);
    }
  }

  /** Sends bytes from a local candidate: directly from its socket or through its TURN allocation. */
  private sendFrom(local: LocalCandidate, to: Address, data: Uint8Array, _now: number): boolean {
    if (local.relayId !== undefined) {
      const entry = this.relays.byId(local.relayId);
      return entry ? this.relays.sendTo(entry, to, data) : false;
    }
    this.pushTransmit({ socketId: local.socketId, to, data });
    return true;
  }

  // ---- input ----

  /** A datagram received on one of the driver's UDP sockets. Never throws on bad input. */
  handleDatagram(d: ReceivedDatagram, now: number): void {
    if (this.closed) return;
    const relay = this.relays.forDatagram(d.socketId, d.from);
    // A server can be both our STUN and TURN server: Binding answers to our own requests stay here.
    const ours = isStunPacket(d.data) && this.tracker.peek(d.data.subarray(8, 20)) !== undefined;
    if (relay && !ours) {
      relay.allocation.handleFrame(d.data, now);
      this.relays.drain(relay, now);
      return;
    }
    const local = this.hostCandidates.get(d.socketId);
    if (!local) {
      this.counters.droppedData++;
      return;
    }
    this.handlePacket(local, d.from, d.data, now);
  }

  /** The driver connected a stream socket it was asked to open. */
  handleStreamConnected(socketId: string, now: number): void {
    this.relays.streamConnected(socketId, now);
  }

  handleStreamData(socketId: string, bytes: Uint8Array, now: number): void {
    if (!this.closed) this.relays.streamData(socketId, bytes, now);
  }

  handleStreamClosed(socketId: string, now: number): void {
    if (!this.closed) this.relays.streamClosed(socketId, now);
  }

  private handlePacket(local: LocalCandidate, from: Address, data: Uint8Array, now: number): void {
    if (!isStunPacket(data)) {
      this.handleData(local, from, data, now);
      return;
    }
    let msg: DecodedStunMessage;
    try {
      msg = decodeMessage(data);
    } catch {
      this.counters.malformed++;
      return;
    }
    if (msg.method !== StunMethod.Binding) {
      this.counters.malformed++;
      return;
    }
    if (msg.class === 'request') {
      // iceTransportPolicy 'relay': checks reaching a host socket directly are not answered.
      if (this.options.relayOnly && local.relayId === undefined) this.counters.droppedRequests++;
      else this.handleCheckRequest(local, from, msg, now);
    } else if (msg.class === 'success' || msg.class === 'error') this.handleResponse(local, from, msg, now);
    // Binding indications are keepalives (RFC 8445 §11): nothing to do.
  }

  /** A pair on this base towards `from` that passed a check either way (the only ones data may use). */
  private findUsablePair(local: LocalCandidate, from: Address): CandidatePair | undefined {
    const usable = (p: CandidatePair | undefined) =>
      p !== undefined && (p.valid || p.stats.requestsReceived > 0);
    const s = this.selected;
    if (s && s.local === local && sameAddress(s.remoteAddress, from)) return s;
    for (const g of this.generations()) {
      const p = g.checklist.find(local, from.address, from.port);
      if (usable(p)) return p;
    }
    return undefined;
  }

  private handleData(local: LocalCandidate, from: Address, data: Uint8Array, now: number): void {
    const pair = this.findUsablePair(local, from);
    // Only a pair that passed a check (either way) may deliver data: anything else is unauthenticated.
    if (!pair) {
      this.counters.droppedData++;
      return;
    }
    pair.stats.packetsReceived++;
    pair.stats.bytesReceived += data.length;
    pair.stats.lastPacketReceivedTimestamp = now;
    this.emit({ type: 'data', data, pair: this.info(pair) });
  }

  private generations(): Generation[] {
    return this.prevGen ? [this.gen, this.prevGen] : [this.gen];
  }

  /** RFC 8445 §7.3: answer a connectivity check after verifying it; never act on a bad one. */
  private handleCheckRequest(
    local: LocalCandidate,
    from: Address,
    msg: DecodedStunMessage,
    now: number,
  ): void {
    const v = verifyCheckRequest(msg, this.generations());
    if (typeof v === 'string') {
      this.counters.droppedRequests++;
      this.rejections[v] = (this.rejections[v] ?? 0) + 1;
      return;
    }
    const g = v.credentials as Generation;
    // RFC 8445 §7.3.1.1: role conflict resolution by tie-breaker.
    if (!this.lite && v.remoteRole === this.role) {
      this.counters.roleConflicts++;
      const weWin = this.tieBreaker >= v.remoteTieBreaker;
      if (this.role === 'controlling' ? weWin : !weWin) {
        this.sendFrom(local, from, encodeRoleConflict(msg.transactionId, g.localPwd), now);
        return;
      }
      this.switchRole(this.role === 'controlling' ? 'controlled' : 'controlling', now);
    }
    this.sendFrom(local, from, encodeCheckSuccess(msg.transactionId, from, g.localPwd), now);
    let remote = g.findRemote(from.address, from.port);
    if (!remote) {
      if (g.remotes.length >= MAX_REMOTE_CANDIDATES) return;
      // RFC 8445 §7.3.1.3: an unknown source is a peer-reflexive remote candidate.
      remote = {
        candidate: {
          foundation: computeFoundation({ type: 'prflx', baseAddress: from.address, transport: 'udp' }),
          component: 1,
          transport: 'udp',
          priority: v.priority,
          address: from.address,
          port: from.port,
          type: 'prflx',
        },
        ip: from.address,
        family: familyOf(from.address) ?? local.family,
      };
      g.remotes.push(remote);
    }
    let pair = g.checklist.find(local, remote.ip, remote.candidate.port);
    if (!pair) {
      const wasEmpty = g.checklist.pairs.length === 0;
      pair = this.pairUp(g, local, remote, now);
      if (!pair) return;
      if (wasEmpty) this.updateConnectionState(now);
    }
    pair.stats.requestsReceived++;
    pair.stats.responsesSent++;
    if (this.lite) {
      // RFC 8445 §2.5: a lite agent selects what the controlling agent nominates.
      pair.state = 'succeeded';
      pair.valid = true;
      if (v.useCandidate) {
        pair.nominated = true;
        this.updateSelected(g, now);
      }
      this.updateConnectionState(now);
      return;
    }
    if (g !== this.gen) return;
    // RFC 8445 §7.3.1.4: triggered check unless the pair already succeeded.
    if (pair.state !== 'succeeded' && pair.state !== 'in-progress') {
      g.checklist.trigger(pair);
      this.wakeChecks(now);
    }
    // RFC 8445 §7.3.1.5: USE-CANDIDATE nominates on the controlled side.
    if (v.useCandidate && this.role === 'controlled') {
      if (pair.state === 'succeeded') {
        pair.nominated = true;
        this.updateSelected(g, now);
      } else {
        pair.nominateOnSuccess = true;
      }
    }
    this.updateConnectionState(now);
  }

  private handleResponse(local: LocalCandidate, from: Address, msg: DecodedStunMessage, now: number): void {
    const pending = this.tracker.peek(msg.transactionId);
    if (!pending) {
      this.counters.droppedResponses++;
      return;
    }
    const ctx = pending.context;
    if (ctx.kind === 'srflx') {
      if (!sameAddress(from, ctx.server) || local.socketId !== ctx.host.socketId) {
        this.counters.droppedResponses++;
        return;
      }
      this.tracker.take(msg.transactionId);
      const mapped =
        getAttribute(msg, 'XOR-MAPPED-ADDRESS')?.value ?? getAttribute(msg, 'MAPPED-ADDRESS')?.value;
      if (msg.class === 'success' && mapped) this.addSrflx(ctx.host, mapped, ctx.server, now);
      this.gatherDone(`srflx:${ctx.host.socketId}:${ctx.server.address}:${ctx.server.port}`);
      return;
    }
    // RFC 8445 §7.2.5.1: responses are authenticated with the peer's password.
    const key = shortTermKey(ctx.gen.remotePwd ?? '');
    if (!verifyIntegritySha1(msg, key) || (msg.fingerprintOffset >= 0 && !verifyFingerprint(msg))) {
      this.counters.droppedResponses++;
      return;
    }
    this.tracker.take(msg.transactionId);
    const pair = ctx.pair;
    // RFC 8445 §7.2.5.2.1: the response must come from where the request went, on the same base.
    const symmetric = pair.local === local && sameAddress(from, pair.remoteAddress);
    if (ctx.kind === 'consent') {
      if (symmetric && msg.class === 'success') {
        this.recordRtt(pair, pending.lastSentAt, now);
        if (pair === this.selected) {
          this.consent.refreshed(now);
          this.consent.evaluate(now);
        }
        this.updateConnectionState(now);
      }
      return;
    }
    if (!symmetric) {
      pair.state = 'failed';
      this.updateConnectionState(now);
      return;
    }
    if (msg.class === 'error') {
      const code = getAttribute(msg, 'ERROR-CODE')?.value.code;
      if (code === 487) {
        // RFC 8445 §7.2.5.1: switch to the role opposite of the one the request claimed, retry.
        this.counters.roleConflicts++;
        const next: IceRole = ctx.role === 'controlling' ? 'controlled' : 'controlling';
        if (next !== this.role) this.switchRole(next, now);
        ctx.gen.checklist.trigger(pair);
        this.wakeChecks(now);
      } else {
        pair.state = 'failed';
        this.updateConnectionState(now);
      }
      return;
    }
    this.recordRtt(pair, pending.lastSentAt, now);
    const g = ctx.gen;
    pair.state = 'succeeded';
    pair.valid = true;
    g.firstValidAt ??= now;
    g.checklist.unfreezeFoundation(pair.foundation);
    // RFC 8445 §7.2.5.3.1: an unknown mapped address is a peer-reflexive local candidate.
    const mapped = getAttribute(msg, 'XOR-MAPPED-ADDRESS')?.value;
    if (
      mapped &&
      !this.localCandidates.some((c) => sameAddress(c.candidate, mapped) && c.socketId === local.socketId)
    ) {
      if (this.localCandidates.length < 64)
        this.localCandidates.push(prflxLocalCandidate(local, mapped, checkPriority(local)));
    }
    if (local.relayId !== undefined) {
      const entry = this.relays.byId(local.relayId);
      if (entry) {
        entry.allocation.bindChannel(pair.remoteAddress, now);
        this.relays.drain(entry, now);
      }
    }
    if (
      (ctx.useCandidate && this.role === 'controlling') ||
      (pair.nominateOnSuccess && this.role === 'controlled')
    ) {
      pair.nominated = true;
    }
    this.updateSelected(g, now);
    this.maybeNominate(now);
    this.updateConnectionState(now);
  }

  private recordRtt(pair: CandidatePair, sentAt: number, now: number): void {
    const rtt = now - sentAt;
    pair.stats.responsesReceived++;
    pair.stats.currentRoundTripTime = rtt;
    pair.stats.totalRoundTripTime += rtt;
    pair.stats.roundTripTimeMeasurements++;
  }

  private switchRole(role: IceRole, now: number): void {
    this.role = role;
    for (const g of this.generations()) {
      g.checklist.setControlling(role === 'controlling');
      if (role === 'controlled') for (const p of g.checklist.pairs) p.useCandidate = false;
    }
    this.emit({ type: 'role', role });
    this.maybeNominate(now);
  }

  // ---- nomination and selection (RFC 8445 §8) ----

  /** Regular nomination: the controlling agent nominates the best valid pair once better ones are done. */
  private maybeNominate(now: number): void {
    const g = this.gen;
    if (this.lite || this.role !== 'controlling' || g.nominated) return;
    if (g.checklist.pairs.some((p) => p.useCandidate)) return;
    const best = g.checklist.bestValid();
    if (!best) return;
    const betterPending = g.checklist.pairs.some(
      (p) => p.priority > best.priority && p.state !== 'succeeded' && p.state !== 'failed',
    );
    if (betterPending && now < (g.firstValidAt ?? now) + this.nominationDelay) return;
    best.useCandidate = true;
    g.checklist.trigger(best);
    this.wakeChecks(now);
  }

  private nominationDeadline(): number | undefined {
    const g = this.gen;
    if (this.lite || this.role !== 'controlling' || g.nominated || g.firstValidAt === undefined)
      return undefined;
    if (g.checklist.pairs.some((p) => p.useCandidate)) return undefined;
    return g.firstValidAt + this.nominationDelay;
  }

  private updateSelected(g: Generation, now: number): void {
    const best = g.checklist.pairs.find((p) => p.nominated && p.valid);
    if (!best || best === this.selected) return;
    g.nominated = best;
    this.selected = best;
    this.selectedGen = g;
    if (g === this.gen && this.prevGen) {
      // RFC 8445 §9: the restart completed; the old generation is done.
      const old = this.prevGen;
      this.prevGen = undefined;
      this.tracker.cancel((c) => c.kind !== 'srflx' && c.gen === old);
    }
    if (!this.lite) this.consent.start(now);
    this.emit({ type: 'selected-pair', pair: this.info(best) });
  }

  private info(pair: CandidatePair): PairInfo {
    let i = this.pairInfo.get(pair.id);
    if (!i) {
      if (this.pairInfo.size > 256) this.pairInfo.clear();
      i = {
        id: pair.id,
        local: pair.local.candidate,
        remote: pair.remote.candidate,
        socketId: pair.local.socketId,
        remoteAddress: pair.remoteAddress,
        relayed: pair.local.relayId !== undefined,
      };
      this.pairInfo.set(pair.id, i);
    }
    return i;
  }

  // ---- consent freshness (RFC 7675) ----

  private runConsent(now: number): void {
    const pair = this.selected;
    const g = this.selectedGen;
    if (!pair || !g || this.lite) return;
    if (this.consent.checkDue(now)) {
      this.tracker.cancel((c) => c.kind === 'consent');
      const transactionId = this.newTransactionId();
      const bytes = encodeCheckRequest({
        transactionId,
        credentials: g,
        role: this.role,
        tieBreaker: this.tieBreaker,
        priority: checkPriority(pair.local),
        useCandidate: false,
      });
      pair.stats.consentRequestsSent++;
      this.tracker.start(
        transactionId,
        { kind: 'consent', pair, gen: g },
        () => {
          pair.stats.requestsSent++;
          this.sendFrom(pair.local, pair.remoteAddress, bytes, now);
        },
        () => {},
        CONSENT_POLICY,
        now,
      );
    }
    if (this.consent.evaluate(now) && this.consent.expired) {
      // RFC 7675 §5.1: consent expired: stop sending on the pair, and everything else with it.
      this.tracker.cancel((c) => c.kind === 'consent');
    }
  }

  // ---- states ----

  private updateConnectionState(now: number): void {
    void now;
    let state: ConnectionState;
    const g = this.gen;
    if (this.closed) state = 'closed';
    else if (this.selected) {
      if (this.consent.expired) state = 'failed';
      else if (this.consent.disconnected) state = 'disconnected';
      else if (
        g.nominated &&
        this.gatheringState === 'complete' &&
        g.remoteEndOfCandidates &&
        !g.checklist.hasPending() &&
        !g.checklist.pairs.some((p) => p.state === 'in-progress')
      )
        state = 'completed';
      else state = 'connected';
    } else if (g.checklist.pairs.length === 0) {
      state = this.connectionState === 'new' ? 'new' : this.connectionState;
    } else if (
      g.checklist.isDone() &&
      g.remoteEndOfCandidates &&
      g.pendingMdns.size === 0 &&
      this.gatheringState === 'complete' &&
      !this.lite
    ) {
      state = 'failed';
    } else state = 'checking';
    if (state !== this.connectionState) {
      this.connectionState = state;
      this.emit({ type: 'connection-state', state });
    }
  }

  // ---- timers and output ----

  handleTimeout(now: number): void {
    if (this.closed) return;
    this.tracker.handleTimeout(now);
    this.relays.handleTimeout(now);
    this.runCheckTimer(now);
    const nd = this.nominationDeadline();
    if (nd !== undefined && now >= nd) this.maybeNominate(now);
    this.runConsent(now);
    this.updateConnectionState(now);
  }

  nextDeadline(): number | undefined {
    if (this.closed) return undefined;
    let min: number | undefined;
    const consider = (t: number | undefined) => {
      if (t !== undefined && (min === undefined || t < min)) min = t;
    };
    consider(this.tracker.nextDeadline());
    consider(this.relays.nextDeadline());
    consider(this.nextCheckAt);
    consider(this.nominationDeadline());
    if (this.selected && !this.lite) consider(this.consent.nextDeadline());
    return min;
  }

  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  pollEvent(): IceEvent | undefined {
    return this.events.shift();
  }

  /** Sends application bytes (DTLS/RTP) on the selected pair. False when there is none or consent expired. */
  send(data: Uint8Array, now: number): boolean {
    const pair = this.selected;
    if (this.closed || !pair || this.consent.expired) {
      this.counters.sendRefused++;
      return false;
    }
    if (!this.sendFrom(pair.local, pair.remoteAddress, data, now)) {
      this.counters.sendRefused++;
      return false;
    }
    pair.stats.packetsSent++;
    pair.stats.bytesSent += data.length;
    pair.stats.lastPacketSentTimestamp = now;
    return true;
  }

  get selectedPair(): PairInfo | undefined {
    return this.selected ? this.info(this.selected) : undefined;
  }

  /**
   * RFC 8445 §9: ICE restart: new local ufrag/pwd, a fresh check list; the current selected pair keeps
   * carrying data (and consent) until the new generation selects one. Local candidates are re-emitted.
   */
  restart(now: number, role: IceRole = this.role): void {
    if (this.closed) throw new IceError('invalid-state', 'agent is closed');
    const old = this.gen;
    this.tracker.cancel((c) => c.kind === 'check' && c.gen === old);
    this.prevGen =
      this.selectedGen === old ? old : this.selectedGen === this.prevGen ? this.prevGen : undefined;
    if (role !== this.role && !this.lite) this.switchRole(role, now);
    this.gen = new Generation(
      randomIceString(8, this.random),
      randomIceString(24, this.random),
      this.role === 'controlling',
      this.maxPairs,
    );
    this.nextCheckAt = undefined;
    if (this.gatherStarted) {
      this.gatheringState = 'new';
      this.setGathering('gathering');
      for (const c of this.localCandidates) if (c.candidate.type !== 'prflx') this.emitLocal(c);
      this.emit({ type: 'end-of-candidates' });
      this.setGathering('complete');
    }
    this.updateConnectionState(now);
  }

  /** Releases everything: TURN allocations are deallocated (Refresh lifetime 0), timers stop. */
  close(now: number): void {
    if (this.closed) return;
    this.relays.close(now);
    this.tracker.clear();
    this.consent.stop();
    this.nextCheckAt = undefined;
    this.closed = true;
    this.updateConnectionState(now);
  }

  getStats(): AgentStats {
    const pairs: PairStatsReport[] = [];
    const seen = new Set<CandidatePair>();
    const add = (p: CandidatePair) => {
      if (seen.has(p)) return;
      seen.add(p);
      pairs.push({
        ...p.stats,
        id: p.id,
        localCandidate: p.local.candidate,
        remoteCandidate: p.remote.candidate,
        state: p.state,
        nominated: p.nominated,
        selected: p === this.selected,
        priority: p.priority,
      });
    };
    for (const g of this.generations()) for (const p of g.checklist.pairs) add(p);
    if (this.selected) add(this.selected);
    return { ...this.counters, pairs };
  }

  /** Local candidates gathered so far (host, srflx, relay; peer-reflexive ones excluded). */
  getLocalCandidates(): Candidate[] {
    return this.localCandidates
      .filter(
        (c) => c.candidate.type !== 'prflx' && (!this.options.relayOnly || c.candidate.type === 'relay'),
      )
      .map((c) => c.candidate);
  }
}
