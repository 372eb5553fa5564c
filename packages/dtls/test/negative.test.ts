import { encodeFragment, HandshakeType } from '../src/handshake/header.js';
import { DtlsEndpoint, type DtlsEvent } from '../src/index.js';
import type { RecordLayer } from '../src/record/layer.js';
import { ContentType, encodeRecord } from '../src/record/record.js';
import { connected, drainEvents, makePair, runPair, testCertificates } from './helpers/pair.js';
import { flipLastByte, tamperEncryptedHandshake, tamperHandshake } from './helpers/tamper.js';

const errorCode = (events: DtlsEvent[]) =>
  events.find((e) => e.type === 'error')?.type === 'error'
    ? (events.find((e) => e.type === 'error') as Extract<DtlsEvent, { type: 'error' }>).error.code
    : undefined;
const alerts = (events: DtlsEvent[]) =>
  events.filter((e): e is Extract<DtlsEvent, { type: 'alert' }> => e.type === 'alert').map((a) => a.name);
const noData = (events: DtlsEvent[]) => events.filter((e) => e.type === 'data' || e.type === 'connected');

describe('fails closed', () => {
  it('wrong fingerprint on the client: bad_certificate, nothing connects', () => {
    const [, , other] = [...testCertificates(), testCertificates()[0]];
    const p = makePair({
      expectedFingerprints: [{ algorithm: 'sha-256', value: other.fingerprint().replace(/^../, '00') }],
    });
    runPair(p, () => p.client.isClosed && p.server.isClosed);
    expect(errorCode(p.clientEvents)).toBe('bad-fingerprint');
    expect(alerts(p.serverEvents)).toEqual(['bad_certificate']);
    expect(noData(p.clientEvents)).toEqual([]);
    expect(noData(p.serverEvents)).toEqual([]);
  });

  it('wrong fingerprint on the server (sha-512): bad_certificate before the server Finished', () => {
    const p = makePair({}, { expectedFingerprints: [{ algorithm: 'sha-512', value: 'AB:CD' }] });
    runPair(p, () => p.client.isClosed && p.server.isClosed);
    expect(errorCode(p.serverEvents)).toBe('bad-fingerprint');
    expect(alerts(p.clientEvents)).toEqual(['bad_certificate']);
    expect(noData(p.clientEvents)).toEqual([]);
    expect(noData(p.serverEvents)).toEqual([]);
  });

  it('fingerprints set late: data is held until they verify; lower-case sha-384 accepted', () => {
    const p = makePair({}, { expectedFingerprints: undefined });
    runPair(p, () => connected(p.clientEvents));
    p.client.send(new Uint8Array([9]));
    runPair(p, () => false, { maxTime: 100 });
    expect(noData(p.serverEvents)).toEqual([]);
    p.server.setRemoteFingerprints([
      { algorithm: 'sha-384', value: p.clientCert.fingerprint('sha-384').toLowerCase() },
    ]);
    drainEvents(p.server, p.serverEvents);
    expect(p.serverEvents.map((e) => e.type)).toEqual(['connected', 'data']);
  });

  it('fingerprints set late and wrong: error, the held data is never delivered', () => {
    const p = makePair({}, { expectedFingerprints: undefined });
    runPair(p, () => connected(p.clientEvents));
    p.client.send(new Uint8Array([9]));
    runPair(p, () => false, { maxTime: 100 });
    p.server.setRemoteFingerprints([p.serverCert.sdpFingerprint()]);
    drainEvents(p.server, p.serverEvents);
    expect(errorCode(p.serverEvents)).toBe('bad-fingerprint');
    expect(noData(p.serverEvents)).toEqual([]);
  });

  it('bad ServerKeyExchange signature: decrypt_error', () => {
    const p = makePair();
    runPair(p, () => p.client.isClosed && p.server.isClosed, {
      filter: (d, from) =>
        from === 'server' ? tamperHandshake(d, HandshakeType.serverKeyExchange, flipLastByte) : d,
    });
    expect(errorCode(p.clientEvents)).toBe('bad-signature');
    expect(alerts(p.serverEvents)).toEqual(['decrypt_error']);
    expect(noData(p.clientEvents)).toEqual([]);
  });

  it.each([
    ['a bad ServerKeyExchange signature', 'bad-signature'],
    ['a wrong server fingerprint', 'bad-fingerprint'],
  ])('False Start never happens with %s: the client fails before flight 5', (_what, code) => {
    const wrong = [{ algorithm: 'sha-256' as const, value: testCertificates()[0].fingerprint() }];
    const p = makePair({
      falseStart: true,
      ...(code === 'bad-fingerprint' ? { expectedFingerprints: wrong } : {}),
    });
    runPair(p, () => p.client.isClosed, {
      filter: (d, from) =>
        from === 'server' && code === 'bad-signature'
          ? tamperHandshake(d, HandshakeType.serverKeyExchange, flipLastByte)
          : d,
    });
    expect(errorCode(p.clientEvents)).toBe(code);
    expect(p.clientEvents.some((e) => e.type === 'false-start')).toBe(false);
    expect(() => p.client.send(new Uint8Array([1]))).toThrow();
  });

  it('bad CertificateVerify: decrypt_error', () => {
    const p = makePair();
    runPair(p, () => p.server.isClosed, {
      filter: (d, from) =>
        from === 'client' ? tamperHandshake(d, HandshakeType.certificateVerify, flipLastByte) : d,
    });
    expect(errorCode(p.serverEvents)).toBe('bad-signature');
    expect(noData(p.serverEvents)).toEqual([]);
    expect(noData(p.clientEvents)).toEqual([]);
  });

  it('malformed client Certificate: decode_error, fails closed', () => {
    const p = makePair();
    runPair(p, () => p.server.isClosed && p.client.isClosed, {
      filter: (d, from) =>
        from === 'client' ? tamperHandshake(d, HandshakeType.certificate, (b) => b.fill(0)) : d,
    });
    expect(errorCode(p.serverEvents)).toBe('decode');
    expect(alerts(p.clientEvents)).toEqual(['decode_error']);
    expect(noData(p.serverEvents)).toEqual([]);
  });

  it.each(['client', 'server'] as const)(
    'bad Finished from the %s (valid MAC, wrong verify_data)',
    (liar) => {
      const p = makePair();
      const flipVerifyData = (pt: Uint8Array) => {
        if (pt[0] === HandshakeType.finished) pt[pt.length - 1]! ^= 0x80;
      };
      runPair(p, () => p.client.isClosed || p.server.isClosed, {
        filter: (d, from) =>
          from === liar
            ? tamperEncryptedHandshake(d, liar === 'client' ? p.client : p.server, flipVerifyData)
            : d,
      });
      const victim = liar === 'client' ? p.serverEvents : p.clientEvents;
      expect(errorCode(victim)).toBe('bad-finished');
      expect(victim.filter((e) => e.type === 'connected')).toEqual([]);
    },
  );

  it('replayed record: delivered once, counted', () => {
    const p = makePair();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    p.client.send(new Uint8Array([1, 2, 3]));
    const d = p.client.pollTransmit()!;
    p.server.handleDatagram(d, 1);
    p.server.handleDatagram(d, 2);
    drainEvents(p.server, p.serverEvents);
    expect(p.serverEvents.filter((e) => e.type === 'data')).toHaveLength(1);
    expect(p.server.stats.replayedRecords).toBe(1);
  });

  it('an application record numbered like the Finished before it is delivered (werift 0.24)', () => {
    const p = makePair();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    // The client's Finished was epoch 1, sequence 0: number the next application record 0 too.
    (p.client as unknown as { records: RecordLayer }).records.setWriteSeq(1, 0);
    p.client.send(new Uint8Array([4, 2]));
    const d = p.client.pollTransmit()!;
    p.server.handleDatagram(d, 1);
    p.server.handleDatagram(d, 2);
    drainEvents(p.server, p.serverEvents);
    const data = p.serverEvents.filter((e): e is Extract<DtlsEvent, { type: 'data' }> => e.type === 'data');
    expect(data.map((e) => Array.from(e.data))).toEqual([[4, 2]]);
    expect(p.server.stats.replayedRecords).toBe(1);
  });

  it('record with a bad tag: dropped and counted, the connection survives', () => {
    const p = makePair();
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    p.client.send(new Uint8Array([7, 7, 7]));
    const bad = new Uint8Array(p.client.pollTransmit()!);
    bad[bad.length - 1]! ^= 1;
    p.server.handleDatagram(bad, 1);
    expect(p.server.stats.badMacRecords).toBe(1);
    p.client.send(new Uint8Array([8]));
    p.server.handleDatagram(p.client.pollTransmit()!, 2);
    drainEvents(p.server, p.serverEvents);
    const data = p.serverEvents.filter((e): e is Extract<DtlsEvent, { type: 'data' }> => e.type === 'data');
    expect(data.map((e) => Array.from(e.data))).toEqual([[8]]);
    expect(p.server.isConnected).toBe(true);
  });

  it('oversized fragment: dropped without allocating, handshake still completes', () => {
    const p = makePair();
    let injected = false;
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents), {
      filter: (d, from) => {
        if (from === 'server' && !injected) {
          injected = true;
          const frag = encodeFragment(HandshakeType.certificate, 0xffffff, 1, 0, new Uint8Array(100));
          p.client.handleDatagram(encodeRecord(ContentType.handshake, 0, 999, frag), 0);
        }
        return d;
      },
    });
    expect(p.client.stats.droppedFragments).toBeGreaterThanOrEqual(1);
    expect(p.client.isConnected).toBe(true);
  });

  it('fragment flood: memory stays bounded, no crash, nothing delivered', () => {
    const [a, b] = testCertificates();
    const client = new DtlsEndpoint({
      role: 'client',
      certificate: a,
      expectedFingerprints: [b.sdpFingerprint()],
    });
    client.start(0);
    let x = 12345;
    const rnd = () => (x = (x * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < 5000; i++) {
      const len = rnd() % 40000;
      const off = len ? rnd() % len : 0;
      const n = Math.min(len - off, rnd() % 64);
      const frag = encodeFragment(rnd() % 21, len, rnd() % 12, off, new Uint8Array(n));
      client.handleDatagram(encodeRecord(ContentType.handshake, 0, 1000 + i, frag), i);
    }
    const buffered = (client as unknown as { reassembler: { buffered: number } }).reassembler.buffered;
    expect(buffered).toBeLessThanOrEqual(96 * 1024);
    const events: DtlsEvent[] = [];
    drainEvents(client, events);
    expect(noData(events)).toEqual([]);
  });

  it('ClientKeyExchange with a point off the curve: illegal_parameter', () => {
    const p = makePair({ groups: ['secp256r1'] });
    runPair(p, () => p.server.isClosed && p.client.isClosed, {
      filter: (d, from) =>
        from === 'client' ? tamperHandshake(d, HandshakeType.clientKeyExchange, flipLastByte) : d,
    });
    expect(errorCode(p.serverEvents)).toBe('illegal-parameter');
    expect(alerts(p.clientEvents)).toEqual(['illegal_parameter']);
    expect(noData(p.serverEvents)).toEqual([]);
  });

  it('a message out of order (ServerHelloDone where Certificate is due): unexpected_message', () => {
    const q = makePair();
    runPair(q, () => q.client.isClosed && q.server.isClosed, {
      filter: (d, from) => {
        if (from !== 'server') return d;
        // Relabel the server's Certificate as ServerHelloDone (type 14): same bytes, wrong place.
        const out = new Uint8Array(d);
        for (let i = 0; i + 25 < out.length; i++) {
          if (
            out[i] === 22 &&
            out[i + 13] === HandshakeType.certificate &&
            out[i + 3] === 0 &&
            out[i + 4] === 0
          ) {
            out[i + 13] = HandshakeType.serverHelloDone;
          }
        }
        return out;
      },
    });
    expect(['unexpected-message', 'decode']).toContain(errorCode(q.clientEvents));
    expect(noData(q.clientEvents)).toEqual([]);
  });
});
