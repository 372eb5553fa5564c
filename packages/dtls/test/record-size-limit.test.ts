// RFC 8449 record_size_limit: negotiation in both roles, the send-side limit, the flight packer.
import { CIPHER_SUITES } from '../src/crypto/suites.js';
import { decodeRecordSizeLimit, type Extension, ExtensionType } from '../src/handshake/extensions.js';
import { type FlightEntry, packFlight } from '../src/handshake/flight.js';
import type { HandshakeConfig } from '../src/handshake/flow-host.js';
import { decodeFragments, HandshakeType } from '../src/handshake/header.js';
import { DtlsEndpoint, DtlsError, type DtlsEvent, MAX_PLAINTEXT, nodeCrypto } from '../src/index.js';
import { RecordLayer } from '../src/record/layer.js';
import { RecordProtection } from '../src/record/protection.js';
import { decodeDatagram } from '../src/record/record.js';
import { helloExtensions } from './helpers/hello.js';
import { connected, drainEvents, makePair, type Pair, runPair, testCertificates } from './helpers/pair.js';

const T = HandshakeType;
/** The record_size_limit value in an extension list, or undefined when absent. */
const limitIn = (exts: Extension[]) => {
  const d = exts.find((e) => e.type === ExtensionType.recordSizeLimit)?.data;
  return d ? decodeRecordSizeLimit(d) : undefined;
};
const dataOf = (events: DtlsEvent[]) =>
  events.filter((e): e is Extract<DtlsEvent, { type: 'data' }> => e.type === 'data').map((e) => e.data);

/** Run a handshake, keeping every hello's extension list as sent. */
function handshake(p: Pair): { clientHellos: Extension[][]; serverHellos: Extension[][] } {
  const clientHellos: Extension[][] = [];
  const serverHellos: Extension[][] = [];
  runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents), {
    filter: (d, from) => {
      if (from === 'client') clientHellos.push(...helloExtensions(d, T.clientHello));
      else serverHellos.push(...helloExtensions(d, T.serverHello));
      return d;
    },
  });
  expect(p.client.isConnected && p.server.isConnected).toBe(true);
  return { clientHellos, serverHellos };
}

/** Test-only: make an endpoint advertise a value its options would refuse (a non-conforming peer). */
function advertiseRaw(ep: DtlsEndpoint, value: number): void {
  const host = (ep as unknown as { host: { config: HandshakeConfig } }).host;
  host.config = { ...host.config, recordSizeLimit: value };
}

describe('RFC 8449 record_size_limit negotiation', () => {
  it('default: both hellos carry 2^14 (type 28, 2-byte big-endian body), both sides read 16384', () => {
    const p = makePair();
    expect(p.client.peerRecordSizeLimit).toBeUndefined();
    const { clientHellos, serverHellos } = handshake(p);
    // Cookie exchange: two ClientHellos, the second with identical extensions (RFC 6347 §4.2.1).
    expect(clientHellos).toHaveLength(2);
    expect(clientHellos[1]).toEqual(clientHellos[0]);
    const ext = clientHellos[0]!.find((e) => e.type === 28)!;
    expect(Array.from(ext.data)).toEqual([0x40, 0x00]);
    expect(serverHellos.map(limitIn)).toEqual([16384]);
    expect(p.client.peerRecordSizeLimit).toBe(16384);
    expect(p.server.peerRecordSizeLimit).toBe(16384);
    const ev = p.clientEvents.find((e) => e.type === 'connected');
    expect(ev?.type === 'connected' && ev.peerRecordSizeLimit).toBe(16384);
    p.client.send(new Uint8Array(MAX_PLAINTEXT));
    runPair(p, () => dataOf(p.serverEvents).length > 0);
    expect(dataOf(p.serverEvents)[0]!.length).toBe(MAX_PLAINTEXT);
  });

  it('different limits each way: each side reads the other one, send() is held to it', () => {
    const p = makePair({ recordSizeLimit: 1000 }, { recordSizeLimit: 500 });
    const { clientHellos, serverHellos } = handshake(p);
    expect(clientHellos.map(limitIn)).toEqual([1000, 1000]);
    expect(serverHellos.map(limitIn)).toEqual([500]);
    expect(p.client.peerRecordSizeLimit).toBe(500);
    expect(p.server.peerRecordSizeLimit).toBe(1000);
    p.client.send(new Uint8Array(500));
    p.server.send(new Uint8Array(1000));
    runPair(p, () => dataOf(p.serverEvents).length > 0 && dataOf(p.clientEvents).length > 0);
    expect(dataOf(p.serverEvents).map((d) => d.length)).toEqual([500]);
    expect(dataOf(p.clientEvents).map((d) => d.length)).toEqual([1000]);
    for (const [ep, n] of [
      [p.client, 501],
      [p.server, 1001],
    ] as const) {
      let err: unknown;
      try {
        ep.send(new Uint8Array(n));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DtlsError);
      expect((err as DtlsError).code).toBe('invalid-argument');
      expect(ep.pollTransmit()).toBeUndefined(); // nothing was sent
      expect(ep.isConnected).toBe(true);
    }
  });

  it('the minimum, 64, both ways: the handshake (protected Finished) still completes', () => {
    const p = makePair({ recordSizeLimit: 64 }, { recordSizeLimit: 64 });
    handshake(p);
    expect(p.client.peerRecordSizeLimit).toBe(64);
    expect(() => p.client.send(new Uint8Array(65))).toThrow(DtlsError);
    p.client.send(new Uint8Array(64));
    runPair(p, () => dataOf(p.serverEvents).length > 0);
    expect(dataOf(p.serverEvents).map((d) => d.length)).toEqual([64]);
  });

  it('only the client offers it (server false): the ServerHello omits it, nothing negotiated', () => {
    const p = makePair({}, { recordSizeLimit: false });
    const { clientHellos, serverHellos } = handshake(p);
    expect(clientHellos.map(limitIn)).toEqual([16384, 16384]);
    expect(serverHellos.map(limitIn)).toEqual([undefined]);
    expect(p.client.peerRecordSizeLimit).toBeUndefined();
    expect(p.server.peerRecordSizeLimit).toBeUndefined();
    const ev = p.serverEvents.find((e) => e.type === 'connected');
    expect(ev?.type === 'connected' && ev.peerRecordSizeLimit).toBeUndefined();
  });

  it('only the server is willing (client false): the server must not send it', () => {
    const p = makePair({ recordSizeLimit: false }, { recordSizeLimit: 200 });
    const { clientHellos, serverHellos } = handshake(p);
    expect(clientHellos.map(limitIn)).toEqual([undefined, undefined]);
    expect(serverHellos.map(limitIn)).toEqual([undefined]);
    expect(p.client.peerRecordSizeLimit).toBeUndefined();
    expect(p.server.peerRecordSizeLimit).toBeUndefined();
    // Not negotiated: the server's 200 does not bind the client.
    p.client.send(new Uint8Array(1000));
    runPair(p, () => dataOf(p.serverEvents).length > 0);
    expect(p.server.isConnected).toBe(true);
    expect(dataOf(p.serverEvents).map((d) => d.length)).toEqual([1000]);
  });

  it('both false: neither hello carries it', () => {
    const p = makePair({ recordSizeLimit: false }, { recordSizeLimit: false });
    const { clientHellos, serverHellos } = handshake(p);
    expect([...clientHellos, ...serverHellos].map(limitIn)).toEqual([undefined, undefined, undefined]);
    expect(p.client.peerRecordSizeLimit).toBeUndefined();
  });

  it.each(['client', 'server'] as const)(
    'a %s that advertises more than 2^14 is accepted and clamped to 16384 (RFC 8449 §4)',
    (big) => {
      const p = makePair();
      advertiseRaw(big === 'client' ? p.client : p.server, 0xffff);
      const { clientHellos, serverHellos } = handshake(p);
      expect((big === 'client' ? clientHellos[0]! : serverHellos[0]!).map((e) => e.type)).toContain(28);
      expect(limitIn(big === 'client' ? clientHellos[0]! : serverHellos[0]!)).toBe(0xffff);
      const other = big === 'client' ? p.server : p.client;
      expect(other.peerRecordSizeLimit).toBe(16384);
      expect(() => other.send(new Uint8Array(16385))).toThrow(DtlsError);
    },
  );

  it.each([63, 0, -1, 16385, 65535, 100.5, Number.NaN])('recordSizeLimit %p is refused', (v) => {
    const [cert] = testCertificates();
    let err: unknown;
    try {
      new DtlsEndpoint({ role: 'client', certificate: cert, recordSizeLimit: v });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DtlsError);
    expect((err as DtlsError).code).toBe('invalid-argument');
  });

  it.each([64, 1200, 16384, false] as const)('recordSizeLimit %p is accepted', (v) => {
    const [cert] = testCertificates();
    const ep = new DtlsEndpoint({ role: 'server', certificate: cert, recordSizeLimit: v });
    const events: DtlsEvent[] = [];
    drainEvents(ep, events);
    expect(events).toEqual([]);
  });
});

describe('the flight packer respects the limit on protected records', () => {
  const suite = CIPHER_SUITES[0]!;
  const layer = () => {
    const key = new Uint8Array(suite.keyLength).fill(7);
    const iv = new Uint8Array(suite.fixedIvLength).fill(9);
    const l = new RecordLayer();
    l.installWriter(1, new RecordProtection(nodeCrypto, suite, key, iv));
    l.installReader(1, new RecordProtection(nodeCrypto, suite, key, iv));
    return l;
  };
  const body = new Uint8Array(300).map((_, i) => i);
  const plaintexts = (l: RecordLayer, datagrams: Uint8Array[]) =>
    datagrams.flatMap((d) =>
      decodeDatagram(d).records.map((r) => {
        const o = l.open(r);
        if (!o.ok) throw new Error(o.reason);
        return o.plaintext;
      }),
    );

  it('epoch 1: no record plaintext over the peer limit, the fragments rebuild the message', () => {
    const l = layer();
    const entry: FlightEntry = { kind: 'handshake', msgType: T.finished, messageSeq: 4, body, epoch: 1 };
    const pts = plaintexts(l, packFlight([entry], 1200, l, 64));
    expect(pts.length).toBeGreaterThan(5);
    for (const pt of pts) expect(pt.length).toBeLessThanOrEqual(64);
    const rebuilt = new Uint8Array(body.length);
    for (const f of pts.flatMap((pt) => decodeFragments(pt))) rebuilt.set(f.body, f.fragmentOffset);
    expect(rebuilt).toEqual(body);
    // Without a limit the same message fits one record.
    expect(plaintexts(l, packFlight([entry], 1200, l)).map((pt) => pt.length)).toEqual([312]);
  });

  it('epoch 0 (unprotected) is not subject to it', () => {
    const l = layer();
    const entry: FlightEntry = { kind: 'handshake', msgType: T.certificate, messageSeq: 1, body, epoch: 0 };
    expect(plaintexts(l, packFlight([entry], 1200, l, 64)).map((pt) => pt.length)).toEqual([312]);
  });
});
