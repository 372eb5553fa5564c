import fc from 'fast-check';
import { readPublicKeyInfo } from '../src/certificate/x509.js';
import { decodeCertificateMessage } from '../src/handshake/certificate.js';
import { decodeCertificateRequest } from '../src/handshake/certificate-request.js';
import { decodeCertificateVerify } from '../src/handshake/certificate-verify.js';
import { type ClientHello, decodeClientHello, encodeClientHello } from '../src/handshake/client-hello.js';
import { decodeClientKeyExchange } from '../src/handshake/client-key-exchange.js';
import { decodeUseSrtp } from '../src/handshake/extensions.js';
import { decodeFinished } from '../src/handshake/finished.js';
import { decodeFragments, encodeFragment } from '../src/handshake/header.js';
import { decodeHelloVerifyRequest } from '../src/handshake/hello-verify-request.js';
import { decodeServerHello } from '../src/handshake/server-hello.js';
import { decodeServerKeyExchange } from '../src/handshake/server-key-exchange.js';
import { DtlsEndpoint, DtlsError, parseFingerprint } from '../src/index.js';
import { decodeDatagram, decodeRecord, encodeRecord } from '../src/record/record.js';
import { testCertificates } from './helpers/pair.js';

const decoders: [string, (b: Uint8Array) => unknown][] = [
  ['record', (b) => decodeRecord(b)],
  ['datagram', (b) => decodeDatagram(b)],
  ['handshake fragments', decodeFragments],
  ['ClientHello', decodeClientHello],
  ['ServerHello', decodeServerHello],
  ['HelloVerifyRequest', decodeHelloVerifyRequest],
  ['Certificate', decodeCertificateMessage],
  ['ServerKeyExchange', decodeServerKeyExchange],
  ['CertificateRequest', decodeCertificateRequest],
  ['ClientKeyExchange', decodeClientKeyExchange],
  ['CertificateVerify', decodeCertificateVerify],
  ['Finished', decodeFinished],
  ['use_srtp', decodeUseSrtp],
  ['X.509 SubjectPublicKeyInfo', readPublicKeyInfo],
];

/** Either a value or a DtlsError: nothing else may escape a decoder. */
function onlyDtlsError(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof DtlsError)) throw e;
  }
}

const mutate = (valid: Uint8Array) =>
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })
    .chain((edits) =>
      fc.nat({ max: valid.length }).map((cut) => {
        const b = new Uint8Array(valid);
        for (const [i, v] of edits) b[i % b.length] = v;
        return b.subarray(0, Math.max(cut, valid.length - 3));
      }),
    );

const hello: ClientHello = {
  version: 0xfefd,
  random: new Uint8Array(32).fill(7),
  sessionId: new Uint8Array(0),
  cookie: new Uint8Array([1, 2, 3]),
  cipherSuites: [0xc02b, 0xc02c],
  compressionMethods: new Uint8Array([0]),
  extensions: [
    { type: 23, data: new Uint8Array(0) },
    { type: 10, data: new Uint8Array([0, 2, 0, 29]) },
  ],
};

describe('decoders only ever throw DtlsError', () => {
  for (const [name, decode] of decoders) {
    it(`${name}: random bytes`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyDtlsError(() => decode(b))),
        {
          numRuns: 400,
          seed: 7,
        },
      );
    });
  }

  it('mutated ClientHello / certificate / records', () => {
    const [cert] = testCertificates();
    const samples: [Uint8Array, (b: Uint8Array) => unknown][] = [
      [encodeClientHello(hello), decodeClientHello],
      [cert.der, readPublicKeyInfo],
      [encodeRecord(22, 0, 5, encodeFragment(1, 10, 0, 0, new Uint8Array(10))), decodeDatagram],
      [encodeFragment(1, 10, 0, 0, new Uint8Array(10)), decodeFragments],
    ];
    for (const [valid, decode] of samples) {
      fc.assert(
        fc.property(mutate(valid), (b) => onlyDtlsError(() => decode(b))),
        { numRuns: 300, seed: 11 },
      );
    }
  });

  it('SDP fingerprint parser', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => onlyDtlsError(() => parseFingerprint(s))),
      {
        numRuns: 300,
        seed: 3,
      },
    );
  });

  it('ClientHello round-trips', () => {
    const arb = fc.record({
      random: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      cookie: fc.uint8Array({ maxLength: 255 }),
      cipherSuites: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 20 }),
      exts: fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(arb, ({ random, cookie, cipherSuites, exts }) => {
        const m: ClientHello = {
          ...hello,
          random,
          cookie,
          cipherSuites,
          extensions: exts.map((type) => ({ type, data: new Uint8Array([type & 0xff]) })),
        };
        const d = decodeClientHello(encodeClientHello(m));
        expect(Array.from(d.cookie)).toEqual(Array.from(cookie));
        expect(d.cipherSuites).toEqual(cipherSuites);
        expect(d.extensions.map((e) => e.type)).toEqual(exts);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('a live endpoint never throws on garbage', () => {
  it.each(['client', 'server'] as const)('%s: random and record-shaped datagrams', (role) => {
    const [a, b] = testCertificates();
    const ep = new DtlsEndpoint({ role, certificate: a, expectedFingerprints: [b.sdpFingerprint()] });
    ep.start(0);
    const recordish = fc
      .tuple(
        fc.integer({ min: 20, max: 23 }),
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 200 }),
      )
      .map(([t, e, s, f]) => encodeRecord(t, e, s, f));
    let now = 0;
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), recordish), (d) => {
        ep.handleDatagram(d, ++now);
        ep.handleTimeout(now);
        while (ep.pollTransmit());
        while (ep.pollEvent());
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});
