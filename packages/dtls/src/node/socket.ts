import type { Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { DtlsEndpoint, type DtlsEndpointOptions } from '../endpoint.js';
import type { DtlsError } from '../errors.js';
import type { DtlsEvent } from '../events.js';

export interface RemoteAddress {
  address: string;
  port: number;
}

export interface DtlsSocketOptions extends DtlsEndpointOptions {
  /** A bound UDP socket; the driver listens to its 'message' events and never closes it. */
  socket: Socket;
  /** The peer. A server without one adopts the first address that sends it a datagram. */
  remote?: RemoteAddress;
}

export interface DtlsSocketEvents {
  connected: [info: Extract<DtlsEvent, { type: 'connected' }>];
  /** Client with `falseStart` (RFC 7918): `send()` works from now on. */
  'false-start': [];
  data: [data: Uint8Array];
  alert: [alert: Extract<DtlsEvent, { type: 'alert' }>];
  error: [error: DtlsError];
  close: [];
}

/**
 * The Node driver: binds a DtlsEndpoint to a node:dgram socket and real timers. The timer exists
 * only while the endpoint has a deadline, so an idle connection holds no timer at all.
 */
export class DtlsSocket extends EventEmitter<DtlsSocketEvents> {
  readonly endpoint: DtlsEndpoint;
  private remote: RemoteAddress | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly onMessage = (msg: Buffer, rinfo: { address: string; port: number }) => {
    if (!this.remote) this.remote = { address: rinfo.address, port: rinfo.port };
    if (rinfo.address !== this.remote.address || rinfo.port !== this.remote.port) return;
    this.endpoint.handleDatagram(msg, performance.now());
    this.pump();
  };

  constructor(private readonly options: DtlsSocketOptions) {
    super();
    this.endpoint = new DtlsEndpoint(options);
    this.remote = options.remote;
    options.socket.on('message', this.onMessage);
    // Start on the next tick so callers can attach listeners first.
    queueMicrotask(() => {
      this.endpoint.start(performance.now());
      this.pump();
    });
  }

  send(data: Uint8Array): void {
    this.endpoint.send(data, performance.now());
    this.pump();
  }

  close(): void {
    this.endpoint.close(performance.now());
    this.pump();
  }

  exportKeyingMaterial(label: string, length: number): Uint8Array {
    return this.endpoint.exportKeyingMaterial(label, length);
  }

  private pump(): void {
    if (this.remote) {
      for (let d = this.endpoint.pollTransmit(); d; d = this.endpoint.pollTransmit()) {
        this.options.socket.send(d, this.remote.port, this.remote.address);
      }
    }
    for (let e = this.endpoint.pollEvent(); e; e = this.endpoint.pollEvent()) this.dispatch(e);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = this.endpoint.nextDeadline();
    if (deadline !== undefined && !this.closed) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.endpoint.handleTimeout(performance.now());
          this.pump();
        },
        Math.max(0, deadline - performance.now()),
      );
    }
  }

  private dispatch(e: DtlsEvent): void {
    switch (e.type) {
      case 'connected':
        this.emit('connected', e);
        break;
      case 'false-start':
        this.emit('false-start');
        break;
      case 'data':
        this.emit('data', e.data);
        break;
      case 'alert':
        this.emit('alert', e);
        break;
      case 'error':
        if (this.listenerCount('error') > 0) this.emit('error', e.error);
        break;
      case 'closed':
        this.closed = true;
        this.options.socket.off('message', this.onMessage);
        this.emit('close');
        break;
    }
  }
}
