// The Node side of ICE host candidates: one UDP socket per local IPv4 address (RFC 8445 §5.1.1.1),
// loopback included (Chromium only pairs with it when started with --allow-loopback-in-peer-connection).
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { Address, HostSocket } from '@rtc/ice';

export interface HostAddress {
  address: string;
  interfaceIndex: number;
}

/** How long one interface enumeration is reused (getifaddrs costs ~0.2-0.4 ms per call). */
const INTERFACES_TTL_MS = 1000;
let interfaces: { at: number; list: ReturnType<typeof networkInterfaces> } | undefined;

/** os.networkInterfaces(), reused for a second: peer connections created together share one call. */
function currentInterfaces(): ReturnType<typeof networkInterfaces> {
  const now = performance.now();
  if (!interfaces || now - interfaces.at > INTERFACES_TTL_MS)
    interfaces = { at: now, list: networkInterfaces() };
  return interfaces.list;
}

/** Local IPv4 addresses: external interfaces first (better local preference), loopback last. */
export function localAddresses(options: { includeLoopback?: boolean; only?: string[] } = {}): HostAddress[] {
  if (options.only && options.only.length > 0)
    return options.only.map((address, i) => ({ address, interfaceIndex: i }));
  const out: HostAddress[] = [];
  const loopback: string[] = [];
  for (const list of Object.values(currentInterfaces())) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4') continue;
      if (a.internal) loopback.push(a.address);
      else out.push({ address: a.address, interfaceIndex: out.length });
    }
  }
  if (options.includeLoopback !== false) {
    for (const address of loopback) out.push({ address, interfaceIndex: out.length });
  }
  return out;
}

export type DatagramHandler = (socketId: string, from: Address, data: Uint8Array) => void;

export class UdpSockets {
  readonly #sockets = new Map<string, Socket>();
  readonly #addresses = new Map<string, HostAddress>();
  #nextId = 0;
  #closed = false;

  readonly #onDatagram: DatagramHandler;

  constructor(onDatagram: DatagramHandler) {
    this.#onDatagram = onDatagram;
  }

  /** Binds one socket per address on an ephemeral port; addresses that fail to bind are skipped. */
  async bind(addresses: HostAddress[]): Promise<HostSocket[]> {
    const bound = await Promise.all(addresses.map((a) => this.#bindOne(a)));
    return bound.filter((h): h is HostSocket => h !== undefined);
  }

  #bindOne(host: HostAddress): Promise<HostSocket | undefined> {
    return new Promise((resolve) => {
      if (this.#closed) {
        resolve(undefined);
        return;
      }
      const socket = createSocket({ type: 'udp4' });
      const socketId = `udp:${host.address}:${this.#nextId++}`;
      socket.once('error', () => {
        socket.close();
        resolve(undefined);
      });
      socket.bind(0, host.address, () => {
        if (this.#closed) {
          socket.close();
          resolve(undefined);
          return;
        }
        socket.removeAllListeners('error');
        // A send error (ICMP unreachable etc.) is a lost datagram, not a crash: ICE retransmits.
        socket.on('error', () => undefined);
        try {
          // Large buffers keep bursts of SCTP packets from being dropped on loopback.
          socket.setRecvBufferSize(4 * 1024 * 1024);
          socket.setSendBufferSize(4 * 1024 * 1024);
        } catch {
          // Not fatal: the kernel may cap the size.
        }
        socket.on('message', (msg, rinfo) => {
          this.#onDatagram(socketId, { address: rinfo.address, port: rinfo.port }, msg);
        });
        this.#sockets.set(socketId, socket);
        this.#addresses.set(socketId, host);
        const port = socket.address().port;
        resolve({
          socketId,
          address: host.address,
          port,
          family: 'IPv4',
          interfaceIndex: host.interfaceIndex,
        });
      });
    });
  }

  send(socketId: string, to: Address, data: Uint8Array): void {
    const socket = this.#sockets.get(socketId);
    if (!socket) return;
    socket.send(data, to.port, to.address);
  }

  /**
   * Closes one socket the ICE agent no longer uses (RFC 8445 §8.3.1) and returns the address it was
   * bound to, so it can be bound again (ICE restart). Closed a macrotask later, like close().
   */
  release(socketId: string): HostAddress | undefined {
    const socket = this.#sockets.get(socketId);
    const address = this.#addresses.get(socketId);
    if (!socket) return undefined;
    this.#sockets.delete(socketId);
    this.#addresses.delete(socketId);
    setImmediate(() => {
      try {
        socket.close();
      } catch {
        // already closed
      }
    });
    return address;
  }

  /**
   * Closes the sockets once the datagrams queued so far (a last ABORT or close_notify) are out:
   * dgram resolves the address on the next tick, so the sockets close one macrotask later.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    setImmediate(() => this.#closeSockets());
  }

  #closeSockets(): void {
    for (const s of this.#sockets.values()) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.#sockets.clear();
  }
}
