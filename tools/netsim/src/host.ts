import { type Address, canonicalIp, checkPort, ipFamily } from './address.js';
import { NetsimError } from './errors.js';
import type { Realm } from './realm.js';
import type { Datagram } from './types.js';

/** Receives datagrams addressed to a bound socket, at virtual time `now`. */
export type DatagramHandler = (datagram: Datagram, now: number) => void;

/** What a host needs from the network that carries its datagrams. */
export interface Fabric {
  readonly now: number;
  sendFrom(host: Host, src: Address, dst: Address, data: Uint8Array): void;
}

export interface BindOptions {
  /** Bind to one of the host's addresses only (default: all of them). */
  readonly ip?: string;
}

const EPHEMERAL_FIRST = 49152;
const EPHEMERAL_LAST = 65535;

/** A simulated UDP socket bound on a host. */
export class Socket {
  private open = true;

  constructor(
    readonly host: Host,
    /** The bound IP, or undefined when bound to all of the host's addresses. */
    readonly ip: string | undefined,
    readonly port: number,
    readonly handler: DatagramHandler,
  ) {}

  /** The local address: the bound IP, or the host's first address when bound to all. */
  get address(): Address {
    return { ip: this.ip ?? this.host.addresses[0]!, port: this.port };
  }

  get closed(): boolean {
    return !this.open;
  }

  /**
   * Sends a datagram. The bytes are copied, so the caller may reuse its buffer. The source IP
   * is the bound one, or the host's first address of the destination's family.
   */
  send(dst: Address, data: Uint8Array): void {
    if (!this.open)
      throw new NetsimError('socket-closed', `socket ${this.port} on ${this.host.name} is closed`);
    checkPort(dst.port);
    const dstIp = canonicalIp(dst.ip);
    const srcIp = this.ip ?? this.host.addresses.find((a) => ipFamily(a) === ipFamily(dstIp));
    // No address of that family: like a kernel with no route, the datagram goes nowhere.
    const src = { ip: srcIp ?? this.host.addresses[0]!, port: this.port };
    this.host.fabric.sendFrom(this.host, src, { ip: dstIp, port: dst.port }, data.slice());
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.host.unbind(this);
  }
}

/** A simulated machine with one or more IP addresses, in the public network or behind a NAT. */
export class Host {
  readonly kind = 'host';
  /** Canonical IP addresses; the first is the default source. */
  readonly addresses: readonly string[];
  private readonly sockets = new Map<string, Socket>();
  private nextEphemeral = EPHEMERAL_FIRST;

  constructor(
    readonly id: number,
    readonly name: string,
    addresses: readonly string[],
    readonly realm: Realm,
    readonly fabric: Fabric,
  ) {
    this.addresses = addresses;
  }

  /** The host's first (default) address. */
  get ip(): string {
    return this.addresses[0]!;
  }

  /**
   * Binds a UDP port (0 picks a free ephemeral port) and calls `handler` for every datagram
   * that arrives on it. Throws NetsimError('port-in-use') if the port is taken.
   */
  bind(port: number, handler: DatagramHandler, options: BindOptions = {}): Socket {
    checkPort(port);
    let ip: string | undefined;
    if (options.ip !== undefined) {
      ip = canonicalIp(options.ip);
      if (!this.addresses.includes(ip)) {
        throw new NetsimError('bad-address', `${ip} is not an address of host ${this.name}`);
      }
    }
    if (port === 0) port = this.ephemeralPort(ip);
    if (!this.isFree(ip, port)) {
      throw new NetsimError('port-in-use', `port ${port} is already bound on host ${this.name}`);
    }
    const socket = new Socket(this, ip, port, handler);
    this.sockets.set(`${ip ?? '*'}|${port}`, socket);
    return socket;
  }

  /** The socket that receives datagrams for (ip, port), if any. */
  socketFor(ip: string, port: number): Socket | undefined {
    return this.sockets.get(`${ip}|${port}`) ?? this.sockets.get(`*|${port}`);
  }

  /** @internal */
  unbind(socket: Socket): void {
    const key = `${socket.ip ?? '*'}|${socket.port}`;
    if (this.sockets.get(key) === socket) this.sockets.delete(key);
  }

  private isFree(ip: string | undefined, port: number): boolean {
    if (this.sockets.has(`*|${port}`)) return false;
    if (ip !== undefined) return !this.sockets.has(`${ip}|${port}`);
    return !this.addresses.some((a) => this.sockets.has(`${a}|${port}`));
  }

  private ephemeralPort(ip: string | undefined): number {
    const span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
    for (let i = 0; i < span; i++) {
      const port = this.nextEphemeral;
      this.nextEphemeral = port === EPHEMERAL_LAST ? EPHEMERAL_FIRST : port + 1;
      if (this.isFree(ip, port)) return port;
    }
    throw new NetsimError('no-free-port', `no free ephemeral port on host ${this.name}`);
  }
}
