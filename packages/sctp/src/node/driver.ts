import { performance } from 'node:perf_hooks';
import type { Association } from '../association/association.js';
import type { AssociationEvent } from '../association/events.js';

/**
 * A small driver that runs an Association on Node's clock and timers over any datagram transport
 * (in WebRTC: DTLS application data). Feed received packets to receive(); packets to send go to
 * `send`; events go to `onEvent`. One timer at most, none when the association is idle and closed.
 */
export class AssociationDriver {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly association: Association,
    private readonly send: (packet: Uint8Array) => void,
    private readonly onEvent: (e: AssociationEvent) => void,
  ) {}

  now(): number {
    return performance.now();
  }

  /** Feed one received SCTP packet. */
  receive(packet: Uint8Array): void {
    this.association.handlePacket(packet, this.now());
    this.flush();
  }

  /** Run a core call (connect, send, createChannel...) and flush its output. */
  run<T>(f: (a: Association, now: number) => T): T {
    const r = f(this.association, this.now());
    this.flush();
    return r;
  }

  /** Drain events and packets, then re-arm the timer. */
  flush(): void {
    const a = this.association;
    for (let e = a.pollEvent(); e; e = a.pollEvent()) this.onEvent(e);
    for (let p = a.pollTransmit(); p; p = a.pollTransmit()) this.send(p);
    // Reading events may have opened the window: a window update may be due.
    for (let e = a.pollEvent(); e; e = a.pollEvent()) this.onEvent(e);
    for (let p = a.pollTransmit(); p; p = a.pollTransmit()) this.send(p);
    this.arm();
  }

  private arm(): void {
    const d = this.association.nextDeadline();
    if (d === undefined) {
      this.stop();
      return;
    }
    if (this.timer && d >= this.timerAt) return;
    this.stop();
    this.timerAt = d;
    this.timer = setTimeout(() => this.fire(), Math.max(0, d - this.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    this.association.handleTimeout(this.now());
    this.flush();
  }

  /** Cancel the timer (call after the association closed, or to detach). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
