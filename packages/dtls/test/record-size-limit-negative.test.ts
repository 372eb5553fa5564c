// RFC 8449 record_size_limit: every check that ends (or does not end) a connection.
import { ExtensionType } from '../src/handshake/extensions.js';
import { HandshakeType } from '../src/handshake/header.js';
import type { DtlsEndpoint, DtlsEvent } from '../src/index.js';
import type { RecordLayer } from '../src/record/layer.js';
import { ContentType, encodeRecord, writeRecordHeader } from '../src/record/record.js';
import { rewriteHello } from './helpers/hello.js';
import { connected, drainEvents, makePair, type Pair, runPair } from './helpers/pair.js';
import { tamperHandshake } from './helpers/tamper.js';

const T = HandshakeType;
const errorCode = (events: DtlsEvent[]) => {
  const e = events.find((x): x is Extract<DtlsEvent, { type: 'error' }> => x.type === 'error');
  return e?.error.code;
};
const alerts = (events: DtlsEvent[]) =>
  events.filter((e): e is Extract<DtlsEvent, { type: 'alert' }> => e.type === 'alert').map((a) => a.name);
const dataOf = (events: DtlsEvent[]) => events.filter((e) => e.type === 'data');
const connectedEvents = (events: DtlsEvent[]) => events.filter((e) => e.type === 'connected');

/** Overwrite the value of a record_size_limit extension inside a hello body (same length). */
const setLimitValue =
  (value: number) =>
  (body: Uint8Array): void => {
    for (let i = 0; i + 6 <= body.length; i++) {
      if (body[i] === 0 && body[i + 1] === 28 && body[i + 2] === 0 && body[i + 3] === 2) {
        body[i + 4] = value >>> 8;
        body[i + 5] = value & 0xff;
        return;
      }
    }
    throw new Error('no record_size_limit extension in this hello');
  };

/** Test-only: seal a record without send()'s checks, as a peer that ignores our limit would. */
function sealRaw(ep: DtlsEndpoint, type: number, plaintext: Uint8Array): Uint8Array {
  return (ep as unknown as { records: RecordLayer }).records.seal(type, 1, plaintext);
}

function connect(p: Pair): void {
  runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
  expect(p.client.isConnected && p.server.isConnected).toBe(true);
}

describe('RFC 8449 record_size_limit: bad values in the hellos', () => {
  it.each([
    ['ServerHello', 'server'],
    ['ClientHello', 'client'],
  ] as const)('%s value 63: the peer sends illegal_parameter and fails', (msg, liar) => {
    const p = makePair();
    const msgType = msg === 'ServerHello' ? T.serverHello : T.clientHello;
    runPair(p, () => p.client.isClosed && p.server.isClosed, {
      filter: (d, from) => (from === liar ? tamperHandshake(d, msgType, setLimitValue(63)) : d),
    });
    const [victim, liarEvents] =
      liar === 'server' ? [p.clientEvents, p.serverEvents] : [p.serverEvents, p.clientEvents];
    expect(errorCode(victim)).toBe('illegal-parameter');
    expect(alerts(liarEvents)).toEqual(['illegal_parameter']);
    expect(connectedEvents([...p.clientEvents, ...p.serverEvents])).toEqual([]);
  });

  it('ClientHello value 63 to a server with recordSizeLimit false: ignored, not answered', () => {
    const p = makePair({}, { recordSizeLimit: false });
    runPair(p, () => p.client.isClosed || p.server.isClosed || p.server.isConnected, {
      filter: (d, from) => (from === 'client' ? tamperHandshake(d, T.clientHello, setLimitValue(63)) : d),
    });
    expect(errorCode(p.serverEvents)).not.toBe('illegal-parameter');
    expect(alerts(p.clientEvents)).not.toContain('illegal_parameter');
  });

  it.each([
    ['ServerHello', 3],
    ['ServerHello', 1],
    ['ClientHello', 3],
    ['ClientHello', 0],
  ] as const)('%s with a %d-byte record_size_limit body: decode_error', (msg, n) => {
    const p = makePair();
    const liar = msg === 'ServerHello' ? 'server' : 'client';
    const msgType = msg === 'ServerHello' ? T.serverHello : T.clientHello;
    runPair(p, () => p.client.isClosed && p.server.isClosed, {
      filter: (d, from) =>
        from === liar
          ? rewriteHello(d, msgType, (exts) =>
              exts.map((e) =>
                e.type === ExtensionType.recordSizeLimit
                  ? { type: e.type, data: new Uint8Array(n).fill(4) }
                  : e,
              ),
            )
          : d,
    });
    const victim = liar === 'server' ? p.clientEvents : p.serverEvents;
    expect(errorCode(victim)).toBe('decode');
    expect(alerts(liar === 'server' ? p.serverEvents : p.clientEvents)).toEqual(['decode_error']);
    expect(connectedEvents([...p.clientEvents, ...p.serverEvents])).toEqual([]);
  });

  it('record_size_limit in a ServerHello the client did not offer it in: unsupported_extension', () => {
    const p = makePair({ recordSizeLimit: false });
    runPair(p, () => p.client.isClosed && p.server.isClosed, {
      filter: (d, from) =>
        from === 'server'
          ? rewriteHello(d, T.serverHello, (exts) => [
              ...exts,
              { type: ExtensionType.recordSizeLimit, data: new Uint8Array([0x40, 0]) },
            ])
          : d,
    });
    expect(errorCode(p.clientEvents)).toBe('unsupported-extension');
    expect(alerts(p.serverEvents)).toEqual(['unsupported_extension']);
    expect(connectedEvents(p.clientEvents)).toEqual([]);
  });

  it('any other unsolicited ServerHello extension: unsupported_extension too (RFC 5246 §7.4.1.4)', () => {
    const p = makePair({ srtpProfiles: [] });
    runPair(p, () => p.client.isClosed && p.server.isClosed, {
      filter: (d, from) =>
        from === 'server'
          ? rewriteHello(d, T.serverHello, (exts) => [
              ...exts,
              { type: ExtensionType.useSrtp, data: new Uint8Array([0, 2, 0, 7, 0]) },
            ])
          : d,
    });
    expect(errorCode(p.clientEvents)).toBe('unsupported-extension');
    expect(alerts(p.serverEvents)).toEqual(['unsupported_extension']);
  });
});

describe('RFC 8449 record_size_limit: records over the limit', () => {
  it.each([
    ['negotiated 100', { recordSizeLimit: 100 }, 100],
    ['negotiated 2^14 (default)', {}, 16384],
    ['not negotiated (false): the protocol maximum 2^14', { recordSizeLimit: false as const }, 16384],
  ])('%s: a record at the limit is delivered, one byte more is record_overflow', (_name, opts, limit) => {
    const p = makePair({}, opts);
    connect(p);
    p.server.handleDatagram(sealRaw(p.client, ContentType.applicationData, new Uint8Array(limit)), 1);
    drainEvents(p.server, p.serverEvents);
    expect(dataOf(p.serverEvents)).toHaveLength(1);
    expect(p.server.isConnected).toBe(true);

    p.server.handleDatagram(sealRaw(p.client, ContentType.applicationData, new Uint8Array(limit + 1)), 2);
    drainEvents(p.server, p.serverEvents);
    expect(errorCode(p.serverEvents)).toBe('record-overflow');
    expect(dataOf(p.serverEvents)).toHaveLength(1); // the oversized record was not delivered
    expect(p.server.isClosed).toBe(true);
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) p.client.handleDatagram(d, 3);
    drainEvents(p.client, p.clientEvents);
    expect(alerts(p.clientEvents)).toEqual(['record_overflow']);
    expect(p.client.isClosed).toBe(true);
  });

  it('the client enforces its own limit too (handshake records count, not only data)', () => {
    const p = makePair({ recordSizeLimit: 80 });
    connect(p);
    const big = new Uint8Array(81);
    big[0] = T.helloRequest; // any protected content type is held to the limit
    p.client.handleDatagram(sealRaw(p.server, ContentType.handshake, big), 1);
    drainEvents(p.client, p.clientEvents);
    expect(errorCode(p.clientEvents)).toBe('record-overflow');
    expect(p.client.isClosed).toBe(true);
  });

  it('an oversized record with a bad tag is dropped as a forgery, not fatal', () => {
    const p = makePair({}, { recordSizeLimit: 100 });
    connect(p);
    const forged = new Uint8Array(sealRaw(p.client, ContentType.applicationData, new Uint8Array(500)));
    forged[forged.length - 1]! ^= 1;
    p.server.handleDatagram(forged, 1);
    drainEvents(p.server, p.serverEvents);
    expect(p.server.stats.badMacRecords).toBe(1);
    expect(errorCode(p.serverEvents)).toBeUndefined();
    expect(p.server.isConnected).toBe(true);
  });

  it('an unauthenticated epoch-0 record over 2^14 is dropped and counted as malformed', () => {
    const p = makePair();
    connect(p);
    const before = { ...p.client.stats };
    p.client.handleDatagram(encodeRecord(ContentType.applicationData, 0, 900, new Uint8Array(16385)), 1);
    expect(p.client.stats.malformedRecords).toBe(before.malformedRecords + 1);
    expect(p.client.stats.droppedRecords).toBe(before.droppedRecords);
    p.client.handleDatagram(encodeRecord(ContentType.applicationData, 0, 901, new Uint8Array(16384)), 2);
    expect(p.client.stats.droppedRecords).toBe(before.droppedRecords + 1); // app data in clear
    expect(p.client.isConnected).toBe(true);
  });

  it('a ciphertext over 2^14 + 2048 (RFC 5246 §6.2.3) is dropped at framing, unauthenticated', () => {
    const p = makePair();
    connect(p);
    const len = 16384 + 2048 + 1;
    const rec = new Uint8Array(13 + len);
    writeRecordHeader(rec, 0, ContentType.applicationData, 0xfefd, 1, 50, len);
    p.client.handleDatagram(rec, 1);
    expect(p.client.stats.malformedRecords).toBe(1);
    expect(p.client.isConnected).toBe(true);
  });
});
