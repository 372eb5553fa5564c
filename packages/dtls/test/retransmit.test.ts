import { Certificate, DtlsEndpoint } from '../src/index.js';
import { decodeRecord } from '../src/record/record.js';
import { connected, makePair, runPair } from './helpers/pair.js';

describe('RFC 6347 §4.2.4 retransmission', () => {
  it('initial timer is configurable and doubles up to 60 s, then gives up', () => {
    const c = new DtlsEndpoint({
      role: 'client',
      certificate: Certificate.generate(),
      initialRetransmitMs: 100,
      maxRetransmits: 12,
    });
    expect(c.nextDeadline()).toBe(Number.NEGATIVE_INFINITY);
    c.handleTimeout(0);
    expect(c.pollTransmit()).toBeDefined();
    const gaps: number[] = [];
    let last = 0;
    for (let d = c.nextDeadline(); d !== undefined; d = c.nextDeadline()) {
      gaps.push(d - last);
      last = d;
      c.handleTimeout(d);
      while (c.pollTransmit());
    }
    expect(gaps).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000]);
    const ev = [];
    for (let e = c.pollEvent(); e; e = c.pollEvent()) ev.push(e);
    expect(ev.map((e) => e.type)).toEqual(['error', 'closed']);
    expect(c.stats.retransmissions).toBe(12);
  });

  it('default initial timer is 1000 ms; no timer once connected (idle endpoints cost nothing)', () => {
    const p = makePair();
    p.client.start(0);
    expect(p.client.nextDeadline()).toBe(1000);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.client.nextDeadline()).toBeUndefined();
    expect(p.server.nextDeadline()).toBeUndefined();
  });

  it('setInitialRetransmitTimeout: re-arms an unretransmitted flight from its send time and applies to later flights', () => {
    const c = new DtlsEndpoint({
      role: 'client',
      certificate: Certificate.generate(),
      initialRetransmitMs: 100,
    });
    c.handleTimeout(10);
    expect(c.pollTransmit()).toBeDefined();
    expect(c.nextDeadline()).toBe(110);
    // Learned 2 ms after the ClientHello left: the first timeout now counts 50 ms from the send.
    c.setInitialRetransmitTimeout(50);
    expect(c.nextDeadline()).toBe(60);
    c.handleTimeout(60);
    expect(c.pollTransmit()).toBeDefined();
    expect(c.nextDeadline()).toBe(160);
    // After a retransmission the running timer keeps doubling from where it is.
    c.setInitialRetransmitTimeout(20);
    expect(c.nextDeadline()).toBe(160);
    expect(c.stats.retransmissions).toBe(1);
  });

  it('setInitialRetransmitTimeout before the first flight sets its timer; out-of-range values are refused', () => {
    const p = makePair();
    p.client.setInitialRetransmitTimeout(75);
    p.client.start(5);
    expect(p.client.nextDeadline()).toBe(80);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 60_001]) {
      expect(() => p.client.setInitialRetransmitTimeout(bad)).toThrow(/initial retransmit timeout/);
    }
    expect(p.client.nextDeadline()).toBe(80);
  });

  it('stateless cookie: the server keeps no state for a ClientHello without a valid cookie; repeated hellos get the same cookie', () => {
    const p = makePair();
    p.client.start(0);
    const ch = p.client.pollTransmit()!;
    p.server.handleDatagram(ch, 0);
    const hvr1 = p.server.pollTransmit()!;
    p.server.handleDatagram(ch, 1);
    const hvr2 = p.server.pollTransmit()!;
    expect(Buffer.from(hvr1)).toEqual(Buffer.from(hvr2));
    expect((p.server as unknown as { server: unknown }).server).toBeUndefined();
    expect(p.server.nextDeadline()).toBeUndefined();
  });

  it('a lost final flight is recovered: the server resends it when the client retransmits', () => {
    const p = makePair({ initialRetransmitMs: 50 });
    let dropped = 0;
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents), {
      filter: (d, from) => {
        // Drop the server's first ChangeCipherSpec+Finished datagram (epoch 1 present).
        if (from === 'server' && dropped === 0 && d.includes(20) && d[0] === 20) {
          dropped++;
          return undefined;
        }
        return d;
      },
    });
    expect(dropped).toBe(1);
    expect(p.client.stats.retransmissions).toBeGreaterThan(0);
    expect(p.server.stats.retransmissions).toBeGreaterThan(0);
  });
});

describe('duplicates and early records', () => {
  it('a repeated ClientHello (cookie) makes the server resend flight 4 instead of starting over', () => {
    const p = makePair();
    p.client.start(0);
    p.server.handleDatagram(p.client.pollTransmit()!, 0); // CH1
    p.client.handleDatagram(p.server.pollTransmit()!, 0); // HVR
    const ch2 = p.client.pollTransmit()!;
    p.server.handleDatagram(ch2, 0);
    const flight4: Uint8Array[] = [];
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) flight4.push(d);
    p.server.handleDatagram(ch2, 600);
    const again: Uint8Array[] = [];
    for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) again.push(d);
    expect(again.length).toBe(flight4.length);
    // Same messages, fresh record sequence numbers.
    const first = decodeRecord(again[0]!);
    const orig = decodeRecord(flight4[0]!);
    expect(Buffer.from(first.fragment)).toEqual(Buffer.from(orig.fragment));
    expect(first.seq).toBeGreaterThan(orig.seq);
    for (const d of again) p.client.handleDatagram(d, 600);
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
  });

  it('flight 5 delivered in reverse order (Finished before the key exchange) still completes', () => {
    const p = makePair({ mtu: 200 });
    p.client.start(0);
    const shuttle = (reverseClient: boolean) => {
      const fromClient: Uint8Array[] = [];
      for (let d = p.client.pollTransmit(); d; d = p.client.pollTransmit()) fromClient.push(d);
      if (reverseClient) fromClient.reverse();
      for (const d of fromClient) p.server.handleDatagram(d, 0);
      for (let d = p.server.pollTransmit(); d; d = p.server.pollTransmit()) p.client.handleDatagram(d, 0);
    };
    shuttle(false); // CH1 -> HVR
    shuttle(false); // CH2 -> flight 4
    shuttle(true); // flight 5, reversed -> flight 6
    runPair(p, () => connected(p.clientEvents) && connected(p.serverEvents));
    expect(p.server.isConnected).toBe(true);
    expect(p.client.isConnected).toBe(true);
  });
});
