import { DtlsError, nobleCrypto } from '../src/index.js';
import { decodeDatagram } from '../src/record/record.js';
import { connected, makePair, runPair } from './helpers/pair.js';
import { recordingBackend } from './helpers/recording-backend.js';

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
      peerRecordSizeLimit: 16384,
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

describe('the client ephemeral key (RFC 8422 §5.4)', () => {
  it('is made with the ClientHello for the preferred group, and used for the handshake', () => {
    const { backend, made } = recordingBackend();
    const p = makePair({ crypto: backend, groups: ['x25519', 'secp256r1'] });
    p.client.start(0);
    expect(made).toEqual(['x25519']);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(made).toEqual(['x25519']);
  });

  it('a server choosing another offered group gets a key for that group', () => {
    const { backend, made } = recordingBackend();
    const p = makePair({ crypto: backend, groups: ['x25519', 'secp256r1'] }, { groups: ['secp256r1'] });
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(made).toEqual(['x25519', 'secp256r1']);
    p.client.send(new Uint8Array([7]));
    runPair(p, () => p.serverEvents.some((e) => e.type === 'data'));
  });
});

describe('peer variations seen in the wild', () => {
  it('a client that frames its epoch-0 records as DTLS 1.0 (as browsers may) is accepted', () => {
    const p = makePair();
    const asDtls10 = (d: Uint8Array, from: 'client' | 'server') => {
      if (from !== 'client') return d;
      const out = new Uint8Array(d);
      expect(decodeDatagram(d).malformed).toBe(false);
      let pos = 0;
      while (pos + 13 <= out.length) {
        const epoch = (out[pos + 3]! << 8) | out[pos + 4]!;
        if (epoch === 0) {
          out[pos + 1] = 0xfe;
          out[pos + 2] = 0xff;
        }
        pos += 13 + ((out[pos + 11]! << 8) | out[pos + 12]!);
      }
      return out;
    };
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents), { filter: asDtls10 });
    expect(p.server.isConnected).toBe(true);
  });

  it('without use_srtp (srtpProfiles: []) the handshake still completes, with no profile', () => {
    const p = makePair({ srtpProfiles: [] });
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    const ev = p.serverEvents.find((e) => e.type === 'connected');
    expect(ev?.type === 'connected' && ev.srtpProfile).toBeUndefined();
  });

  it('the server picks the SRTP profile by its own preference', () => {
    const p = makePair(
      { srtpProfiles: ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_32'] },
      { srtpProfiles: ['SRTP_AES128_CM_HMAC_SHA1_32', 'SRTP_AEAD_AES_128_GCM'] },
    );
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.client.srtpProfile).toBe('SRTP_AES128_CM_HMAC_SHA1_32');
    expect(p.server.srtpProfile).toBe('SRTP_AES128_CM_HMAC_SHA1_32');
  });

  it('exporter refuses before the handshake and for reserved labels', () => {
    const p = makePair();
    expect(() => p.client.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toThrow(DtlsError);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(() => p.client.exportKeyingMaterial('master secret', 48)).toThrow(DtlsError);
    expect(() => p.client.send(new Uint8Array(16385))).toThrow(DtlsError);
  });
});
