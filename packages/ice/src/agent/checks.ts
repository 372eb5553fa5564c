import {
  type DecodedStunMessage,
  decodeMessage,
  getAttribute,
  isStunPacket,
  StunMethod,
  shortTermKey,
  verifyFingerprint,
  verifyIntegritySha1,
} from '@rtc/stun';
import { type Address, familyOf, sameAddress } from '../candidate/address.js';
import { computeFoundation } from '../candidate/foundation.js';
import type { LocalCandidate } from '../candidate/types.js';
import type { CandidatePair } from '../checklist/pair.js';
import type { TxContext } from './agent-base.js';
import {
  authenticateCheck,
  encodeCheckRequest,
  encodeCheckSuccess,
  encodeRoleConflict,
  encodeUnknownAttributes,
  readCheckAttributes,
  unknownCheckAttributes,
} from './connectivity-check.js';
import { GatheringAgent } from './gathering.js';
import { type Generation, MAX_REMOTE_CANDIDATES } from './generation.js';
import { checkPriority, prflxLocalCandidate } from './local-candidates.js';
import type { IceRole } from './types.js';

/** RFC 8445 §14.2: the default Ta (ms). */
const DEFAULT_TA = 50;

/**
 * After an ICE restart selects, how long the previous generation's pairs still take the peer's data
 * at most: the RFC 7675 §5.1 consent timeout, after which the peer could not use them anyway.
 */
export const PREV_GENERATION_GRACE_MS = 30_000;

/** RFC 8445 §6.1.4, §7, §8: connectivity checks, answering the peer's checks, nomination. */
export abstract class CheckingAgent extends GatheringAgent {
  // ---- connectivity checks (RFC 8445 §6.1.4, §7.2) ----

  protected override wakeChecks(now: number): void {
    if (this.lite || this.closed) return;
    if (!this.gen.hasRemoteCredentials) return;
    if (!this.gen.checklist.hasPending()) return;
    // RFC 8445 §6.1.4.2: the next check leaves Ta after the last one (at once when that has passed).
    const at = Math.max(now, this.lastCheckAt + this.ta);
    if (this.nextCheckAt === undefined || at < this.nextCheckAt) this.nextCheckAt = at;
  }

  protected runCheckTimer(now: number): void {
    if (this.nextCheckAt === undefined || now < this.nextCheckAt) return;
    this.nextCheckAt = undefined;
    const g = this.gen;
    if (!g.hasRemoteCredentials) return;
    const list = g.checklist;
    let pair: CandidatePair | undefined;
    if (g.nominated) {
      // RFC 8445 §8.1.2: once a pair is nominated, Waiting and Frozen pairs leave the triggered-check
      // queue; only checks already under way (a role-conflict retry) or (re)nominations go on.
      pair = list.nextTriggered(
        (p) => p.state === 'in-progress' || p.useCandidate || p.nominateOnSuccess || p === g.nominated,
      );
    } else if (!list.hasTriggered() && list.pairs[0]?.valid) {
      // The highest-priority pair is valid: ordinary checks below it can only find backups, so they
      // use the default Ta (RFC 8445 §14.2 leaves Ta to the agent) instead of landing between the
      // flights of the handshake starting on the valid pair. Triggered checks keep the short Ta.
      const relaxed = this.lastCheckAt + Math.max(this.ta, DEFAULT_TA);
      if (now < relaxed) {
        this.nextCheckAt = relaxed;
        return;
      }
      pair = list.nextPair();
    } else pair = list.nextPair();
    if (!pair) return;
    this.sendCheck(pair, g, now);
    this.lastCheckAt = now;
    if (list.hasPending()) this.nextCheckAt = now + this.ta;
  }

  protected sendCheck(pair: CandidatePair, g: Generation, now: number): void {
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

  protected onCheckTimeout(ctx: TxContext, now: number): void {
    if (ctx.kind === 'check') {
      ctx.pair.state = 'failed';
      ctx.pair.useCandidate = false;
      this.updateConnectionState(now);
    } else if (ctx.kind === 'srflx') {
      this.gatherDone(`srflx:${ctx.host.socketId}:${ctx.server.address}:${ctx.server.port}`);
    }
  }

  protected override handlePacket(local: LocalCandidate, from: Address, data: Uint8Array, now: number): void {
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
  protected findUsablePair(local: LocalCandidate, from: Address): CandidatePair | undefined {
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

  protected handleData(local: LocalCandidate, from: Address, data: Uint8Array, now: number): void {
    const pair = this.findUsablePair(local, from);
    // Only a pair that passed a check (either way) may deliver data: anything else is unauthenticated.
    if (!pair) {
      this.counters.droppedData++;
      return;
    }
    pair.stats.packetsReceived++;
    pair.stats.bytesReceived += data.length;
    pair.stats.lastPacketReceivedTimestamp = now;
    // Data on the pair the restart selected: the peer has moved, the old generation is done.
    if (pair === this.selected && this.selectedGen === this.gen && this.prevGenUntil !== undefined)
      this.dropPreviousGeneration();
    // The controlling agent sends its data on the pair it uses; a nominated one other than ours
    // means it moved there (see updateSelected). Only a pair of the selected generation can move
    // the selection: data on the previous generation's pairs is taken but changes nothing.
    if (pair !== this.selected && pair.nominated && this.role === 'controlled' && this.selectedGen)
      this.updateSelected(this.selectedGen, now);
    this.emit({ type: 'data', data, pair: this.info(pair) });
  }

  /** RFC 8445 §7.3: answer a connectivity check after verifying it; never act on a bad one. */
  protected handleCheckRequest(
    local: LocalCandidate,
    from: Address,
    msg: DecodedStunMessage,
    now: number,
  ): void {
    const auth = authenticateCheck(msg, this.generations());
    const unknown = typeof auth === 'string' ? [] : unknownCheckAttributes(msg);
    const v =
      typeof auth === 'string'
        ? auth
        : unknown.length > 0
          ? 'unknown-attribute'
          : readCheckAttributes(msg, auth);
    if (typeof v === 'string') {
      this.counters.droppedRequests++;
      this.rejections[v] = (this.rejections[v] ?? 0) + 1;
      // RFC 8489 §6.3.1.1: an authenticated request with comprehension-required attributes we do not
      // understand gets a 420 (protected, §9.1.3) and changes nothing else (RFC 8445 §7.3).
      if (v === 'unknown-attribute' && typeof auth !== 'string')
        this.sendFrom(local, from, encodeUnknownAttributes(msg.transactionId, unknown, auth.localPwd), now);
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

  protected handleResponse(local: LocalCandidate, from: Address, msg: DecodedStunMessage, now: number): void {
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
    // RFC 8489 §6.3.3: a success response with unknown comprehension-required attributes fails the
    // transaction. RFC 8445 §7.2.5.2.4: any error other than 487 (e.g. 420 Unknown Attribute) fails
    // the pair.
    if (msg.class === 'error' || msg.unknownRequired.length > 0) {
      const code = msg.class === 'error' ? getAttribute(msg, 'ERROR-CODE')?.value.code : undefined;
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
    if (g.firstValidAt === undefined) {
      g.firstValidAt = now;
      // RFC 8445 §12: data may flow on a valid pair before one is selected.
      if (this.options.sendBeforeSelection && !this.selected && !pair.nominated)
        this.emit({ type: 'valid-pair', pair: this.info(pair), rtt: pair.stats.currentRoundTripTime });
    }
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

  /** Forgets the generation before the last ICE restart (see updateSelected). */
  protected dropPreviousGeneration(): void {
    this.prevGen = undefined;
    this.prevGenUntil = undefined;
  }

  protected switchRole(role: IceRole, now: number): void {
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
  protected maybeNominate(now: number): void {
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

  protected nominationDeadline(): number | undefined {
    const g = this.gen;
    if (this.lite || this.role !== 'controlling' || g.nominated || g.firstValidAt === undefined)
      return undefined;
    if (g.checklist.pairs.some((p) => p.useCandidate)) return undefined;
    return g.firstValidAt + this.nominationDelay;
  }

  /**
   * RFC 8445 §8.1.1: the nominated pair becomes the selected pair. A controlling agent nominates one
   * pair; a controlled agent may see several nominations and follows the controlling agent's data
   * among them (CheckList.followedNomination), so a later nomination carrying the peer's data moves
   * the selection (and restarts the wait before unused candidates are freed, §8.3.1).
   */
  protected updateSelected(g: Generation, now: number): void {
    const best =
      this.role === 'controlled'
        ? g.checklist.followedNomination()
        : g.checklist.pairs.find((p) => p.nominated && p.valid);
    if (!best || best === this.selected) return;
    g.nominated = best;
    this.selected = best;
    this.selectedGen = g;
    this.selectedAt = now;
    if (g === this.gen && this.prevGen && this.prevGenUntil === undefined) {
      // RFC 8445 §9: the restart completed on our side: the old generation's checks stop. The peer
      // switches when its own new session selects (§12: until then it sends on the old pair), so the
      // old pairs still take its data and answer its consent checks, until data arrives on this pair
      // or the RFC 7675 consent timeout passes (PREV_GENERATION_GRACE_MS).
      const old = this.prevGen;
      this.prevGenUntil = now + PREV_GENERATION_GRACE_MS;
      this.tracker.cancel((c) => c.kind !== 'srflx' && c.gen === old);
    }
    if (!this.lite) this.consent.start(now);
    this.emit({ type: 'selected-pair', pair: this.info(best), rtt: best.stats.currentRoundTripTime });
  }
}
