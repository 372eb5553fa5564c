import { HandshakeType } from '../src/handshake/header.js';
import { ContentType, decodeDatagram } from '../src/record/record.js';
import { connected, makePair, runPair } from './helpers/pair.js';

/** Handshake message types in a datagram (epoch-0 handshake records only). */
function messageTypes(d: Uint8Array): number[] {
  return decodeDatagram(d)
    .records.filter((r) => r.type === ContentType.handshake && r.epoch === 0)
    .map((r) => r.fragment[0]!);
}

describe('cookie exchange (RFC 6347 §4.2.1)', () => {
  it('by default the first ClientHello is answered with a HelloVerifyRequest', () => {
    const p = makePair();
    p.client.start(0);
    p.server.handleDatagram(p.client.pollTransmit()!, 0);
    expect(messageTypes(p.server.pollTransmit()!)).toEqual([HandshakeType.helloVerifyRequest]);
  });

  it('cookieExchange: false answers the first ClientHello with flight 4 and saves a round trip', () => {
    const p = makePair({}, { cookieExchange: false });
    p.client.start(0);
    p.server.handleDatagram(p.client.pollTransmit()!, 0);
    const first = p.server.pollTransmit()!;
    expect(messageTypes(first)[0]).toBe(HandshakeType.serverHello);
    p.client.handleDatagram(first, 0);
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) p.client.handleDatagram(d, 0);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.client.isConnected && p.server.isConnected).toBe(true);
    // Client flights: ClientHello, then flight 5 (no second ClientHello).
    expect(p.client.stats.retransmissions).toBe(0);
    p.client.send(new Uint8Array([7]));
    runPair(p, () => p.serverEvents.some((e) => e.type === 'data'));
    expect(p.serverEvents.some((e) => e.type === 'data' && e.data[0] === 7)).toBe(true);
  });

  it('cookieExchange: false: a retransmitted ClientHello makes the server resend flight 4, not restart', () => {
    const p = makePair({}, { cookieExchange: false });
    p.client.start(0);
    const ch = p.client.pollTransmit()!;
    p.server.handleDatagram(ch, 0);
    const flight4: Uint8Array[] = [];
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) flight4.push(d);
    p.server.handleDatagram(ch, 600);
    const again: Uint8Array[] = [];
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) again.push(d);
    expect(again.length).toBe(flight4.length);
    expect(Buffer.from(decodeDatagram(again[0]!).records[0]!.fragment)).toEqual(
      Buffer.from(decodeDatagram(flight4[0]!).records[0]!.fragment),
    );
    for (const d of again) p.client.handleDatagram(d, 600);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
  });

  it('cookieExchange: false still drops what is not a ClientHello before the handshake', () => {
    const p = makePair({}, { cookieExchange: false });
    // An application-data record and a truncated handshake record: dropped, no state, nothing sent.
    p.server.handleDatagram(new Uint8Array([23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2, 9, 9]), 0);
    p.server.handleDatagram(new Uint8Array([22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 1, 0, 0]), 0);
    expect(p.server.pollTransmit()).toBeUndefined();
    expect((p.server as unknown as { server: unknown }).server).toBeUndefined();
    expect(p.server.stats.droppedRecords + p.server.stats.malformedRecords).toBe(2);
  });
});

describe('state released after the handshake (idle connections hold little)', () => {
  it('flows and the peer key object are dropped; the peer certificate and exporter stay', () => {
    const p = makePair();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    for (const e of [p.client, p.server]) {
      const inner = e as unknown as { client?: unknown; server?: unknown; session: { peerKey?: unknown } };
      expect(inner.client).toBeUndefined();
      expect(inner.server).toBeUndefined();
      expect(inner.session.peerKey).toBeUndefined();
      expect(e.remoteCertificate).toBeDefined();
      expect(e.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toHaveLength(60);
    }
    // A server without a flow still does not mistake a new ClientHello for a fresh handshake: at most
    // its final flight (ChangeCipherSpec + Finished) is repeated, never a ServerHello or a cookie.
    const q = makePair();
    q.client.start(0);
    const ch = q.client.pollTransmit()!;
    runPair(p, () => true);
    p.server.handleDatagram(ch, 5);
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) {
      expect(messageTypes(d)).toEqual([]);
      expect(d[0]).toBe(ContentType.changeCipherSpec);
    }
    expect(p.server.isConnected).toBe(true);
  });
});
