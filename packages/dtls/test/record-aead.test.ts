import {
  type Aead,
  type AeadAlgorithm,
  type DtlsEvent,
  nobleCrypto,
  type RecordAeadFactory,
} from '../src/index.js';
import { RECORD_AEAD_AFTER } from '../src/record/protection.js';
import { connected, makePair, type Pair, runPair } from './helpers/pair.js';

// DtlsEndpointOptions.recordAead: an injected record AEAD (in @rtc/peer, @rtc/srtp's table GCM)
// replaces the backend's for the algorithms it returns one for. Here the injected AEAD is the
// portable @noble GCM wrapped to count its use, against a peer on the default node:crypto path.
// It is made lazily, after RECORD_AEAD_AFTER records of a direction (the handshake never pays
// for its keying).

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

/** Send `n` records each way and check they all arrive, in order. */
function exchange(p: Pair, n: number): void {
  const before = [data(p.serverEvents).length, data(p.clientEvents).length];
  for (let i = 0; i < n; i++) {
    p.client.send(Buffer.from(`c${i}`));
    p.server.send(Buffer.from(`s${i}`));
  }
  runPair(
    p,
    () => data(p.serverEvents).length >= before[0]! + n && data(p.clientEvents).length >= before[1]! + n,
  );
  expect(data(p.serverEvents).slice(before[0])).toEqual(Array.from({ length: n }, (_, i) => `c${i}`));
  expect(data(p.clientEvents).slice(before[1])).toEqual(Array.from({ length: n }, (_, i) => `s${i}`));
}

test('the injected AEAD takes over after RECORD_AEAD_AFTER records and interoperates with the default path', () => {
  const inj = counting('aes-128-gcm');
  const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
  // The handshake (Finished both ways) ran on the backend: nothing keyed yet.
  expect(inj.made).toEqual([]);
  exchange(p, 10);
  expect(inj.made).toEqual([]);
  exchange(p, RECORD_AEAD_AFTER);
  expect(inj.made).toEqual(['aes-128-gcm', 'aes-128-gcm']);
  expect(inj.seals).toBeGreaterThan(0);
  expect(inj.opens).toBeGreaterThan(0);
  const seals = inj.seals;
  const opens = inj.opens;
  exchange(p, 20);
  expect(inj.seals).toBe(seals + 20);
  expect(inj.opens).toBe(opens + 20);
  expect(inj.rejected).toBe(0);
});

test('an injected ChaCha20-Poly1305 takes over from the first record (no key schedule to amortize)', () => {
  const inj = counting('chacha20-poly1305');
  const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
  // The injected side's Finished went out and came in through it (one AEAD per direction).
  expect(inj.made).toEqual(['chacha20-poly1305', 'chacha20-poly1305']);
  expect(inj.seals).toBeGreaterThan(0);
  expect(inj.opens).toBeGreaterThan(0);
  const seals = inj.seals;
  const opens = inj.opens;
  exchange(p, 3);
  expect(inj.seals).toBe(seals + 3);
  expect(inj.opens).toBe(opens + 3);
  expect(inj.rejected).toBe(0);
});

test('algorithms the factory declines use the backend', () => {
  const inj = counting('aes-128-gcm');
  const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
  expect(inj.made).toEqual([]);
  exchange(p, RECORD_AEAD_AFTER + 5);
  expect(inj.made).toEqual([]);
});

describe('negative: records the injected AEAD must reject are dropped and counted', () => {
  /** One application-data record from the client: header(13) || explicit nonce(8) || ct || tag(16). */
  function setup() {
    const inj = counting('aes-128-gcm');
    const p = connectedPair(inj, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    exchange(p, RECORD_AEAD_AFTER + 1);
    expect(inj.made.length).toBe(2);
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
