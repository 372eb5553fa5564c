// The sockets of one connection's ICE agent: a UDP socket per host address (udp-sockets.ts), the
// TCP/TLS streams to TURN servers (stream-sockets.ts, made on the first one: most connections never
// open one), and the host addresses whose sockets ICE released (RFC 8445 §8.3.1), bound again on an
// ICE restart.
import type { HostSocket, Transmit } from '@rtc/ice';
import { type StreamHandlers, StreamSockets } from './stream-sockets.js';
import { type DatagramSink, type HostAddress, UdpSockets } from './udp-sockets.js';

/** Where the sockets' input goes (the TransportStack). */
export type SocketInput = DatagramSink & StreamHandlers;

export class HostSockets {
  readonly #input: SocketInput;
  readonly #udp: UdpSockets;
  #streams: StreamSockets | undefined;
  /** Host addresses whose sockets ICE released, bound again on an ICE restart. */
  #released: HostAddress[] | undefined;
  #closed = false;

  constructor(input: SocketInput) {
    this.#input = input;
    this.#udp = new UdpSockets(input);
  }

  /**
   * Binds one socket per address; `bound` is called once per address (undefined when it failed),
   * for IP literals before this returns (see @rtc/ice/node's literalLookup).
   */
  bind(addresses: HostAddress[], bound: (host: HostSocket | undefined) => void): void {
    this.#udp.bind(addresses, bound);
  }

  /** Sends an agent transmit on its UDP socket or stream. */
  send(t: Transmit): void {
    const streams = this.#streams;
    if (streams?.has(t.socketId)) streams.write(t.socketId, t.data);
    else this.#udp.send(t.socketId, t.to, t.data);
  }

  openStream(socketId: string, to: Transmit['to'], tls: boolean, serverName: string | undefined): void {
    if (this.#closed) return;
    this.#streams ??= new StreamSockets(this.#input);
    this.#streams.open(socketId, to, tls, serverName);
  }

  endStream(socketId: string): void {
    this.#streams?.end(socketId);
  }

  /** Closes a host socket ICE no longer uses; its address is kept for an ICE restart. */
  release(socketId: string): void {
    const address = this.#udp.release(socketId);
    if (address) (this.#released ??= []).push(address);
  }

  /** The released host addresses, forgotten here (the caller binds them again). */
  takeReleased(): HostAddress[] {
    const again = this.#released ?? [];
    this.#released = undefined;
    return again;
  }

  close(): void {
    this.#closed = true;
    this.#streams?.close();
    this.#udp.close();
  }
}
