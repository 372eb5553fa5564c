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
