// The Node side of ICE host candidates: one UDP socket per local IPv4 address (RFC 8445 §5.1.1.1).
// Loopback addresses are left out whenever another interface exists (§5.1.1.1: they MUST NOT be
// candidates; libwebrtc ignores them the same way) and used only on a machine with nothing else,
// so two peers in a network namespace with only `lo` still connect.
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
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

/** Which local addresses become host candidates: 'auto' (default) uses loopback only when the
 * machine has no other IPv4 interface; true adds it after the others; false never uses it. */
export type LoopbackPolicy = 'auto' | boolean;

/** Local IPv4 addresses from an interface list: external interfaces first, loopback per `policy`. */
export function hostAddressesOf(
  list: ReturnType<typeof networkInterfaces>,
  policy: LoopbackPolicy = 'auto',
): HostAddress[] {
  const out: HostAddress[] = [];
  const loopback: string[] = [];
  for (const entries of Object.values(list)) {
    for (const a of entries ?? []) {
      if (a.family !== 'IPv4') continue;
      if (a.internal) loopback.push(a.address);
      else out.push({ address: a.address, interfaceIndex: out.length });
    }
  }
  if (policy === true || (policy === 'auto' && out.length === 0)) {
    for (const address of loopback) out.push({ address, interfaceIndex: out.length });
  }
  return out;
}

/** Local IPv4 addresses of this machine (see hostAddressesOf), or exactly `only` when given. */
export function localAddresses(
  options: { includeLoopback?: LoopbackPolicy; only?: string[] } = {},
): HostAddress[] {
  if (options.only && options.only.length > 0)
    return options.only.map((address, i) => ({ address, interfaceIndex: i }));
  return hostAddressesOf(currentInterfaces(), options.includeLoopback ?? 'auto');
}

/** Where received datagrams go (an object, not a closure per connection). */
export interface DatagramSink {
  onDatagram(socketId: string, from: Address, data: Uint8Array): void;
}

/** A send error (ICMP unreachable etc.) is a lost datagram, not a crash: ICE retransmits. */
function ignoreError(): void {}

/**
 * The socket's message listener. Made here, not inside the bind callback, so that the closure holds
 * the socket id and the sink only (a closure made there would keep that callback's whole scope).
 */
function listen(socket: Socket, socketId: string, sink: DatagramSink): void {
  socket.on('message', (msg, rinfo) => {
    sink.onDatagram(socketId, { address: rinfo.address, port: rinfo.port }, msg);
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves the address of every bind() and send() through its `lookup`; the default
 * (dns.lookup) answers even an IP literal on the next tick, which costs a process.nextTick and a
 * closure per datagram and holds every send until the current microtasks are done. ICE only ever
 * sends to and binds IP literals, so those are answered at once (the datagram leaves inside send(),
 * and bind() completes inside bind()); anything else still goes through dns.lookup.
 */
export function literalLookup(address: string, family: unknown, callback: LookupCallback): void {
  const kind = isIP(address);
  if (kind !== 0) callback(null, address, kind);
  else dnsLookup(address, family as number, callback);
}

export class UdpSockets {
  /** Bound sockets by id, with the host address each was bound to. */
  readonly #sockets = new Map<string, { socket: Socket; host: HostAddress }>();
  #nextId = 0;
  #closed = false;

  readonly #sink: DatagramSink;

  constructor(sink: DatagramSink) {
    this.#sink = sink;
  }

  /**
   * Binds one socket per address on an ephemeral port; addresses that fail to bind are skipped.
   * `bound` is called once per address (undefined when it failed): for IP literals, before bind()
   * returns, so host candidates exist as soon as gathering starts.
   */
  bind(addresses: HostAddress[], bound: (host: HostSocket | undefined) => void): void {
    for (const a of addresses) this.#bindOne(a, bound);
  }

  #bindOne(host: HostAddress, done: (host: HostSocket | undefined) => void): void {
    if (this.#closed) {
      done(undefined);
      return;
    }
    const socket = createSocket({ type: 'udp4', lookup: literalLookup });
    const socketId = `udp:${host.address}:${this.#nextId++}`;
    const onError = () => {
      socket.close();
      done(undefined);
    };
    socket.once('error', onError);
    socket.bind(0, host.address, () => {
      socket.removeListener('error', onError);
      if (this.#closed) {
        socket.close();
        done(undefined);
        return;
      }
      socket.on('error', ignoreError);
      try {
        // Large buffers keep bursts of SCTP packets from being dropped on loopback.
        socket.setRecvBufferSize(4 * 1024 * 1024);
        socket.setSendBufferSize(4 * 1024 * 1024);
      } catch {
        // Not fatal: the kernel may cap the size.
      }
      listen(socket, socketId, this.#sink);
      this.#sockets.set(socketId, { socket, host });
      done({
        socketId,
        address: host.address,
        port: socket.address().port,
        family: 'IPv4',
        interfaceIndex: host.interfaceIndex,
      });
    });
  }

  send(socketId: string, to: Address, data: Uint8Array): void {
    const socket = this.#sockets.get(socketId)?.socket;
    if (!socket) return;
    socket.send(data, to.port, to.address);
  }

  /**
   * Closes one socket the ICE agent no longer uses (RFC 8445 §8.3.1) and returns the address it was
   * bound to, so it can be bound again (ICE restart). Closed a macrotask later, like close().
   */
  release(socketId: string): HostAddress | undefined {
    const entry = this.#sockets.get(socketId);
    if (!entry) return undefined;
    const { socket, host: address } = entry;
    this.#sockets.delete(socketId);
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
   * Closes the sockets a macrotask later: a datagram to a name that is not an IP literal (a TURN
   * server) is still resolved asynchronously and must not be lost with a last ABORT or close_notify.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    setImmediate(() => this.#closeSockets());
  }

  #closeSockets(): void {
    for (const { socket: s } of this.#sockets.values()) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.#sockets.clear();
  }
}
