import { sameAddress } from '../candidate/address.js';
import type { LocalCandidate } from '../candidate/types.js';
import { CandidatePair, type RemoteCandidate } from './pair.js';

/** RFC 8445 §6.1.2.5: an upper bound on pairs so a peer cannot make us check forever. */
export const DEFAULT_MAX_PAIRS = 100;

/**
 * The check list of one data stream (WebRTC bundles everything into one component): pairs sorted by
 * priority, their states, and the triggered-check queue (RFC 8445 §6.1.2, §6.1.4).
 */
export class CheckList {
  pairs: CandidatePair[] = [];
  private readonly triggered: CandidatePair[] = [];

  constructor(
    private controlling: boolean,
    private readonly maxPairs = DEFAULT_MAX_PAIRS,
  ) {}

  /** RFC 8445 §6.1.2.2: a local and a remote candidate pair up when component and family match. */
  static canPair(local: LocalCandidate, remote: RemoteCandidate): boolean {
    return (
      local.candidate.component === remote.candidate.component &&
      local.family === remote.family &&
      local.candidate.transport === 'udp' &&
      remote.candidate.transport === 'udp' &&
      // RFC 8445 §6.1.2.4: srflx locals are replaced by their base, which already pairs as host.
      local.candidate.type !== 'srflx' &&
      local.candidate.type !== 'prflx' &&
      remote.candidate.port !== 0
    );
  }

  find(local: LocalCandidate, remoteIp: string, remotePort: number): CandidatePair | undefined {
    return this.pairs.find(
      (p) => p.local === local && sameAddress(p.remoteAddress, { address: remoteIp, port: remotePort }),
    );
  }

  /** A pair with the same base socket/address and remote transport address (RFC 8445 §6.1.2.4). */
  private redundant(pair: CandidatePair): CandidatePair | undefined {
    return this.pairs.find(
      (p) =>
        p.local.socketId === pair.local.socketId &&
        sameAddress(p.local.base, pair.local.base) &&
        sameAddress(p.remoteAddress, pair.remoteAddress),
    );
  }

  /**
   * Adds a pair (RFC 8445 §6.1.2.2-§6.1.2.6): pruned when redundant, frozen unless no other pair
   * shares its foundation. Returns the pair in the list (maybe an existing one) or undefined when the
   * list is full.
   */
  add(local: LocalCandidate, remote: RemoteCandidate): CandidatePair | undefined {
    const pair = new CandidatePair(local, remote, this.controlling);
    const existing = this.redundant(pair);
    if (existing) return existing;
    if (this.pairs.length >= this.maxPairs) {
      // Drop the lowest-priority frozen pair if the new one is better; otherwise refuse.
      const last = this.pairs[this.pairs.length - 1]!;
      if (last.state !== 'frozen' || last.priority >= pair.priority) return undefined;
      this.remove(last);
    }
    // RFC 8445 §6.1.2.6: with one component, the first pair of each foundation starts Waiting.
    const sibling = this.pairs.some((p) => p.foundation === pair.foundation);
    pair.state = sibling ? 'frozen' : 'waiting';
    this.insertSorted(pair);
    return pair;
  }

  private insertSorted(pair: CandidatePair): void {
    let i = 0;
    while (i < this.pairs.length && this.pairs[i]!.priority >= pair.priority) i++;
    this.pairs.splice(i, 0, pair);
  }

  remove(pair: CandidatePair): void {
    const i = this.pairs.indexOf(pair);
    if (i >= 0) this.pairs.splice(i, 1);
    const t = this.triggered.indexOf(pair);
    if (t >= 0) this.triggered.splice(t, 1);
  }

  /** RFC 8445 §7.3.1.4: queue a triggered check (once). */
  trigger(pair: CandidatePair): void {
    if (pair.state !== 'in-progress') pair.state = 'waiting';
    if (!this.triggered.includes(pair)) this.triggered.push(pair);
  }

  /**
   * RFC 8445 §6.1.4.2: the pair to check at this Ta tick: a triggered check first, then the
   * highest-priority Waiting pair, then unfreeze the best Frozen pair whose foundation has no pair
   * Waiting or In-Progress.
   */
  nextPair(): CandidatePair | undefined {
    const t = this.triggered.shift();
    if (t) return t;
    const waiting = this.pairs.find((p) => p.state === 'waiting');
    if (waiting) return waiting;
    const busy = new Set(
      this.pairs.filter((p) => p.state === 'waiting' || p.state === 'in-progress').map((p) => p.foundation),
    );
    const frozen = this.pairs.find((p) => p.state === 'frozen' && !busy.has(p.foundation));
    return frozen;
  }

  /** The first triggered pair that `keep` accepts; the ones before it are dropped from the queue. */
  nextTriggered(keep: (pair: CandidatePair) => boolean): CandidatePair | undefined {
    for (let t = this.triggered.shift(); t; t = this.triggered.shift()) if (keep(t)) return t;
    return undefined;
  }

  hasTriggered(): boolean {
    return this.triggered.length > 0;
  }

  /** True while some pair could still be checked (so the Ta timer must keep running). */
  hasPending(): boolean {
    return this.triggered.length > 0 || this.pairs.some((p) => p.state === 'waiting' || p.state === 'frozen');
  }

  /** RFC 8445 §7.2.5.3.3: a success unfreezes pairs of the same foundation. */
  unfreezeFoundation(foundation: string): void {
    for (const p of this.pairs) if (p.state === 'frozen' && p.foundation === foundation) p.state = 'waiting';
  }

  /** RFC 8445 §7.3.1.1: a role change recomputes every pair priority and re-sorts. */
  setControlling(controlling: boolean): void {
    this.controlling = controlling;
    this.reprioritize();
  }

  /**
   * Recomputes every pair priority (RFC 8445 §6.1.2.3) and re-sorts: after a role change, or when a
   * peer-reflexive remote candidate took the type and priority of its signalled twin.
   */
  reprioritize(): void {
    for (const p of this.pairs) p.updatePriority(this.controlling);
    this.pairs.sort((a, b) => (a.priority > b.priority ? -1 : a.priority < b.priority ? 1 : 0));
  }

  /** The highest-priority valid pair (RFC 8445 §8.1.1 picks among these). */
  bestValid(): CandidatePair | undefined {
    return this.pairs.find((p) => p.valid);
  }

  /**
   * The nominated valid pair a controlled agent sends on: the one the controlling agent last sent
   * data on, else the highest-priority one (RFC 8445 §8.1.1: with several nominations, the highest
   * priority). A controlling agent that keeps nominating (libwebrtc's semi-aggressive nomination
   * marks every pair it switches to) shows its current choice by the pair its data arrives on;
   * libwebrtc's own controlled side ranks nominated pairs the same way.
   */
  followedNomination(): CandidatePair | undefined {
    let best: CandidatePair | undefined;
    let bestAt = Number.NEGATIVE_INFINITY;
    for (const p of this.pairs) {
      if (!p.nominated || !p.valid) continue;
      const at = p.stats.lastPacketReceivedTimestamp ?? Number.NEGATIVE_INFINITY;
      // Pairs are sorted by priority: on equal times the first (highest) stays.
      if (!best || at > bestAt) {
        best = p;
        bestAt = at;
      }
    }
    return best;
  }

  /** True when every pair succeeded or failed (RFC 8445 §6.1.2.6 "Completed"/"Failed" of a list). */
  isDone(): boolean {
    return this.pairs.every((p) => p.state === 'succeeded' || p.state === 'failed');
  }

  /**
   * Gives an emptied triggered queue's storage back (called at timers, not per check); with
   * `pairs`, also copies the pair list into storage of its size (once the list stopped changing).
   */
  compact(pairs = false): void {
    if (this.triggered.length === 0) this.triggered.length = 0;
    if (pairs) this.pairs = this.pairs.slice();
  }

  clear(): void {
    this.pairs.length = 0;
    this.triggered.length = 0;
  }
}
