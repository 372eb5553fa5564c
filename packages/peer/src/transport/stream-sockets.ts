// TURN over TCP or TLS (RFC 8656 §3.1, RFC 6062 framing is the agent's job): the agent asks for a
// stream to the server with an 'open-stream' event and sends raw stream bytes on that socket id;
// this class owns the Node sockets and reports connect, data and close back.
import { type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type Address, ipFamily } from '@rtc/ice';

export interface StreamHandlers {
  onStreamConnected(socketId: string): void;
  onStreamData(socketId: string, bytes: Uint8Array): void;
  onStreamClosed(socketId: string): void;
}

export class StreamSockets {
  readonly #sockets = new Map<string, Socket>();
  readonly #handlers: StreamHandlers;
  #closed = false;

  constructor(handlers: StreamHandlers) {
    this.#handlers = handlers;
  }

  has(socketId: string): boolean {
    return this.#sockets.has(socketId);
  }

  open(socketId: string, to: Address, tls: boolean, serverName: string | undefined): void {
    if (this.#closed || this.#sockets.has(socketId)) return;
    // RFC 6066 §3: SNI carries a host name only, never an IPv4 or IPv6 literal (Node warns and
    // drops one); the certificate is then checked against the address itself.
    const name = serverName ?? to.address;
    const socket = tls
      ? tlsConnect({ host: to.address, port: to.port, ...(ipFamily(name) === 0 ? { servername: name } : {}) })
      : tcpConnect({ host: to.address, port: to.port });
    socket.setNoDelay(true);
    this.#sockets.set(socketId, socket);
    socket.once(tls ? 'secureConnect' : 'connect', () => this.#handlers.onStreamConnected(socketId));
    socket.on('data', (chunk: Buffer) => this.#handlers.onStreamData(socketId, chunk));
    // An error is followed by 'close': the agent hears about the stream ending once.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      if (this.#sockets.get(socketId) !== socket) return;
      this.#sockets.delete(socketId);
      if (!this.#closed) this.#handlers.onStreamClosed(socketId);
    });
  }

  write(socketId: string, data: Uint8Array): void {
    this.#sockets.get(socketId)?.write(data);
  }

  /** Closes one stream after its queued bytes are written. */
  end(socketId: string): void {
    const socket = this.#sockets.get(socketId);
    if (!socket) return;
    this.#sockets.delete(socketId);
    socket.end();
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#sockets.values()) s.end();
    this.#sockets.clear();
  }
}
