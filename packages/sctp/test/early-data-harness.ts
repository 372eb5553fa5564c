// Helpers for the association-setup tests with DATA bundled after COOKIE-ECHO: an application on
// each side that creates channels before the association is up and sends a numbered series on
// each as soon as it opens, and what the other side received.
import { type Association, type AssociationEvent, ChunkType } from '../src/index.js';
import type { Pair } from './pipe.js';

/** The chunk types of one SCTP packet, in order. */
export function chunkTypes(p: Uint8Array): number[] {
  const out: number[] = [];
  for (let off = 12; off + 4 <= p.length; ) {
    out.push(p[off]!);
    off += (((p[off + 2]! << 8) | p[off + 3]!) + 3) & ~3;
  }
  return out;
}

export const isCookieEcho = (p: Uint8Array) => p[12] === ChunkType.COOKIE_ECHO;
export const isCookieAck = (p: Uint8Array) => p[12] === ChunkType.COOKIE_ACK;

const dec = new TextDecoder();
const enc = new TextEncoder();

/** One side's application: channels created before connect, a series sent on each once open. */
export class App {
  /** label -> messages received on the channel the peer opened with that label. */
  readonly received = new Map<string, string[]>();
  /** label -> remote channel-open events seen. */
  readonly remoteOpens = new Map<string, number>();
  readonly localOpens = new Map<string, number>();
  readonly events: AssociationEvent[] = [];
  /** Virtual time of the first channel the peer opened. */
  firstRemoteOpenAt = -1;
  private labelOf = new Map<number, string>();

  constructor(
    private readonly assoc: () => Association,
    private readonly now: () => number,
    readonly perChannel: number,
  ) {}

  /** Create one channel per label (before connect), each sends `perChannel` messages once open. */
  create(labels: readonly string[], init: { ordered?: boolean } = {}): void {
    for (const label of labels) this.assoc().createChannel({ label, ...init }, this.now());
  }

  onEvent(e: AssociationEvent): void {
    this.events.push(e);
    if (e.type === 'channel-open') {
      this.labelOf.set(e.channel.id, e.channel.label);
      if (e.remote && this.firstRemoteOpenAt < 0) this.firstRemoteOpenAt = this.now();
      const counts = e.remote ? this.remoteOpens : this.localOpens;
      counts.set(e.channel.label, (counts.get(e.channel.label) ?? 0) + 1);
      if (!e.remote)
        for (let i = 0; i < this.perChannel; i++)
          this.assoc().send(e.channel.id, enc.encode(`${e.channel.label}:${i}`), false, this.now());
    } else if (e.type === 'message') {
      const label = this.labelOf.get(e.channelId) ?? `?${e.channelId}`;
      const list = this.received.get(label) ?? [];
      list.push(dec.decode(e.data));
      this.received.set(label, list);
    } else if (e.type === 'restart') this.labelOf.clear();
  }

  /** Every label's series arrived exactly once, in order, on a channel opened exactly once. */
  gotAll(labels: readonly string[]): boolean {
    return labels.every((l) => (this.received.get(l)?.length ?? 0) >= this.perChannel);
  }
}

export function series(label: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${label}:${i}`);
}

/** Attach an App to each side of a Pair (following replacements of p.a / p.b). */
export function apps(p: Pair, perChannel: number): { A: App; B: App } {
  const A = new App(
    () => p.a,
    () => p.now,
    perChannel,
  );
  const B = new App(
    () => p.b,
    () => p.now,
    perChannel,
  );
  p.onEventA = (e) => A.onEvent(e);
  p.onEventB = (e) => B.onEvent(e);
  return { A, B };
}

/** What `to` received from `from`: each of from's labels exactly once, in order, opened once. */
export function expectExactlyOnce(from: readonly string[], to: App): void {
  for (const label of from) {
    expect({ label, got: to.received.get(label) ?? [] }).toEqual({
      label,
      got: series(label, to.perChannel),
    });
    expect({ label, opens: to.remoteOpens.get(label) ?? 0 }).toEqual({ label, opens: 1 });
  }
  // Nothing arrived on a channel the test did not create.
  expect([...to.received.keys()].filter((l) => !from.includes(l))).toEqual([]);
}
