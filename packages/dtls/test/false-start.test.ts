import { DtlsEndpoint, type DtlsEvent } from '../src/index.js';
import { connected, drainEvents, makePair, type Pair, runPair, testCertificates } from './helpers/pair.js';

// RFC 7918 TLS False Start, client side: application data may follow the client's Finished before
// the server's Finished arrives, once the server is authenticated (certificate fingerprint and
// ServerKeyExchange signature), with an ECDHE + AEAD suite (every suite we offer).

/** Steps the handshake by hand (no cookie exchange): returns the datagrams of each flight. */
function flights(p: Pair) {
  const take = (e: DtlsEndpoint) => {
    const out: Uint8Array[] = [];
    for (let d = e.pollTransmit(); d; d = e.pollTransmit()) out.push(d);
    return out;
  };
  p.client.start(0);
  const f1 = take(p.client);
  for (const d of f1) p.server.handleDatagram(d, 1);
  const f2 = take(p.server);
  for (const d of f2) p.client.handleDatagram(d, 2);
  const f5 = take(p.client);
  drainEvents(p.client, p.clientEvents);
  return { f1, f2, f5, take };
}

const types = (events: DtlsEvent[]) => events.map((e) => e.type);

describe('False Start (RFC 7918), client', () => {
  it('after flight 5, send() works before the server Finished; the server delivers it once connected', () => {
    const p = makePair({ falseStart: true }, { cookieExchange: false });
    const { f5, take } = flights(p);
    expect(types(p.clientEvents)).toEqual(['false-start']);
    expect(p.client.isConnected).toBe(false);
    p.client.send(new Uint8Array([1, 2, 3]));
    const early = take(p.client);
    expect(early).toHaveLength(1);
    // Flight 5, then the early record: the server completes and then delivers the data.
    for (const d of [...f5, ...early]) p.server.handleDatagram(d, 3);
    drainEvents(p.server, p.serverEvents);
    expect(types(p.serverEvents)).toEqual(['connected', 'data']);
    const data = p.serverEvents[1];
    expect(data?.type === 'data' && Array.from(data.data)).toEqual([1, 2, 3]);
    // Flight 6 completes the client's handshake.
    for (const d of take(p.server)) p.client.handleDatagram(d, 4);
    drainEvents(p.client, p.clientEvents);
    expect(types(p.clientEvents)).toEqual(['false-start', 'connected']);
  });

  it("holds the server's application data until the server Finished is verified", () => {
    const p = makePair({ falseStart: true }, { cookieExchange: false });
    const { f5, take } = flights(p);
    for (const d of f5) p.server.handleDatagram(d, 3);
    const f6 = take(p.server);
    p.server.send(new Uint8Array([9]));
    const appData = take(p.server);
    // The server's record overtakes flight 6: held, not delivered.
    for (const d of appData) p.client.handleDatagram(d, 4);
    drainEvents(p.client, p.clientEvents);
    expect(types(p.clientEvents)).toEqual(['false-start']);
    for (const d of f6) p.client.handleDatagram(d, 5);
    drainEvents(p.client, p.clientEvents);
    expect(types(p.clientEvents)).toEqual(['false-start', 'connected', 'data']);
  });

  it('off by default: no event, and send() before the server Finished is refused', () => {
    const p = makePair({}, { cookieExchange: false });
    flights(p);
    expect(types(p.clientEvents)).toEqual([]);
    expect(() => p.client.send(new Uint8Array([1]))).toThrow(/not connected/);
  });

  it('not before flight 5: send() after the ClientHello is refused', () => {
    const p = makePair({ falseStart: true }, { cookieExchange: false });
    p.client.start(0);
    expect(() => p.client.send(new Uint8Array([1]))).toThrow(/not connected/);
  });

  it('not while the server certificate is unchecked (fingerprint not yet known)', () => {
    const p = makePair({ falseStart: true, expectedFingerprints: undefined }, { cookieExchange: false });
    const { f5, take } = flights(p);
    expect(types(p.clientEvents)).toEqual([]);
    expect(() => p.client.send(new Uint8Array([1]))).toThrow(/not connected/);
    // The fingerprint learned afterwards: the handshake completes without a False Start.
    p.client.setRemoteFingerprints([p.serverCert.sdpFingerprint()]);
    for (const d of f5) p.server.handleDatagram(d, 3);
    for (const d of take(p.server)) p.client.handleDatagram(d, 4);
    drainEvents(p.client, p.clientEvents);
    expect(types(p.clientEvents)).toEqual(['connected']);
  });

  it('a server ignores the option: no event, even when its Finished goes out under the new keys', () => {
    const p = makePair({}, { falseStart: true, cookieExchange: false });
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(types(p.serverEvents)).toEqual(['connected']);
    const [clientCert, serverCert] = testCertificates();
    const idle = new DtlsEndpoint({
      role: 'server',
      certificate: serverCert,
      expectedFingerprints: [clientCert.sdpFingerprint()],
      falseStart: true,
    });
    expect(() => idle.send(new Uint8Array([1]))).toThrow(/not connected/);
  });
});
