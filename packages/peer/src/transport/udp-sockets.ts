// The Node side of ICE host candidates: one UDP socket per local address (RFC 8445 §5.1.1.1), a
// udp4 socket per IPv4 address and an IPv6-only udp6 socket per IPv6 address.
// - Loopback addresses (127.0.0.0/8, ::1) are left out whenever another usable address of either
//   family exists (§5.1.1.1: they MUST NOT be candidates; libwebrtc ignores them the same way) and
//   used only on a machine with nothing else, so two peers in a network namespace with only `lo`
//   still connect.
// - IPv6: global and unique-local (fc00::/7) addresses. Link-local ones (fe80::/10) are left out
//   (§5.1.1.1: they need a scope id, and the peer cannot reach them from another link), and so are
//   IPv4-mapped/-compatible, site-local (deprecated, RFC 3879) and multicast addresses. Node does
//   not say which addresses are temporary or deprecated (RFC 4941), so that is not filtered.
// - Order (the interface index, the low bits of the local preference): RFC 8421 §4 asks a
//   dual-stack agent to intermingle the two families among its candidates, IPv6 first, so that a
//   broken path of one family does not hold back every check of the other; the addresses alternate
//   IPv6, IPv4, IPv6, ... (@rtc/ice's `interleaveFamilies`, whose local preference keeps that order).
import { createSocket, type Socket } from 'node:dgram';
import { BlockList } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type Address, type HostSocket, interleaveFamilies, isIPv4, isIPv6 } from '@rtc/ice';
import { literalLookup } from '@rtc/ice/node';

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

/**
 * At most this many IPv6 host addresses: an interface with privacy extensions (RFC 8981) lists a new
 * temporary address every day or so, and Node cannot tell them apart. libwebrtc caps IPv6 too.
 */
export const MAX_IPV6_HOST_ADDRESSES = 5;

/** IPv6 ranges that never become host candidates by default (RFC 4291 §2.4, §2.5.5). */
const UNUSABLE_IPV6 = new BlockList();
UNUSABLE_IPV6.addSubnet('::', 96, 'ipv6'); // unspecified and IPv4-compatible (deprecated)
UNUSABLE_IPV6.addSubnet('::ffff:0:0', 96, 'ipv6'); // IPv4-mapped: an IPv4 address seen from udp6
UNUSABLE_IPV6.addSubnet('fe80::', 10, 'ipv6'); // link-local: needs a scope id
UNUSABLE_IPV6.addSubnet('fec0::', 10, 'ipv6'); // site-local, deprecated by RFC 3879
UNUSABLE_IPV6.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** True for a global or unique-local IPv6 unicast address (not loopback, link-local, mapped...). */
export function isUsableIPv6(address: string): boolean {
  return isIPv6(address) && address !== '::1' && !UNUSABLE_IPV6.check(address, 'ipv6');
}

/** Which local addresses become host candidates: 'auto' (default) uses loopback only when the
 * machine has no other usable address of either family; true adds it after the others; false
 * never uses it. */
export type LoopbackPolicy = 'auto' | boolean;

/**
 * Local addresses from an interface list, in candidate preference order: usable IPv6 and IPv4
 * addresses interleaved (RFC 8421 §4), then loopback (::1, 127.x interleaved the same way) per
 * `policy`. interfaceIndex is the position in that order.
 */
export function hostAddressesOf(
  list: ReturnType<typeof networkInterfaces>,
  policy: LoopbackPolicy = 'auto',
): HostAddress[] {
  type Entry = { address: string; family: 'IPv4' | 'IPv6' };
  const usable: Entry[] = [];
  const loopback: Entry[] = [];
  let v6 = 0;
  for (const entries of Object.values(list)) {
    for (const a of entries ?? []) {
      if (a.internal) {
        if (a.family === 'IPv6' ? a.address === '::1' : isIPv4(a.address))
          loopback.push({ address: a.address, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4' });
      } else if (a.family === 'IPv4') {
        if (isIPv4(a.address)) usable.push({ address: a.address, family: 'IPv4' });
      } else if (isUsableIPv6(a.address) && v6 < MAX_IPV6_HOST_ADDRESSES) {
        v6++;
        usable.push({ address: a.address, family: 'IPv6' });
      }
    }
  }
  const ordered = interleaveFamilies(usable);
  if (policy === true || (policy === 'auto' && ordered.length === 0))
    ordered.push(...interleaveFamilies(loopback));
  return ordered.map(({ address }, interfaceIndex) => ({ address, interfaceIndex }));
}

/**
 * Local addresses of this machine (see hostAddressesOf): both families, interleaved (RFC 8421 §4),
 * or exactly `only` when given. `list` is the interface list to read (the machine's by default).
 */
export function localAddresses(
  options: { includeLoopback?: LoopbackPolicy; only?: string[] } = {},
  list?: ReturnType<typeof networkInterfaces>,
): HostAddress[] {
  if (options.only && options.only.length > 0)
    return options.only.map((address, i) => ({ address, interfaceIndex: i }));
  const policy = options.includeLoopback ?? 'auto';
  if (list) return hostAddressesOf(list, policy);
  // The machine's list is reused for a second (currentInterfaces), and so is what it gives per
  // policy: every connection asks at gathering and again for each path it checks (path-mtu.ts).
  const current = currentInterfaces();
  if (ordered?.list !== current) ordered = { list: current, byPolicy: new Map() };
  let addresses = ordered.byPolicy.get(policy);
  if (!addresses) ordered.byPolicy.set(policy, (addresses = hostAddressesOf(current, policy)));
  return addresses.map((a) => ({ ...a }));
}

let ordered:
  | { list: ReturnType<typeof networkInterfaces>; byPolicy: Map<LoopbackPolicy, HostAddress[]> }
  | undefined;

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

/**
 * The same for a udp6 socket: Node writes a link-local source with its zone ("fe80::1%eth0"), which
 * the remote candidate (RFC 8839 §5.1 grammar: no zone) does not carry, so the zone is dropped.
 */
function listen6(socket: Socket, socketId: string, sink: DatagramSink): void {
  socket.on('message', (msg, rinfo) => {
    sink.onDatagram(socketId, { address: withoutZone(rinfo.address), port: rinfo.port }, msg);
  });
}

/** "fe80::1%eth0" -> "fe80::1"; also "[::1]" -> "::1" (hostAddresses may be written either way). */
function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  const bare = zone < 0 ? address : address.slice(0, zone);
  return bare.startsWith('[') && bare.endsWith(']') ? bare.slice(1, -1) : bare;
}

const LINK_LOCAL_V6 = /^fe[89ab][0-9a-f]:/i;

export class UdpSockets {
  /** Bound sockets by id, with the host address each was bound to. */
  readonly #sockets = new Map<string, { socket: Socket; host: HostAddress; zone: string }>();
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
    // An IPv6 literal (zone and brackets allowed) gets an IPv6-only udp6 socket, so it never sees
    // IPv4-mapped traffic; anything else a udp4 socket, as before (a name resolves through dns).
    const bracketed = host.address.startsWith('[') && host.address.endsWith(']');
    const text = bracketed ? host.address.slice(1, -1) : host.address;
    const six = isIPv6(text);
    // literalLookup answers IP literals inside bind() and send(). No IPv4 remote ever reaches a udp6
    // socket (or the reverse): ICE pairs a local candidate only with remote ones of its family
    // (RFC 8445 §6.1.2.2).
    const socket = six
      ? createSocket({ type: 'udp6', ipv6Only: true, lookup: literalLookup })
      : createSocket({ type: 'udp4', lookup: literalLookup });
    const address = six ? withoutZone(text) : text;
    const zone = six && text.includes('%') ? text.slice(text.indexOf('%')) : '';
    const socketId = `udp:${address}:${this.#nextId++}`;
    const onError = () => {
      socket.close();
      done(undefined);
    };
    socket.once('error', onError);
    socket.bind(0, text, () => {
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
      if (six) listen6(socket, socketId, this.#sink);
      else listen(socket, socketId, this.#sink);
      this.#sockets.set(socketId, { socket, host, zone });
      done({
        socketId,
        address,
        port: socket.address().port,
        family: six ? 'IPv6' : 'IPv4',
        interfaceIndex: host.interfaceIndex,
      });
    });
  }

  send(socketId: string, to: Address, data: Uint8Array): void {
    const entry = this.#sockets.get(socketId);
    if (!entry) return;
    // A socket bound to a link-local address with a zone sends to link-local peers on that link.
    const address =
      entry.zone !== '' && LINK_LOCAL_V6.test(to.address) && !to.address.includes('%')
        ? to.address + entry.zone
        : to.address;
    entry.socket.send(data, to.port, address);
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
