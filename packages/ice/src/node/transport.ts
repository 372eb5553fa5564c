import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { type Socket as TcpSocket, connect as tcpConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import { IceAgent } from '../agent/agent.js';
import type { IceAgentOptions, IceEvent } from '../agent/types.js';
import type { Candidate } from '../candidate/types.js';
import { IceError } from '../errors.js';
import { hostAddresses, type InterfaceAddress, type InterfaceFilterOptions } from './interfaces.js';
import { literalLookup } from './literal-lookup.js';
import { type MdnsResolver, multicastDnsResolver } from './mdns.js';

export interface IceTransportOptions extends IceAgentOptions, InterfaceFilterOptions {
  /** Bind host sockets to a port in [min, max] (default: any free port). */
  portRange?: [number, number];
  /** Bind exactly these addresses instead of enumerating interfaces. */
  addresses?: string[];
  /** Extra CA certificates (PEM) trusted for TURN over TLS (the system store is used otherwise). */
  turnTlsCa?: string | Buffer;
  /** Resolver for remote `.local` candidates (default: multicast-dns). */
  mdnsResolver?: MdnsResolver;
}

type Events = { [K in IceEvent['type']]: [Extract<IceEvent, { type: K }>] };

/**
 * Node driver for IceAgent: owns the UDP sockets (one per interface address), TCP/TLS connections to
 * TURN servers, mDNS resolution and one timer re-armed to the agent's next deadline (none when idle).
 * Emits the agent's events by their `type` ('local-candidate', 'connection-state', 'data', ...).
 */
export class IceTransport extends EventEmitter<Events> {
  readonly agent: IceAgent;
  private readonly udp = new Map<string, UdpSocket>();
  private readonly streams = new Map<string, TcpSocket>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | undefined;
  private closed = false;
  private readonly resolver: MdnsResolver;

  constructor(private readonly options: IceTransportOptions) {
    super();
    this.agent = new IceAgent(options);
    this.resolver = options.mdnsResolver ?? multicastDnsResolver();
  }

  private now(): number {
    return performance.now();
  }

  /** Binds host sockets, then gathers (host, srflx, relay candidates arrive as 'local-candidate'). */
  async gather(): Promise<void> {
    if (this.closed) throw new IceError('invalid-state', 'transport is closed');
    const list: InterfaceAddress[] = this.options.addresses
      ? this.options.addresses.map((address) => ({
          name: address,
          address,
          family: address.includes(':') ? 'IPv6' : 'IPv4',
          internal: false,
        }))
      : hostAddresses(this.options);
    let index = 0;
    for (const a of list) {
      const socket = await this.bindUdp(a);
      if (!socket || this.closed) continue;
      const socketId = `udp-${index}`;
      this.udp.set(socketId, socket);
      socket.on('message', (data, rinfo) => {
        this.agent.handleDatagram(
          {
            socketId,
            from: { address: rinfo.address, port: rinfo.port },
            data: new Uint8Array(data.buffer, data.byteOffset, data.length),
          },
          this.now(),
        );
        this.flush();
      });
      this.agent.addHostSocket(
        {
          socketId,
          address: a.address,
          port: socket.address().port,
          family: a.family,
          interfaceIndex: index,
        },
        this.now(),
      );
      index++;
    }
    if (this.closed) return;
    this.agent.gather(this.now());
    this.flush();
  }

  private async bindUdp(a: InterfaceAddress): Promise<UdpSocket | undefined> {
    const [min, max] = this.options.portRange ?? [0, 0];
    for (let port = min; port <= max; port++) {
      const socket = createSocket({
        type: a.family === 'IPv6' ? 'udp6' : 'udp4',
        ipv6Only: a.family === 'IPv6',
        lookup: literalLookup,
      });
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.bind(port, a.address, () => resolve(true));
      });
      if (ok) {
        socket.on('error', () => {});
        return socket;
      }
      socket.close();
    }
    return undefined;
  }

  setRemoteCredentials(ufrag: string, pwd: string, opts: { lite?: boolean } = {}): void {
    this.agent.setRemoteCredentials(ufrag, pwd, opts, this.now());
    this.flush();
  }

  /** A candidate line (with or without `a=`), a parsed candidate, or null for end-of-candidates. */
  addRemoteCandidate(candidate: Candidate | string | null): void {
    this.agent.addRemoteCandidate(candidate, this.now());
    this.flush();
  }

  send(data: Uint8Array): boolean {
    const ok = this.agent.send(data, this.now());
    this.flush();
    return ok;
  }

  restart(): void {
    this.agent.restart(this.now());
    this.flush();
  }

  /** Closes the agent (deallocating TURN), every socket and the timer. */
  close(): void {
    if (this.closed) return;
    this.agent.close(this.now());
    this.flush();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.udp.values()) s.close();
    this.udp.clear();
    for (const s of this.streams.values()) s.end();
    this.streams.clear();
  }

  /** Sends what the agent queued, re-emits its events, and re-arms the timer. */
  private flush(): void {
    this.drain();
    if (this.closed) return;
    let d = this.agent.nextDeadline();
    // A deadline already due (the first check on a new pair) runs now, not a timer turn later.
    if (d !== undefined && d <= this.now()) {
      this.agent.handleTimeout(this.now());
      this.drain();
      if (this.closed) return;
      d = this.agent.nextDeadline();
    }
    if (d === this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = d;
    if (d === undefined) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = undefined;
        if (this.closed) return;
        this.agent.handleTimeout(this.now());
        this.flush();
      },
      Math.max(0, Math.ceil(d - this.now())),
    );
  }

  private drain(): void {
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      const u = this.udp.get(t.socketId);
      // Errors (ICMP unreachable, ...) reach the socket's 'error' listener: a lost datagram.
      if (u) u.send(t.data, t.to.port, t.to.address);
      else this.streams.get(t.socketId)?.write(t.data);
    }
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) this.onEvent(e);
  }

  private onEvent(e: IceEvent): void {
    switch (e.type) {
      case 'open-stream':
        this.openStream(e.socketId, e.to.address, e.to.port, e.tls, e.serverName);
        return;
      case 'close-stream':
        this.streams.get(e.socketId)?.end();
        this.streams.delete(e.socketId);
        return;
      case 'resolve-mdns':
        this.resolver(e.name).then(
          (ip) => {
            if (this.closed) return;
            this.agent.resolveMdns(e.name, ip, this.now());
            this.flush();
          },
          () => {},
        );
        return;
    }
    (this.emit as (t: string, e: IceEvent) => boolean)(e.type, e);
  }

  private openStream(
    socketId: string,
    host: string,
    port: number,
    tls: boolean,
    serverName: string | undefined,
  ): void {
    if (this.closed) return;
    const socket = tls
      ? tlsConnect({
          host,
          port,
          ...(serverName ? { servername: serverName } : {}),
          ...(this.options.turnTlsCa ? { ca: this.options.turnTlsCa } : {}),
        })
      : tcpConnect({ host, port });
    this.streams.set(socketId, socket);
    socket.setNoDelay(true);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (this.closed) return;
      this.agent.handleStreamConnected(socketId, this.now());
      this.flush();
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return;
      this.agent.handleStreamData(
        socketId,
        new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length),
        this.now(),
      );
      this.flush();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.streams.delete(socketId);
      if (this.closed) return;
      this.agent.handleStreamClosed(socketId, this.now());
      this.flush();
    });
  }
}
