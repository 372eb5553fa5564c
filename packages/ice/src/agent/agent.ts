import { isStunPacket } from '@rtc/stun';
import { familyOf } from '../candidate/address.js';
import { isEndOfCandidates, parseCandidate } from '../candidate/grammar.js';
import type { Candidate } from '../candidate/types.js';
import type { CandidatePair, RemoteCandidate } from '../checklist/pair.js';
import { IceError } from '../errors.js';
import { CONSENT_POLICY } from './agent-base.js';
import { CheckingAgent } from './checks.js';
import { encodeCheckRequest } from './connectivity-check.js';
import { randomIceString } from './credentials.js';
import { CheckListFailureTimer } from './failure-timer.js';
import { Generation, MAX_REMOTE_CANDIDATES } from './generation.js';
import { checkPriority } from './local-candidates.js';
import type {
  AgentStats,
  ConnectionState,
  IceEvent,
  IceRole,
  PairInfo,
  PairStatsReport,
  ReceivedDatagram,
  Transmit,
} from './types.js';

/**
 * A sans-I/O ICE agent (RFC 8445) with ICE-lite, trickle, TURN relays (RFC 8656) and consent freshness
 * (RFC 7675). Feed it with handleDatagram/handleTimeout and API calls; drain pollTransmit/pollEvent;
 * call handleTimeout again at nextDeadline().
 */
export class IceAgent extends CheckingAgent {
  /** Fails an exhausted check list when the peer never sends end-of-candidates (RFC 8838 §8). */
  protected readonly failureTimer = new CheckListFailureTimer(this.options.checkListFailTimeout ?? 30_000);

  // ---- remote side ----

  /**
   * Sets the peer's ufrag and password (from its SDP). A different ufrag than before on a connected
   * agent means the peer restarted ICE. RFC 8445 §6.1.1: a full agent facing a lite peer controls.
   */
  setRemoteCredentials(ufrag: string, pwd: string, opts: { lite?: boolean }, now: number): void {
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
      const pending = (this.gen.pendingMdns ??= new Map());
      const list = pending.get(name);
      if (list) {
        if (list.length < 8) list.push(c);
      } else if (pending.size < MAX_REMOTE_CANDIDATES) {
        pending.set(name, [c]);
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
    const list = this.gen.pendingMdns?.get(key);
    if (!list) return;
    this.gen.pendingMdns!.delete(key);
    const family = ip === undefined ? undefined : familyOf(ip);
    if (ip !== undefined && family) for (const c of list) this.addResolvedRemote(c, ip, family, now);
    this.updateConnectionState(now);
  }

  protected addResolvedRemote(c: Candidate, ip: string, family: 'IPv4' | 'IPv6', now: number): void {
    const g = this.gen;
    const existing = g.findRemote(ip, c.port);
    if (existing) {
      // RFC 8445 §7.3.1.3: a signalled candidate replaces a peer-reflexive one learned earlier. Its
      // pairs were ranked with the PRIORITY of the peer's check (prflx type preference); they take
      // the signalled priority now, or a lower-priority pair would look better and hold back
      // nomination of the pair already in use (seen when checks arrive before the answer).
      if (existing.candidate.type === 'prflx') {
        existing.candidate = { ...c };
        g.checklist.reprioritize();
        this.maybeNominate(now);
      }
      return;
    }
    if (g.remotes.length >= MAX_REMOTE_CANDIDATES) return;
    const remote: RemoteCandidate = { candidate: c, ip, family };
    g.remotes.push(remote);
    this.failureTimer.reset();
    if (this.lite) return;
    for (const local of this.localCandidates) this.pairUp(g, local, remote, now);
    this.wakeChecks(now);
    this.updateConnectionState(now);
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

  // ---- consent freshness (RFC 7675) ----

  protected runConsent(now: number): void {
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

  // ---- freeing candidates (RFC 8445 §8.3.1) ----

  protected releaseDeadline(): number | undefined {
    const after = this.options.releaseUnusedAfter;
    if (after === undefined || this.selectedAt === undefined || this.prevGen) return undefined;
    return this.selectedAt + after;
  }

  /**
   * Frees host sockets that no nominated pair and no TURN allocation uses. RFC 8445 §8.3.1 frees
   * only candidates outside the selected pairs, and with several nominations every nominated pair
   * is one (§8.1.1): the controlling agent may move its data to any of them (see followPeer), and a
   * socket closed under it loses everything sent there until the peer notices the pair died.
   */
  protected releaseUnused(now: number): void {
    const due = this.releaseDeadline();
    if (due === undefined || now < due) return;
    // Cleared first: a due deadline that is never consumed would make the driver spin.
    this.selectedAt = undefined;
    if (!this.selected) return;
    const keep = new Set([this.selected.local.socketId, ...this.relays.entries.map((e) => e.socketId)]);
    for (const g of this.generations())
      for (const p of g.checklist.pairs) if (p.nominated) keep.add(p.local.socketId);
    for (const host of this.hosts.filter((h) => !keep.has(h.socketId))) {
      const id = host.socketId;
      this.hosts.splice(this.hosts.indexOf(host), 1);
      this.hostCandidates.delete(id);
      for (let i = this.localCandidates.length - 1; i >= 0; i--) {
        const c = this.localCandidates[i]!;
        if (c.socketId === id && c.relayId === undefined) this.localCandidates.splice(i, 1);
      }
      for (const g of this.generations()) {
        for (const p of [...g.checklist.pairs]) if (p.local.socketId === id) g.checklist.remove(p);
      }
      this.tracker.cancel((c) => (c.kind === 'srflx' ? c.host.socketId : c.pair.local.socketId) === id);
      this.emit({ type: 'release-socket', socketId: id });
    }
    this.pairInfo = undefined;
    // The lists that grew while gathering and checking now hold what the connection keeps: copied
    // into storage of their size (push leaves room for ~16 more entries in each).
    this.hosts = this.hosts.slice();
    this.localCandidates = this.localCandidates.slice();
    for (const g of this.generations()) g.compact();
  }

  // ---- states ----

  protected override updateConnectionState(now: number): void {
    void now;
    let state: ConnectionState;
    const g = this.gen;
    // Nothing left to try: every pair failed, or there are none and there will be none (the peer
    // signalled end-of-candidates, gathering is done, no mDNS name is being resolved). Either way
    // the check list fails once the timer runs out without news from the peer (a peer-reflexive
    // candidate from its checks would make a pair and stop it).
    const noPairsEver =
      g.checklist.pairs.length === 0 &&
      g.remoteEndOfCandidates &&
      this.gatheringState === 'complete' &&
      !g.pendingMdns?.size;
    const exhausted =
      !this.closed &&
      !this.selected &&
      !this.lite &&
      (noPairsEver || (g.checklist.pairs.length > 0 && g.checklist.pairs.every((p) => p.state === 'failed')));
    const timedOut = this.failureTimer.update(exhausted, now);
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
    } else if (this.options.sendBeforeSelection && g.checklist.bestValid()) {
      // webrtc-pc §5.6 'connected': a usable pair, checks go on. send() uses it (RFC 8445 §12).
      state = 'connected';
    } else if (g.checklist.pairs.length === 0) {
      state = timedOut ? 'failed' : this.connectionState;
    } else if (
      timedOut ||
      // RFC 8445 §7.2.5.3.3: a done list fails only without a valid pair (which awaits nomination).
      (g.checklist.isDone() &&
        !g.checklist.bestValid() &&
        g.remoteEndOfCandidates &&
        !g.pendingMdns?.size &&
        this.gatheringState === 'complete' &&
        !this.lite)
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
    this.runGatherTimer(now);
    this.runCheckTimer(now);
    const nd = this.nominationDeadline();
    if (nd !== undefined && now >= nd) this.maybeNominate(now);
    this.runConsent(now);
    if (this.prevGenUntil !== undefined && now >= this.prevGenUntil) this.dropPreviousGeneration();
    this.releaseUnused(now);
    this.updateConnectionState(now);
    // Queues emptied by the driver give their grown storage back at a timer (not per datagram, where
    // the next push would allocate it again): an idle agent keeps empty queues only.
    if (this.transmits.length === 0) this.transmits.length = 0;
    if (this.events.length === 0) this.events.length = 0;
    for (const g of this.generations()) g.checklist.compact();
  }

  /** Called by the driver after every input (every datagram): no allocation on this path. */
  nextDeadline(): number | undefined {
    if (this.closed) return undefined;
    let min = earlier(this.tracker.nextDeadline(), this.relays.nextDeadline());
    min = earlier(min, this.nextCheckAt);
    min = earlier(min, this.nextGatherAt);
    min = earlier(min, this.nominationDeadline());
    min = earlier(min, this.releaseDeadline());
    min = earlier(min, this.prevGenUntil);
    if (this.connectionState !== 'failed') min = earlier(min, this.failureTimer.deadline());
    if (this.selected && !this.lite) min = earlier(min, this.consent.nextDeadline());
    return min;
  }

  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  pollEvent(): IceEvent | undefined {
    return this.events.shift();
  }

  /**
   * Sends application bytes (DTLS/RTP) on the selected pair (with sendBeforeSelection, until one is
   * selected, on the best valid pair: RFC 8445 §12). False when there is none or consent expired.
   */
  send(data: Uint8Array, now: number): boolean {
    const pair =
      this.selected ?? (this.options.sendBeforeSelection ? this.gen.checklist.bestValid() : undefined);
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
    this.prevGenUntil = undefined;
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
        // A valid pair has succeeded (RFC 8445 §7.2.5.3.2), also while it is checked again (the
        // nomination check sends it back to waiting/in-progress in the check list).
        state: p.valid && (p.state === 'waiting' || p.state === 'in-progress') ? 'succeeded' : p.state,
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

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || (b !== undefined && b < a) ? b : a;
}
