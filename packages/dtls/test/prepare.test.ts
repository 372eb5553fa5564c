import { connected, drainEvents, makePair, runPair } from './helpers/pair.js';
import { recordingBackend } from './helpers/recording-backend.js';

// DtlsEndpoint.prepare(): the work of this side's first flight that nothing from the peer decides
// (the ephemeral ECDHE key; a client's ClientHello), done ahead in idle time. It must send nothing,
// change nothing the peer sees, and never let one ephemeral key serve twice.

const exported = (e: { exportKeyingMaterial(l: string, n: number): Uint8Array }) =>
  Buffer.from(e.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toString('hex');

describe('prepare()', () => {
  it('sends nothing and raises no event, on either side', () => {
    const p = makePair({}, { cookieExchange: false });
    p.client.prepare();
    p.server.prepare();
    expect(p.client.pollTransmit()).toBeUndefined();
    expect(p.server.pollTransmit()).toBeUndefined();
    drainEvents(p.client, p.clientEvents);
    drainEvents(p.server, p.serverEvents);
    expect(p.clientEvents).toEqual([]);
    expect(p.serverEvents).toEqual([]);
  });

  it('a prepared client and server complete the handshake with the keys prepared, and agree on the keying material', () => {
    const c = recordingBackend();
    const s = recordingBackend();
    const p = makePair({ crypto: c.backend, falseStart: true }, { crypto: s.backend, cookieExchange: false });
    p.client.prepare();
    p.server.prepare();
    expect(c.made).toEqual(['x25519']);
    expect(s.made).toEqual(['x25519']);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(connected(p.clientEvents) && connected(p.serverEvents)).toBe(true);
    // No further key: each side used the one it prepared.
    expect(c.made).toEqual(['x25519']);
    expect(s.made).toEqual(['x25519']);
    expect(exported(p.client)).toBe(exported(p.server));
  });

  it('prepares once: a second call, or one after the handshake began, makes no new key', () => {
    const c = recordingBackend();
    const s = recordingBackend();
    const p = makePair({ crypto: c.backend }, { crypto: s.backend, cookieExchange: false });
    p.client.prepare();
    p.client.prepare();
    p.server.prepare();
    p.server.prepare();
    expect(c.made).toEqual(['x25519']);
    expect(s.made).toEqual(['x25519']);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    p.client.prepare();
    p.server.prepare();
    expect(c.made).toEqual(['x25519']);
    expect(s.made).toEqual(['x25519']);
  });

  it('the server uses its prepared key only for the group it was made for', () => {
    const s = recordingBackend();
    // The client offers P-256 only: the server's prepared X25519 key is not used; a P-256 one is made.
    const p = makePair({ groups: ['secp256r1'] }, { crypto: s.backend, cookieExchange: false });
    p.server.prepare();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(connected(p.clientEvents) && connected(p.serverEvents)).toBe(true);
    expect(s.made).toEqual(['x25519', 'secp256r1']);
    expect(exported(p.client)).toBe(exported(p.server));
  });

  it('a closed endpoint prepares nothing', () => {
    const c = recordingBackend();
    const s = recordingBackend();
    const p = makePair({ crypto: c.backend }, { crypto: s.backend });
    p.client.close();
    p.server.close();
    p.client.prepare();
    p.server.prepare();
    expect(c.made).toEqual([]);
    expect(s.made).toEqual([]);
  });

  it('an unprepared pair still completes (prepare is optional)', () => {
    const p = makePair({}, { cookieExchange: false });
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(exported(p.client)).toBe(exported(p.server));
  });
});
