import { nobleCrypto } from '../src/index.js';
import { connected, makePair, runPair } from './helpers/pair.js';

describe('full handshake over a perfect pipe', () => {
  it('connects, negotiates SRTP, exchanges data and agrees on exported keys', () => {
    const p = makePair();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    const c = p.clientEvents.find((e) => e.type === 'connected');
    expect(c).toEqual({
      type: 'connected',
      cipherSuite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      srtpProfile: 'SRTP_AEAD_AES_128_GCM',
      extendedMasterSecret: true,
    });
    expect(p.serverEvents.find((e) => e.type === 'connected')).toEqual(c);
    const a = p.client.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60);
    expect(Buffer.from(p.server.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60))).toEqual(Buffer.from(a));
    p.client.send(new TextEncoder().encode('hello'));
    p.server.send(new TextEncoder().encode('world'));
    runPair(
      p,
      () => p.serverEvents.some((e) => e.type === 'data') && p.clientEvents.some((e) => e.type === 'data'),
    );
    const sd = p.serverEvents.find((e) => e.type === 'data');
    const cd = p.clientEvents.find((e) => e.type === 'data');
    expect(sd?.type === 'data' && new TextDecoder().decode(sd.data)).toBe('hello');
    expect(cd?.type === 'data' && new TextDecoder().decode(cd.data)).toBe('world');
    expect(Buffer.from(p.client.remoteCertificate!)).toEqual(Buffer.from(p.serverCert.der));
    expect(Buffer.from(p.server.remoteCertificate!)).toEqual(Buffer.from(p.clientCert.der));
  });

  for (const suite of [
    'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
    'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  ] as const) {
    for (const group of ['x25519', 'secp256r1', 'secp384r1'] as const) {
      for (const backend of ['node', 'noble'] as const) {
        it(`${suite} over ${group} on the ${backend} backend`, () => {
          const crypto = backend === 'noble' ? { crypto: nobleCrypto } : {};
          const p = makePair({ cipherSuites: [suite], groups: [group], ...crypto }, { ...crypto });
          runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
          const ev = p.clientEvents.find((e) => e.type === 'connected');
          expect(ev?.type === 'connected' && ev.cipherSuite).toBe(suite);
          p.client.send(new Uint8Array([1, 2, 3]));
          runPair(p, () => p.serverEvents.some((e) => e.type === 'data'));
          const d = p.serverEvents.find((e) => e.type === 'data');
          expect(d?.type === 'data' && Array.from(d.data)).toEqual([1, 2, 3]);
        });
      }
    }
  }
});
