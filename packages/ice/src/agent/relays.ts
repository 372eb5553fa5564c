import type { Address } from '../candidate/address.js';
import type { LocalCandidate, SocketId } from '../candidate/types.js';
import { TurnAllocation } from '../turn/allocation.js';
import { StreamFramer } from '../turn/stream-framer.js';
import type { TurnEvent, TurnServerConfig } from '../turn/types.js';
import type { HostSocket, IceEvent, Transmit } from './types.js';

/** One TURN allocation and the socket it talks to its server over. */
export interface RelayEntry {
  id: number;
  allocation: TurnAllocation;
  socketId: SocketId;
  /** The host socket a UDP allocation was made from (for srflx candidates from its mapped address). */
  host: HostSocket | undefined;
  framer: StreamFramer | undefined;
  candidate: LocalCandidate | undefined;
  /** Still counted in the gathering (no answer yet). */
  gathering: boolean;
}

/** What the agent does with allocation output (the agent itself: no closures per agent). */
export interface RelayOwner {
  relayTransmit(t: Transmit): void;
  relayEvent(e: IceEvent): void;
  relayTurnEvent(entry: RelayEntry, e: TurnEvent, now: number): void;
  newTransactionId(): Uint8Array;
}

/**
 * The agent's TURN allocations, one per configured server (RFC 8656): UDP ones share a host socket,
 * TCP/TLS ones get their own stream socket which the driver opens on request.
 */
export class RelaySet {
  readonly entries: RelayEntry[] = [];
  private nextStream = 1;

  constructor(private readonly owner: RelayOwner) {}

  /**
   * Starts an allocation on each server; UDP ones from a host socket of the server's family. A UDP
   * Allocate is sent when `schedule` runs it (the agent paces gathering transactions at Ta, RFC 8445
   * §5.1.1); the Allocate of a TCP/TLS one goes out when its stream connects.
   */
  start(
    servers: readonly TurnServerConfig[],
    pickHost: (server: Address) => HostSocket | undefined,
    now: number,
    schedule: (run: (t: number) => void) => void = (run) => run(now),
  ): void {
    for (const server of servers) {
      const id = this.entries.length + 1;
      const allocation = new TurnAllocation(server, () => this.owner.newTransactionId());
      if (server.transport === 'udp') {
        const host = pickHost({ address: server.address, port: server.port });
        if (!host) continue;
        const entry = this.add(id, allocation, host.socketId, host, undefined);
        schedule((t) => {
          allocation.start(t);
          this.drain(entry, t);
        });
      } else {
        const socketId = `turn-stream-${this.nextStream++}`;
        this.add(id, allocation, socketId, undefined, new StreamFramer());
        this.owner.relayEvent({
          type: 'open-stream',
          socketId,
          to: { address: server.address, port: server.port },
          tls: server.transport === 'tls',
          serverName: server.serverName,
        });
      }
    }
  }

  private add(
    id: number,
    allocation: TurnAllocation,
    socketId: SocketId,
    host: HostSocket | undefined,
    framer: StreamFramer | undefined,
  ): RelayEntry {
    const entry: RelayEntry = {
      id,
      allocation,
      socketId,
      host,
      framer,
      candidate: undefined,
      gathering: true,
    };
    this.entries.push(entry);
    return entry;
  }

  byId(id: number): RelayEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** The UDP allocation whose server sent this datagram on this socket. */
  forDatagram(socketId: SocketId, from: Address): RelayEntry | undefined {
    return this.entries.find(
      (e) => e.framer === undefined && e.socketId === socketId && e.allocation.isFromServer(from),
    );
  }

  forStream(socketId: SocketId): RelayEntry | undefined {
    return this.entries.find((e) => e.framer !== undefined && e.socketId === socketId);
  }

  streamConnected(socketId: SocketId, now: number): void {
    const entry = this.forStream(socketId);
    if (!entry) return;
    entry.allocation.start(now);
    this.drain(entry, now);
  }

  /** Bytes from a TURN stream: split into frames (RFC 8656 §12.5) and handed to the allocation. */
  streamData(socketId: SocketId, bytes: Uint8Array, now: number): boolean {
    const entry = this.forStream(socketId);
    if (!entry?.framer) return false;
    const frames = entry.framer.push(bytes);
    if (frames === undefined) {
      this.streamClosed(socketId, now);
      this.owner.relayEvent({ type: 'close-stream', socketId });
      return false;
    }
    for (const f of frames) {
      entry.allocation.handleFrame(f, now);
      this.drain(entry, now);
    }
    return true;
  }

  streamClosed(socketId: SocketId, now: number): void {
    const entry = this.forStream(socketId);
    if (!entry || entry.allocation.state === 'closed') return;
    entry.allocation.close(now);
    while (entry.allocation.pollTransmit()) {
      // The stream is gone: nothing can be sent on it any more.
    }
    this.owner.relayTurnEvent(entry, { type: 'failed', reason: 'TURN stream closed' }, now);
  }

  /** Moves the allocation's queued frames to the agent's transmit queue and handles its events. */
  drain(entry: RelayEntry, now: number): void {
    for (;;) {
      const t = entry.allocation.pollTransmit();
      if (t) {
        this.owner.relayTransmit({ socketId: entry.socketId, to: entry.allocation.serverAddress, data: t });
        continue;
      }
      const e = entry.allocation.pollEvent();
      if (!e) break;
      this.owner.relayTurnEvent(entry, e, now);
    }
  }

  /** Relays application or check bytes to a peer through the allocation. */
  sendTo(entry: RelayEntry, peer: Address, data: Uint8Array): boolean {
    const ok = entry.allocation.sendTo(peer, data);
    for (let t = entry.allocation.pollTransmit(); t; t = entry.allocation.pollTransmit()) {
      this.owner.relayTransmit({ socketId: entry.socketId, to: entry.allocation.serverAddress, data: t });
    }
    return ok;
  }

  handleTimeout(now: number): void {
    for (const e of this.entries) {
      const d = e.allocation.nextDeadline();
      if (d !== undefined && d <= now) {
        e.allocation.handleTimeout(now);
        this.drain(e, now);
      }
    }
  }

  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const e of this.entries) {
      const d = e.allocation.nextDeadline();
      if (d !== undefined && (min === undefined || d < min)) min = d;
    }
    return min;
  }

  /** RFC 8656 §8: deallocate everything (Refresh lifetime 0) and ask the driver to close streams. */
  close(now: number): void {
    for (const e of this.entries) {
      e.allocation.close(now);
      for (let t = e.allocation.pollTransmit(); t; t = e.allocation.pollTransmit()) {
        this.owner.relayTransmit({ socketId: e.socketId, to: e.allocation.serverAddress, data: t });
      }
      if (e.framer) this.owner.relayEvent({ type: 'close-stream', socketId: e.socketId });
    }
  }
}
