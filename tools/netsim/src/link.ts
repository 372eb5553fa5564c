import { NetsimError } from './errors.js';
import type { Prng } from './prng.js';
import type { DropReason, LinkConfig, LinkStats } from './types.js';

const DEFAULT_QUEUE_BYTES = 65536;

/** The fate of one datagram offered to a link: dropped, or arriving at one or more times. */
export type LinkVerdict =
  | { readonly drop: DropReason }
  | { readonly drop?: undefined; readonly arrivals: readonly number[] };

/** Checks a link configuration; throws NetsimError('bad-config') on nonsense values. */
export function validateLinkConfig(c: LinkConfig): void {
  const nonNegative = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
      throw new NetsimError('bad-config', `link ${name} must be a finite number >= 0, got ${v}`);
    }
  };
  const probability = (name: string, v: number | undefined): void => {
    if (v !== undefined && !(v >= 0 && v <= 1)) {
      throw new NetsimError('bad-config', `link ${name} must be a probability in [0, 1], got ${v}`);
    }
  };
  nonNegative('delay', c.delay);
  nonNegative('jitter', c.jitter);
  nonNegative('reorderDelay', c.reorderDelay);
  nonNegative('queueBytes', c.queueBytes);
  probability('loss', c.loss);
  probability('reorder', c.reorder);
  probability('duplicate', c.duplicate);
  if (c.burstLoss !== undefined) {
    probability('burstLoss.enter', c.burstLoss.enter);
    probability('burstLoss.leave', c.burstLoss.leave);
    probability('burstLoss.lossWhileBad', c.burstLoss.lossWhileBad);
  }
  if (c.mtu !== undefined && !(Number.isInteger(c.mtu) && c.mtu > 0)) {
    throw new NetsimError('bad-config', `link mtu must be a positive integer, got ${c.mtu}`);
  }
  if (c.bandwidth !== undefined && !(Number.isFinite(c.bandwidth) && c.bandwidth > 0)) {
    throw new NetsimError('bad-config', `link bandwidth must be > 0 bits/s, got ${c.bandwidth}`);
  }
}

export function emptyLinkStats(): LinkStats {
  return {
    sent: 0,
    delivered: 0,
    bytesSent: 0,
    bytesDelivered: 0,
    duplicated: 0,
    reordered: 0,
    dropped: {},
  };
}

/**
 * One direction between two adjacent nodes. It decides, with its own random stream, whether a
 * datagram is lost and when it arrives; the network schedules the arrival.
 */
export class Link {
  config: LinkConfig;
  readonly stats: LinkStats = emptyLinkStats();
  /** Latest arrival time of an in-order datagram: later ones never arrive earlier (FIFO). */
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** When the transmitter finishes serialising the datagrams already queued. */
  private busyUntil = Number.NEGATIVE_INFINITY;
  /** Departure times and sizes of queued datagrams, oldest first (bounded by queueBytes). */
  private readonly queue: { departs: number; size: number }[] = [];
  private queueHead = 0;
  /** Gilbert-Elliott state of `burstLoss`. */
  private bad = false;
  private queuedBytes = 0;

  constructor(
    config: LinkConfig,
    private readonly prng: Prng,
  ) {
    this.config = config;
  }

  transmit(size: number, now: number): LinkVerdict {
    const c = this.config;
    const s = this.stats;
    s.sent++;
    s.bytesSent += size;
    if (c.mtu !== undefined && size > c.mtu) return this.dropped('mtu');

    // Serialisation behind the queue; the queue drains as virtual time passes.
    let departs = now;
    if (c.bandwidth !== undefined) {
      this.drainQueue(now);
      if (this.queuedBytes + size > (c.queueBytes ?? DEFAULT_QUEUE_BYTES)) return this.dropped('queue');
      departs = Math.max(now, this.busyUntil) + (size * 8 * 1000) / c.bandwidth;
      this.busyUntil = departs;
      this.queue.push({ departs, size });
      this.queuedBytes += size;
    }

    // A lost datagram still used the wire's capacity.
    let lossRate = c.loss ?? 0;
    if (c.burstLoss !== undefined) {
      this.bad = this.prng.chance(this.bad ? 1 - c.burstLoss.leave : c.burstLoss.enter);
      if (this.bad) lossRate = c.burstLoss.lossWhileBad ?? 1;
    }
    if (this.prng.chance(lossRate)) return this.dropped('loss');

    const delay = c.delay ?? 0;
    const jitter = c.jitter ?? 0;
    let arrival = departs + Math.max(0, jitter > 0 ? delay + this.prng.uniform(-jitter, jitter) : delay);
    if (this.prng.chance(c.reorder ?? 0)) {
      // Held back outside the FIFO order, so datagrams sent after it can overtake it.
      s.reordered++;
      arrival += c.reorderDelay ?? Math.max(10, delay);
    } else {
      arrival = Math.max(arrival, this.lastArrival);
      this.lastArrival = arrival;
    }
    if (this.prng.chance(c.duplicate ?? 0)) {
      s.duplicated++;
      return { arrivals: [arrival, arrival] };
    }
    return { arrivals: [arrival] };
  }

  /** Called by the network when a datagram (or a duplicate) reaches the far end. */
  arrived(size: number): void {
    this.stats.delivered++;
    this.stats.bytesDelivered += size;
  }

  private dropped(reason: DropReason): LinkVerdict {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + 1;
    return { drop: reason };
  }

  private drainQueue(now: number): void {
    const q = this.queue;
    while (this.queueHead < q.length && q[this.queueHead]!.departs <= now) {
      this.queuedBytes -= q[this.queueHead]!.size;
      this.queueHead++;
    }
    // Compact now and then so the array does not grow without bound.
    if (this.queueHead > 1024 && this.queueHead * 2 > q.length) {
      q.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }
}
