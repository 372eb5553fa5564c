// An idle association holds no timer but the heartbeat (RFC 9260 §8.3), whatever happened before
// it went idle: spurious T3-rtx, setup with DATA on COOKIE-ECHO, stream resets.
import { ChunkType } from '../src/index.js';
import { Pair } from './pipe.js';

const NO_HB = { heartbeatInterval: 0 };

function idleAfter(p: Pair): void {
  p.runUntil(() => false, p.now + 120_000);
  expect([p.a.nextDeadline(), p.b.nextDeadline()]).toEqual([undefined, undefined]);
}

describe('idle associations hold no timers (heartbeat off)', () => {
  it('after a spurious T3-rtx (the SACK was late, the retransmission acked)', () => {
    let held = 0;
    let armed = false;
    const p = new Pair(
      {
        delay: 5,
        // b's first SACK after the data arrives late: a's T3-rtx fires before it.
        hold: (from, pkt) => (armed && from === 'b' && pkt[12] === ChunkType.SACK && held++ === 0 ? 1500 : 0),
      },
      1,
      NO_HB,
      NO_HB,
    );
    p.connect();
    const id = p.a.createChannel({ label: 'x' }, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.runUntil(() => false, p.now + 1000);
    armed = true;
    p.a.send(id, new Uint8Array(100), true, p.now);
    idleAfter(p);
    expect(p.a.stats.t3Expirations).toBeGreaterThanOrEqual(1);
    expect(p.eventsB.filter((e) => e.type === 'message')).toHaveLength(1);
  });

  it('after T3-rtx marked a chunk that a SACK then acked before it was sent again', () => {
    const p = new Pair({ delay: 5 }, 4, NO_HB, NO_HB);
    p.connect();
    const id = p.a.createChannel({ label: 'x' }, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.runUntil(() => false, p.now + 1000);
    // Driven by hand: the DATA reaches b, b's SACK is held until a's T3-rtx has fired.
    p.a.send(id, new Uint8Array(100), true, p.now);
    const data = p.a.pollTransmit()!;
    p.b.handlePacket(data, p.now);
    let sack: Uint8Array | undefined;
    for (let t = p.now; !sack && t < p.now + 1000; t++) {
      p.b.handleTimeout(t);
      sack = p.b.pollTransmit();
    }
    const t3 = p.a.nextDeadline()!;
    p.a.handleTimeout(t3);
    p.a.handlePacket(sack!, t3); // acked before the retransmission could go
    while (p.a.pollTransmit());
    expect(p.a.stats.t3Expirations).toBe(1);
    expect(p.a.nextDeadline()).toBeUndefined();
  });

  it('after setup with channels opened on COOKIE-ECHO and messages both ways', () => {
    const p = new Pair({ delay: 5 }, 2, NO_HB, NO_HB);
    const ia = p.a.createChannel({ label: 'a' }, p.now);
    p.b.createChannel({ label: 'b' }, p.now);
    p.a.connect(p.now);
    p.b.connect(p.now);
    const opens = (ev: { type: string }[]) => ev.filter((e) => e.type === 'channel-open').length;
    p.runUntil(() => opens(p.eventsA) === 2 && opens(p.eventsB) === 2);
    p.a.send(ia, new Uint8Array(5000), true, p.now);
    idleAfter(p);
  });

  it('after a channel closes (stream reset requests and responses)', () => {
    const p = new Pair({ delay: 5 }, 3, NO_HB, NO_HB);
    p.connect();
    const id = p.a.createChannel({ label: 'c' }, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.a.closeChannel(id, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-closed'));
    idleAfter(p);
  });
});
