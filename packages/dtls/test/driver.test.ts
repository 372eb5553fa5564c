import * as dgram from 'node:dgram';
import { DtlsSocket } from '../src/node/socket.js';
import { testCertificates } from './helpers/pair.js';

/** A client and a server DtlsSocket on two bound loopback sockets (closed by the caller). */
async function socketPair(clientOptions: { falseStart?: boolean } = {}) {
  const [a, b] = testCertificates();
  const sa = dgram.createSocket('udp4');
  const sb = dgram.createSocket('udp4');
  await Promise.all([
    new Promise<void>((r) => sa.bind(0, '127.0.0.1', r)),
    new Promise<void>((r) => sb.bind(0, '127.0.0.1', r)),
  ]);
  const server = new DtlsSocket({
    role: 'server',
    certificate: b,
    socket: sb,
    expectedFingerprints: [a.sdpFingerprint()],
  });
  const client = new DtlsSocket({
    role: 'client',
    certificate: a,
    socket: sa,
    remote: { address: '127.0.0.1', port: sb.address().port },
    expectedFingerprints: [b.sdpFingerprint()],
    ...clientOptions,
  });
  return { sa, sb, server, client };
}

describe('node driver (DtlsSocket) on 127.0.0.1', () => {
  it("False Start: the client's 'false-start' event comes before 'connected' and its data arrives", async () => {
    const { sa, sb, server, client } = await socketPair({ falseStart: true });
    try {
      const order: string[] = [];
      client.once('connected', () => order.push('connected'));
      const got = new Promise<string>((r) => server.once('data', (d) => r(Buffer.from(d).toString())));
      client.once('false-start', () => {
        order.push('false-start');
        client.send(new TextEncoder().encode('early'));
      });
      expect(await got).toBe('early');
      await new Promise((r) => (client.endpoint.isConnected ? r(undefined) : client.once('connected', r)));
      expect(order).toEqual(['false-start', 'connected']);
      client.close();
      server.close();
    } finally {
      sa.close();
      sb.close();
    }
  }, 10_000);

  it('connects two sockets, carries data both ways, and close_notify closes the peer', async () => {
    const { sa, sb, server, client } = await socketPair();
    try {
      await Promise.all([
        new Promise((r) => client.once('connected', r)),
        new Promise((r) => server.once('connected', r)),
      ]);
      const got = new Promise<string>((r) => server.once('data', (d) => r(Buffer.from(d).toString())));
      client.send(new TextEncoder().encode('ping'));
      expect(await got).toBe('ping');
      const back = new Promise<string>((r) => client.once('data', (d) => r(Buffer.from(d).toString())));
      server.send(new TextEncoder().encode('pong'));
      expect(await back).toBe('pong');
      const alert = new Promise<string>((r) => server.once('alert', (e) => r(e.name)));
      const closed = new Promise<void>((r) => server.once('close', () => r()));
      client.close();
      expect(await alert).toBe('close_notify');
      await closed;
      expect(client.endpoint.isClosed).toBe(true);
      expect(client.endpoint.nextDeadline()).toBeUndefined();
    } finally {
      sa.close();
      sb.close();
    }
  });
});
