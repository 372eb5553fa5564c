import { Association } from '../src/index.js';
import { Pair } from './pipe.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('association lifecycle', () => {
  it('one side connects, the other only listens', () => {
    const p = new Pair();
    p.a.connect(0);
    p.runUntil(() => p.a.state === 'established' && p.b.state === 'established');
    expect(p.eventsB[0]).toEqual({ type: 'associated' });
  });

  it('INIT is retransmitted when lost and the association still forms', () => {
    let dropped = 0;
    const p = new Pair({
      tap: (_f, pkt) => (pkt[12] === 1 && dropped++ < 2 ? undefined : pkt),
    });
    p.connect();
    expect(dropped).toBeGreaterThanOrEqual(2);
  });

  it('gives up after Max.Init.Retransmits when nobody answers', () => {
    const a = new Association({ role: 'client', maxInitRetransmits: 2 });
    a.connect(0);
    let t = 0;
    while (a.state !== 'closed' && t < 1e6) {
      while (a.pollTransmit());
      t = a.nextDeadline()!;
      a.handleTimeout(t);
    }
    const ev = [];
    for (let e = a.pollEvent(); e; e = a.pollEvent()) ev.push(e);
    expect(ev).toContainEqual({
      type: 'closed',
      reason: 'failure',
      message: 'no answer to INIT/COOKIE-ECHO',
    });
    expect(a.nextDeadline()).toBeUndefined();
  });

  it('graceful shutdown delivers queued data first', () => {
    const p = new Pair({ loss: 0.1 }, 5);
    p.connect();
    const id = p.a.createChannel({}, p.now);
    for (let i = 0; i < 20; i++) p.a.send(id, new Uint8Array(5000), true, p.now);
    p.a.close(p.now);
    p.runUntil(() => p.a.state === 'closed' && p.b.state === 'closed');
    expect(p.eventsB.filter((e) => e.type === 'message')).toHaveLength(20);
    expect(p.eventsA).toContainEqual({ type: 'closed', reason: 'shutdown' });
    expect(p.eventsB).toContainEqual({ type: 'closed', reason: 'shutdown' });
    expect(p.a.nextDeadline()).toBeUndefined();
    expect(p.b.nextDeadline()).toBeUndefined();
  });

  it('abort closes both sides and every channel', () => {
    const p = new Pair();
    p.connect();
    const id = p.a.createChannel({}, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.a.abort(p.now, 'bye');
    p.runUntil(() => p.b.state === 'closed');
    expect(p.eventsB).toContainEqual({ type: 'channel-closed', channelId: id });
    expect(p.eventsB.find((e) => e.type === 'closed')).toMatchObject({ reason: 'peer-abort' });
  });

  it('peer restart (RFC 9260 §5.2.4 case A) is detected: channels closed, new association usable', () => {
    const p = new Pair();
    p.connect();
    p.a.createChannel({ label: 'old' }, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    // b loses its state and starts over; a still has the old association.
    const fresh = new Association({ role: 'server' });
    (p as unknown as Record<string, unknown>).b = fresh;
    fresh.connect(p.now);
    p.runUntil(() => p.eventsA.some((e) => e.type === 'restart') && fresh.state === 'established');
    expect(p.eventsA).toContainEqual({ type: 'channel-closed', channelId: 0 });
    const id = p.a.createChannel({ label: 'new' }, p.now);
    p.a.send(id, text('after restart'), false, p.now);
    p.runUntil(() =>
      p.eventsB.some((e) => e.type === 'message' && new TextDecoder().decode(e.data) === 'after restart'),
    );
  });

  it('zero-window receiver: the sender stalls, then recovers when the application reads', () => {
    const p = new Pair({ delay: 5 }, 1, {}, { receiveWindow: 64 * 1024 });
    p.connect();
    const id = p.a.createChannel({}, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.drainB = false;
    for (let i = 0; i < 100; i++) p.a.send(id, new Uint8Array(4000), true, p.now);
    p.runUntil(() => false, p.now + 30_000);
    expect(p.b.stats.localRwnd).toBeLessThan(4000);
    expect(p.a.bufferedAmount(id)).toBeGreaterThan(200_000);
    expect(p.a.state).toBe('established'); // window probes do not kill the association
    p.drainB = true;
    p.runUntil(() => p.eventsB.filter((e) => e.type === 'message').length === 100, p.now + 120_000);
    expect(p.eventsB.filter((e) => e.type === 'message')).toHaveLength(100);
  });

  it('heartbeats keep measuring RTT on an idle association, and it has one timer only', () => {
    const p = new Pair({ delay: 40 }, 1, { heartbeatInterval: 1000 });
    p.connect();
    p.runUntil(() => false, p.now + 5000);
    expect(p.a.stats.srtt).toBeGreaterThan(70);
    expect(p.a.nextDeadline()).toBeDefined();
  });
});
