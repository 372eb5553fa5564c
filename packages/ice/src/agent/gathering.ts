import { encodeMessage, StunMethod } from '@rtc/stun';
import { type Address, familyOf, isLoopback, sameAddress } from '../candidate/address.js';
import type { LocalCandidate } from '../candidate/types.js';
import { CheckList } from '../checklist/check-list.js';
import type { CandidatePair, RemoteCandidate } from '../checklist/pair.js';
import type { TurnEvent } from '../turn/types.js';
import { AgentBase, SRFLX_POLICY } from './agent-base.js';
import type { Generation } from './generation.js';
import { hostCandidate, relayCandidate, srflxCandidate } from './local-candidates.js';
import type { RelayEntry } from './relays.js';
import type { GatheringState, HostSocket } from './types.js';

/** RFC 8445 §5.1.1: gathering host, server-reflexive and relayed candidates, and pairing them up. */
export abstract class GatheringAgent extends AgentBase {
  /**
   * RFC 8445 §5.1.1 (and RFC 8489 §6.2.1 on not flooding the network): gathering transactions (STUN
   * Binding to STUN servers, TURN Allocate over UDP) start one per Ta, not all at once. Checks keep
   * their own Ta schedule.
   */
  private readonly gatherQueue: Array<(now: number) => void> = [];
  protected nextGatherAt: number | undefined;
  private lastGatherAt = Number.NEGATIVE_INFINITY;

  /** Queues a gathering transaction; it starts at once when the previous one started Ta ago. */
  protected paceGather(start: (now: number) => void, now: number): void {
    this.gatherQueue.push(start);
    this.nextGatherAt ??= Math.max(now, this.lastGatherAt + this.ta);
    this.runGatherTimer(now);
  }

  protected runGatherTimer(now: number): void {
    if (this.nextGatherAt === undefined || now < this.nextGatherAt) return;
    this.nextGatherAt = undefined;
    const start = this.gatherQueue.shift();
    if (!start) return;
    this.lastGatherAt = now;
    if (this.gatherQueue.length > 0) this.nextGatherAt = now + this.ta;
    start(now);
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
      this.relays.start(
        this.options.turnServers ?? [],
        (s) => this.pickHost(s),
        now,
        (run) => this.paceGather(run, now),
      );
      for (const e of this.relays.entries) (this.gatherPending ??= new Set()).add(`turn:${e.id}`);
    }
    this.maybeGatheringComplete();
  }

  protected pickHost(server: Address): HostSocket | undefined {
    const family = familyOf(server.address);
    const same = this.hosts.filter((h) => (h.family ?? familyOf(h.address)) === family);
    return same.find((h) => isLoopback(h.address) === isLoopback(server.address)) ?? same[0];
  }

  protected startSrflx(host: HostSocket, now: number): void {
    const family = host.family ?? familyOf(host.address);
    for (const server of this.stunServers) {
      if (familyOf(server.address) !== family) continue;
      const key = `srflx:${host.socketId}:${server.address}:${server.port}`;
      (this.gatherPending ??= new Set()).add(key);
      const transactionId = this.newTransactionId();
      const bytes = encodeMessage(
        { class: 'request', method: StunMethod.Binding, transactionId, attributes: [] },
        { fingerprint: true },
      );
      const to = { address: server.address, port: server.port };
      this.paceGather((t) => {
        // The host socket may have been released while this waited its turn.
        if (this.closed || this.hostCandidates.get(host.socketId) === undefined) {
          this.gatherDone(key);
          return;
        }
        this.tracker.start(
          transactionId,
          { kind: 'srflx', host, server: to },
          () => this.pushTransmit({ socketId: host.socketId, to, data: bytes }),
          () => this.gatherDone(key),
          SRFLX_POLICY,
          t,
        );
      }, now);
    }
  }

  protected gatherDone(key: string): void {
    this.gatherPending?.delete(key);
    if (this.gatherPending?.size === 0) this.gatherPending = undefined;
    this.maybeGatheringComplete();
  }

  protected maybeGatheringComplete(): void {
    if (this.gatherStarted && !this.gatherPending?.size && this.gatheringState === 'gathering') {
      this.emit({ type: 'end-of-candidates' });
      this.setGathering('complete');
    }
  }

  protected setGathering(state: GatheringState): void {
    if (this.gatheringState === state) return;
    this.gatheringState = state;
    this.emit({ type: 'gathering-state', state });
  }

  protected emitLocal(local: LocalCandidate): void {
    if (this.options.relayOnly && local.candidate.type !== 'relay') return;
    this.emit({ type: 'local-candidate', candidate: { ...local.candidate, ufrag: this.gen.localUfrag } });
  }

  protected addSrflx(host: HostSocket, mapped: Address, server: Address, now: number): void {
    // RFC 8445 §5.1.3: a srflx equal to its base or to another candidate is redundant.
    if (sameAddress(mapped, host) && !this.options.keepRedundantSrflx) return;
    if (this.localCandidates.some((c) => c.candidate.type === 'srflx' && sameAddress(c.candidate, mapped)))
      return;
    const local = srflxCandidate(host, mapped, server);
    this.localCandidates.push(local);
    this.emitLocal(local);
    void now;
  }

  protected override onTurnEvent(entry: RelayEntry, e: TurnEvent, now: number): void {
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

  protected pairLocal(local: LocalCandidate, now: number): void {
    if (this.lite) return;
    for (const remote of this.gen.remotes) this.pairUp(this.gen, local, remote, now);
    this.wakeChecks(now);
  }

  protected pairUp(
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
}
