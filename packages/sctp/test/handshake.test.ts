import { RtoEstimator } from '../src/association/rto.js';
import { Association, type AssociationEvent, ChunkType, decodePacket, encodePacket } from '../src/index.js';
import { Pair } from './pipe.js';

function drain(a: Association): AssociationEvent[] {
  const out: AssociationEvent[] = [];
  for (let e = a.pollEvent(); e; e = a.pollEvent()) out.push(e);
  return out;
}

describe('handshake (RFC 9260 §5)', () => {
  it('a lost COOKIE-ECHO is retransmitted by T1', () => {
    let echoes = 0;
    const p = new Pair({
      tap: (_f, pkt) => (pkt[12] === ChunkType.COOKIE_ECHO && ++echoes === 1 ? undefined : pkt),
    });
    p.a.connect(0);
    p.runUntil(() => p.a.state === 'established' && p.b.state === 'established');
    expect(echoes).toBe(2);
    expect(p.now).toBeGreaterThanOrEqual(1000); // waited for T1 (RTO.Initial)
  });

  it('resendInit: an unanswered INIT goes again at once and T1 restarts; nothing in other states', () => {
    const a = new Association({ role: 'client' });
    a.resendInit(0); // CLOSED: nothing
    expect(a.pollTransmit()).toBeUndefined();
    a.connect(0);
    const first = a.pollTransmit()!;
    expect(decodePacket(first).chunks[0]!.type).toBe(ChunkType.INIT);
    a.resendInit(30); // e.g. it reached the peer before its SCTP stack was up
    const again = a.pollTransmit()!;
    expect(Buffer.from(again)).toEqual(Buffer.from(first));
    expect(a.nextDeadline()).toBe(1030); // T1-init counts from the resend
    const b = new Association({ role: 'server' });
    b.handlePacket(again, 30);
    a.handlePacket(b.pollTransmit()!, 31); // INIT-ACK: COOKIE-ECHOED
    a.pollTransmit();
    a.resendInit(32);
    expect(a.pollTransmit()).toBeUndefined();
  });

  it('answeredInit: set when a CLOSED association answered the peer INIT, not by its own INIT', () => {
    const a = new Association({ role: 'client' });
    const b = new Association({ role: 'server' });
    expect(b.answeredInit).toBe(false);
    a.connect(0);
    expect(a.answeredInit).toBe(false);
    b.handlePacket(a.pollTransmit()!, 0);
    expect(b.answeredInit).toBe(true);
    expect(b.state).toBe('closed'); // RFC 9260 §5.1 B: no state until the COOKIE-ECHO
    a.handlePacket(b.pollTransmit()!, 0);
    b.handlePacket(a.pollTransmit()!, 0);
    expect(b.state).toBe('established');
  });

  it('a stale cookie is refused with a Stale Cookie error and no association', () => {
    const a = new Association({ role: 'client', cookieLifespan: 1000 });
    const b = new Association({ role: 'server', cookieLifespan: 1000 });
    a.connect(0);
    const init = a.pollTransmit()!;
    b.handlePacket(init, 0);
    const initAck = b.pollTransmit()!;
    a.handlePacket(initAck, 0);
    const echo = a.pollTransmit()!;
    expect(decodePacket(echo).chunks[0]!.type).toBe(ChunkType.COOKIE_ECHO);
    b.handlePacket(echo, 5000); // 4 s past the cookie's life
    expect(b.state).toBe('closed');
    const err = decodePacket(b.pollTransmit()!);
    const c = err.chunks[0]!;
    expect(c.type === ChunkType.ERROR && c.causes[0]!.code).toBe(3);
    const initChunk = decodePacket(init).chunks[0]!;
    if (initChunk.type !== ChunkType.INIT) throw new Error('not INIT');
    expect(err.verificationTag).toBe(initChunk.initiateTag); // the peer's tag, from the cookie
  });

  it('a forged cookie (bad MAC) is dropped', () => {
    const a = new Association({ role: 'client' });
    const b = new Association({ role: 'server' });
    a.connect(0);
    b.handlePacket(a.pollTransmit()!, 0);
    a.handlePacket(b.pollTransmit()!, 0);
    const echo = decodePacket(a.pollTransmit()!);
    const c = echo.chunks[0]!;
    if (c.type !== ChunkType.COOKIE_ECHO) throw new Error();
    const forged = Uint8Array.from(c.cookie);
    forged[20]! ^= 1;
    b.handlePacket(encodePacket(echo, [{ ...c, cookie: forged }]), 0);
    expect(b.state).toBe('closed');
    expect(b.stats.packetsDropped).toBe(1);
    expect(b.pollTransmit()).toBeUndefined();
  });

  it('INIT collision with every packet crossing: both establish exactly once, same tags', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const p = new Pair({ delay: 10, jitter: 20, loss: 0.2 }, seed);
      p.connect();
      p.runUntil(() => false, p.now + 5000);
      expect(p.eventsA.filter((e) => e.type === 'associated')).toHaveLength(1);
      expect(p.eventsB.filter((e) => e.type === 'associated')).toHaveLength(1);
      const id = p.a.createChannel({ label: 'x' }, p.now);
      p.a.send(id, new Uint8Array([seed]), true, p.now);
      p.runUntil(() => p.eventsB.some((e) => e.type === 'message'));
      expect(p.eventsA.some((e) => e.type === 'restart' || e.type === 'closed')).toBe(false);
    }
  });

  it('an INIT with a zero initiate tag is ignored', () => {
    const b = new Association({ role: 'server' });
    const init = encodePacket({ srcPort: 5000, dstPort: 5000, verificationTag: 0 }, [
      {
        type: ChunkType.INIT,
        flags: 0,
        initiateTag: 0,
        advertisedRwnd: 1000,
        outboundStreams: 1,
        inboundStreams: 1,
        initialTsn: 1,
        params: [],
      },
    ]);
    b.handlePacket(init, 0);
    expect(b.pollTransmit()).toBeUndefined();
    expect(drain(b)).toEqual([]);
  });
});

describe('a path round trip from the layer below (RFC 9260 §6.3.1 C1/C2)', () => {
  const dropFirst = (type: number) => {
    let seen = 0;
    return (_f: 'a' | 'b', pkt: Uint8Array) => (pkt[12] === type && ++seen === 1 ? undefined : pkt);
  };

  it('a lost COOKIE-ECHO is resent after rtoMin, not RTO.Initial, on a short measured path', () => {
    const p = new Pair({ delay: 1, tap: dropFirst(ChunkType.COOKIE_ECHO) });
    p.a.setPathRtt(2);
    p.b.setPathRtt(2);
    p.a.connect(0);
    p.runUntil(() => p.a.state === 'established' && p.b.state === 'established');
    // Sent at 2 ms (after INIT and INIT-ACK), resent by T1-cookie at 2 + 200 (3 x 2 ms is below rtoMin).
    expect(p.now).toBeGreaterThanOrEqual(202);
    expect(p.now).toBeLessThan(300);
    expect(p.a.stats.rto).toBeLessThan(1000);
  });

  it('a lost INIT is resent after 3 x RTT on a long path, above RTO.Initial when the path needs it', () => {
    const a = new Association({ role: 'client' });
    a.setPathRtt(500);
    a.connect(0);
    a.pollTransmit(); // INIT, lost
    expect(a.nextDeadline()).toBe(1500); // SRTT + 4 x RTTVAR = 500 + 4 x 250
    a.handleTimeout(1500);
    expect(decodePacket(a.pollTransmit()!).chunks[0]!.type).toBe(ChunkType.INIT);
    expect(a.nextDeadline()).toBe(1500 + 3000); // §6.3.3 E2 back-off from there
  });

  it('without a path round trip T1 starts at RTO.Initial, and SCTP measurements win over a later one', () => {
    const a = new Association({ role: 'client' });
    a.connect(0);
    a.pollTransmit();
    expect(a.nextDeadline()).toBe(1000);
    const p = new Pair({ delay: 40 });
    p.a.connect(0);
    p.runUntil(() => p.a.state === 'established' && p.b.state === 'established');
    p.a.createChannel({ negotiated: true, id: 0, label: 'x' }, p.now);
    p.b.createChannel({ negotiated: true, id: 0, label: 'x' }, p.now);
    p.a.send(0, new Uint8Array(10), true, p.now); // a DATA chunk round trip gives SCTP its own RTT
    p.runUntil(() => p.a.stats.srtt !== undefined);
    const srtt = p.a.stats.srtt;
    expect(srtt).toBeGreaterThanOrEqual(80); // 40 ms each way
    p.a.setPathRtt(1);
    expect(p.a.stats.srtt).toBe(srtt);
  });

  it('the estimator takes the path round trip as its first measurement and again after a reset', () => {
    const rto = new RtoEstimator(1000, 200, 60000);
    rto.seed(100);
    expect([rto.srtt, rto.rttvar, rto.rto]).toEqual([100, 50, 300]); // C2: R, R/2, SRTT + 4 RTTVAR
    rto.measure(60); // C3 from there
    expect(rto.srtt).toBe(95);
    rto.backoff();
    rto.reset(); // a peer restart: the path is the same, its round trip still known
    expect([rto.srtt, rto.rto]).toEqual([100, 300]);
    const plain = new RtoEstimator(1000, 200, 60000);
    plain.reset();
    expect([plain.srtt, plain.rto]).toEqual([undefined, 1000]);
  });

  it('refuses a round trip that is not a finite non-negative number of ms', () => {
    const a = new Association({ role: 'client' });
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => a.setPathRtt(bad)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    a.connect(0);
    a.pollTransmit();
    expect(a.nextDeadline()).toBe(1000); // nothing was seeded
  });
});
