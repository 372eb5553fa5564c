import {
  type Aead,
  type AeadAlgorithm,
  type DtlsEvent,
  nobleCrypto,
  type RecordAeadFactory,
} from '../src/index.js';
import { connected, makePair, runPair } from './helpers/pair.js';

// DtlsEndpointOptions.recordAead: an injected record AEAD (in @rtc/peer, @rtc/srtp's table GCM)
// replaces the backend's for the algorithms it returns one for. Here the injected AEAD is the
// portable @noble GCM wrapped to count its use, against a peer on the default node:crypto path.

interface Counting {
  factory: RecordAeadFactory;
  made: AeadAlgorithm[];
  seals: number;
  opens: number;
  rejected: number;
}

function counting(only: AeadAlgorithm): Counting {
  const c: Counting = { factory: () => undefined, made: [], seals: 0, opens: 0, rejected: 0 };
  c.factory = (alg, key) => {
    if (alg !== only) return undefined;
    c.made.push(alg);
    const inner = nobleCrypto.createAead(alg, key);
    const aead: Aead = {
      seal(nonce, aad, pt) {
        c.seals++;
        return inner.seal(nonce, aad, pt);
      },
      sealInto(out, offset, nonce, aad, pt) {
        c.seals++;
        inner.sealInto(out, offset, nonce, aad, pt);
      },
      open(nonce, aad, sealed) {
        c.opens++;
        const r = inner.open(nonce, aad, sealed);
        if (!r) c.rejected++;
        return r;
      },
    };
    return aead;
  };
  return c;
}

const data = (events: DtlsEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'data' ? [Buffer.from(e.data).toString()] : []));

function connectedPair(
  injected: Counting,
  suite: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' | 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
) {
  const p = makePair({ cipherSuites: [suite] }, { recordAead: injected.factory });
  runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
  expect(connected(p.clientEvents) && connected(p.serverEvents)).toBe(true);
  return p;
}

test('the injected AEAD protects the records of its algorithm and interoperates with the default path', () => {
  const inj = counting('aes-128-gcm');
  const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
  expect(inj.made).toEqual(['aes-128-gcm', 'aes-128-gcm']);
  // Finished in both directions already went through it.
  expect(inj.seals).toBeGreaterThan(0);
  expect(inj.opens).toBeGreaterThan(0);
  p.client.send(Buffer.from('to server'));
  p.server.send(Buffer.from('to client'));
  runPair(p, () => data(p.serverEvents).length > 0 && data(p.clientEvents).length > 0);
  expect(data(p.serverEvents)).toEqual(['to server']);
  expect(data(p.clientEvents)).toEqual(['to client']);
  expect(inj.rejected).toBe(0);
});

test('algorithms the factory declines use the backend', () => {
  const inj = counting('aes-128-gcm');
  const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
  expect(inj.made).toEqual([]);
  p.client.send(Buffer.from('chacha'));
  runPair(p, () => data(p.serverEvents).length > 0);
  expect(data(p.serverEvents)).toEqual(['chacha']);
});

describe('negative: records the injected AEAD must reject are dropped and counted', () => {
  /** One application-data record from the client: header(13) || explicit nonce(8) || ct || tag(16). */
  function setup() {
    const inj = counting('aes-128-gcm');
    const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    p.client.send(Buffer.from('x'.repeat(100)));
    const record = p.client.pollTransmit()!;
    expect(record.length).toBe(13 + 8 + 100 + 16);
    return { inj, p, record };
  }

  function withLength(record: Uint8Array, length: number): Uint8Array {
    const r = record.slice(0, 13 + length);
    r[11] = length >>> 8;
    r[12] = length & 0xff;
    return r;
  }

  test('forged tag, flipped ciphertext bit, wrong explicit nonce', () => {
    const { inj, p, record } = setup();
    const forged = record.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1;
    const flipped = record.slice();
    flipped[13 + 8 + 5] = (flipped[13 + 8 + 5] as number) ^ 0x40;
    const nonce = record.slice();
    nonce[13 + 7] = (nonce[13 + 7] as number) ^ 1;
    for (const bad of [forged, flipped, nonce]) p.server.handleDatagram(bad, 0);
    expect(p.server.stats.badMacRecords).toBe(3);
    expect(inj.rejected).toBe(3);
    expect(p.server.pollEvent()).toBeUndefined();
    // The window did not move: the genuine record is still accepted afterwards.
    p.server.handleDatagram(record, 0);
    expect(p.server.pollEvent()?.type).toBe('data');
    expect(p.server.isConnected).toBe(true);
  });

  test('truncated records: shorter than nonce + tag, or cut by a byte', () => {
    const { inj, p, record } = setup();
    const opensBefore = inj.opens;
    for (const len of [0, 8, 8 + 15]) p.server.handleDatagram(withLength(record, len), 0);
    // Too short to hold a tag: rejected before the AEAD is asked.
    expect(inj.opens).toBe(opensBefore);
    p.server.handleDatagram(withLength(record, 8 + 100 + 15), 0);
    expect(inj.rejected).toBe(1);
    expect(p.server.stats.badMacRecords).toBe(4);
    // A record whose header claims more than the datagram holds is malformed, not opened.
    p.server.handleDatagram(record.subarray(0, record.length - 1), 0);
    expect(p.server.stats.malformedRecords).toBe(1);
    expect(p.server.pollEvent()).toBeUndefined();
    p.server.handleDatagram(record, 0);
    expect(p.server.pollEvent()?.type).toBe('data');
  });
});
