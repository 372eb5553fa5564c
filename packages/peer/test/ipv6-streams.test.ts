// TURN over TCP/TLS to an IPv6 server (stream-sockets.ts): the stream connects to an IPv6 literal,
// and a TLS ClientHello carries no SNI for an IP-literal server name (RFC 6066 §3), only for a host
// name. The server here is plain TCP on ::1 that records the first bytes it gets (the ClientHello).
import { createServer, type Server, type Socket } from 'node:net';
import { StreamSockets } from '../src/transport/stream-sockets.js';
import { canBindIPv6Loopback, until } from './helpers.js';

const loopbackV6 = await canBindIPv6Loopback();
if (!loopbackV6) console.warn('ipv6-streams.test: ::1 unavailable on this machine; tests skipped');

let server: Server;
let port = 0;
const accepted: Socket[] = [];
let onBytes: ((b: Buffer) => void)[] = [];

beforeAll(async () => {
  if (!loopbackV6) return;
  server = createServer((socket) => {
    accepted.push(socket);
    socket.once('data', (b) => onBytes.shift()?.(b));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '::1', r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  if (!loopbackV6) return;
  for (const s of accepted) s.destroy();
  await new Promise((r) => server.close(r));
});

function nextBytes(): Promise<Buffer> {
  const p = new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no bytes')), 5000);
    onBytes.push((b) => {
      clearTimeout(timer);
      resolve(b);
    });
  });
  return p;
}

function streams() {
  const events: string[] = [];
  const s = new StreamSockets({
    onStreamConnected: (id) => events.push(`connected ${id}`),
    onStreamData: () => undefined,
    onStreamClosed: (id) => events.push(`closed ${id}`),
  });
  return { s, events };
}

(loopbackV6 ? describe : describe.skip)('stream sockets to an IPv6 TURN server', () => {
  afterEach(() => {
    onBytes = [];
  });

  test('a TCP stream connects to [::1] and carries bytes', async () => {
    const { s, events } = streams();
    try {
      const got = nextBytes();
      s.open('t1', { address: '::1', port }, false, undefined);
      await until(() => events.includes('connected t1'), 5000, 'connected');
      s.write('t1', new TextEncoder().encode('hello v6'));
      expect((await got).toString()).toBe('hello v6');
    } finally {
      s.close();
    }
  }, 10_000);

  test('TLS: no SNI for an IPv6-literal server name, SNI for a host name', async () => {
    const { s } = streams();
    try {
      const literal = nextBytes();
      s.open('l', { address: '::1', port }, true, '::1');
      const helloLiteral = await literal;
      expect(helloLiteral[0]).toBe(0x16); // a TLS handshake record (the ClientHello)
      expect(helloLiteral.includes(Buffer.from('::1'))).toBe(false);

      const named = nextBytes();
      s.open('n', { address: '::1', port }, true, 'turn.example.test');
      expect((await named).includes(Buffer.from('turn.example.test'))).toBe(true);
    } finally {
      s.close();
    }
  }, 10_000);
});
