import { Association, type AssociationEvent, type AssociationOptions } from '../src/index.js';

/** Mulberry32: a tiny seeded PRNG so every lossy run is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LinkOptions {
  delay?: number;
  jitter?: number;
  loss?: number;
  duplicate?: number;
  /** Extra delay for a fraction of packets (reordering). */
  reorder?: number;
  /** Optional tap to inspect or mutate packets (return undefined to drop). */
  tap?: (from: 'a' | 'b', p: Uint8Array) => Uint8Array | undefined;
  /** Optional extra delay (ms) for one packet, after the tap (reordering on purpose). */
  hold?: (from: 'a' | 'b', p: Uint8Array) => number;
}

interface InFlight {
  at: number;
  seq: number;
  to: 'a' | 'b';
  data: Uint8Array;
}

/**
 * Two associations joined by an in-memory link with a virtual clock: a seeded lossy pipe (delay,
 * jitter, loss, reordering, duplication). Used until/besides tools/netsim.
 */
export class Pair {
  now = 0;
  /** Replaceable (a peer restart, or a peer that drops its first TCB). */
  a: Association;
  b: Association;
  readonly eventsA: AssociationEvent[] = [];
  readonly eventsB: AssociationEvent[] = [];
  onEventA?: (e: AssociationEvent) => void;
  onEventB?: (e: AssociationEvent) => void;
  /** Set to false to stop draining b's events (zero-window receiver). */
  drainB = true;
  keepEvents = true;
  private q: InFlight[] = [];
  private seq = 0;
  private rnd: () => number;

  constructor(
    readonly link: LinkOptions = {},
    seed = 1,
    optsA: Partial<AssociationOptions> = {},
    optsB: Partial<AssociationOptions> = {},
  ) {
    this.rnd = prng(seed);
    const r = prng(seed * 7919 + 1);
    const random = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
    this.a = new Association({ role: 'client', random, ...optsA });
    this.b = new Association({ role: 'server', random, ...optsB });
  }

  /** Deliver `data` to `to` after the link delay (a packet injected by the test: a late duplicate). */
  inject(to: 'a' | 'b', data: Uint8Array, delay = 0): void {
    this.insert({ at: this.now + delay, seq: this.seq++, to, data });
  }

  private push(to: 'a' | 'b', data: Uint8Array): void {
    const l = this.link;
    if (l.loss && this.rnd() < l.loss) return;
    let at = this.now + (l.delay ?? 10) + (l.jitter ? this.rnd() * l.jitter : 0);
    if (l.hold) at += l.hold(to === 'a' ? 'b' : 'a', data);
    if (l.reorder && this.rnd() < l.reorder) at += (l.delay ?? 10) + 5;
    const copies = l.duplicate && this.rnd() < l.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) this.insert({ at, seq: this.seq++, to, data });
  }

  private insert(p: InFlight): void {
    // keep q sorted by (at, seq): mostly appended
    let i = this.q.length;
    while (i > 0 && (this.q[i - 1]!.at > p.at || (this.q[i - 1]!.at === p.at && this.q[i - 1]!.seq > p.seq)))
      i--;
    this.q.splice(i, 0, p);
  }

  /** Move packets and events out of both associations. */
  flush(): void {
    for (;;) {
      let moved = false;
      for (let p = this.a.pollTransmit(); p; p = this.a.pollTransmit()) {
        moved = true;
        const t = this.link.tap ? this.link.tap('a', p) : p;
        if (t) this.push('b', t);
      }
      for (let p = this.b.pollTransmit(); p; p = this.b.pollTransmit()) {
        moved = true;
        const t = this.link.tap ? this.link.tap('b', p) : p;
        if (t) this.push('a', t);
      }
      for (let e = this.a.pollEvent(); e; e = this.a.pollEvent()) {
        moved = true;
        if (this.keepEvents) this.eventsA.push(e);
        this.onEventA?.(e);
      }
      if (this.drainB)
        for (let e = this.b.pollEvent(); e; e = this.b.pollEvent()) {
          moved = true;
          if (this.keepEvents) this.eventsB.push(e);
          this.onEventB?.(e);
        }
      if (!moved) return;
    }
  }

  /** Advance virtual time to the next packet arrival or timer; false if nothing is pending. */
  step(maxTime = Number.POSITIVE_INFINITY): boolean {
    this.flush();
    const da = this.a.nextDeadline() ?? Number.POSITIVE_INFINITY;
    const db = this.b.nextDeadline() ?? Number.POSITIVE_INFINITY;
    const dq = this.q.length ? this.q[0]!.at : Number.POSITIVE_INFINITY;
    const next = Math.min(da, db, dq);
    if (next === Number.POSITIVE_INFINITY || next > maxTime) return false;
    this.now = Math.max(this.now, next);
    if (dq <= this.now) {
      const p = this.q.shift()!;
      (p.to === 'a' ? this.a : this.b).handlePacket(p.data, this.now);
    } else {
      if (da <= this.now) this.a.handleTimeout(this.now);
      if (db <= this.now) this.b.handleTimeout(this.now);
    }
    this.flush();
    return true;
  }

  runUntil(cond: () => boolean, maxTime = 600_000): boolean {
    while (!cond()) {
      if (!this.step(maxTime)) return cond();
    }
    return true;
  }

  connect(): void {
    this.a.connect(this.now);
    this.b.connect(this.now);
    if (
      !this.runUntil(
        () => this.a.state === 'established' && this.b.state === 'established',
        this.now + 60_000,
      )
    )
      throw new Error(`no association: ${this.a.state}/${this.b.state}`);
  }
}
