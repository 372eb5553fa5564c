import type { AssociationEvent } from '../src/index.js';
import { decodePacket } from '../src/index.js';
import { Pair } from './pipe.js';

const text = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const msgsOf = (ev: AssociationEvent[], id?: number) =>
  ev
    .filter((e): e is Extract<AssociationEvent, { type: 'message' }> => e.type === 'message')
    .filter((e) => id === undefined || e.channelId === id)
    .map((e) => dec(e.data));

describe('data channels', () => {
  it('every DCEP channel type opens with the right parameters and parity', () => {
    const p = new Pair();
    p.connect();
    const kinds = [
      { ordered: true },
      { ordered: false },
      { ordered: true, maxRetransmits: 3 },
      { ordered: false, maxRetransmits: 0 },
      { ordered: true, maxPacketLifeTime: 1000 },
      { ordered: false, maxPacketLifeTime: 150 },
    ];
    const ids = kinds.map((k, i) =>
      p.a.createChannel({ label: `déjà-vu ✓ ${i}`, protocol: 'p', priority: 512, ...k }, p.now),
    );
    expect(ids).toEqual([0, 2, 4, 6, 8, 10]);
    const idsB = [p.b.createChannel({ label: 'x' }, p.now), p.b.createChannel({ label: 'y' }, p.now)];
    expect(idsB).toEqual([1, 3]);
    p.runUntil(() => p.eventsB.filter((e) => e.type === 'channel-open' && e.remote).length === 6);
    const opened = p.eventsB
      .filter((e) => e.type === 'channel-open' && e.remote)
      .map((e) => (e as Extract<AssociationEvent, { type: 'channel-open' }>).channel);
    kinds.forEach((k, i) => {
      expect(opened[i]).toMatchObject({
        id: ids[i],
        label: `déjà-vu ✓ ${i}`,
        protocol: 'p',
        priority: 512,
        ordered: k.ordered,
        maxRetransmits: k.maxRetransmits,
        maxPacketLifeTime: k.maxPacketLifeTime,
      });
    });
    p.runUntil(() => p.eventsA.filter((e) => e.type === 'channel-open' && e.remote).length === 2);
  });

  it('negotiated channels need no DCEP and carry strings, binary and both empty forms', () => {
    const p = new Pair();
    p.connect();
    p.a.createChannel({ negotiated: true, id: 7, label: 'n' }, p.now);
    p.b.createChannel({ negotiated: true, id: 7, label: 'n' }, p.now);
    let dcepSeen = false;
    p.link.tap = (_: string, pkt: Uint8Array) => {
      for (const c of decodePacket(pkt).chunks) if (c.type === 0 && c.ppid === 50) dcepSeen = true;
      return pkt;
    };
    p.a.send(7, text('s'), false, p.now);
    p.a.send(7, new Uint8Array([1, 2]), true, p.now);
    p.a.send(7, new Uint8Array(0), false, p.now);
    p.a.send(7, new Uint8Array(0), true, p.now);
    p.runUntil(() => p.eventsB.filter((e) => e.type === 'message').length === 4);
    const m = p.eventsB.filter((e) => e.type === 'message') as Extract<
      AssociationEvent,
      { type: 'message' }
    >[];
    expect(m.map((e) => [e.binary, [...e.data]])).toEqual([
      [false, [115]],
      [true, [1, 2]],
      [false, []],
      [true, []],
    ]);
    expect(dcepSeen).toBe(false);
  });

  it('channels created before the association opens once it is up', () => {
    const p = new Pair();
    const id = p.a.createChannel({ label: 'early' }, 0);
    expect(p.a.channelState(id)!.state).toBe('connecting');
    p.connect();
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    expect(p.a.channelState(id)!.state).toBe('open');
  });

  it('refuses messages over max-message-size and sends in a closed channel', () => {
    const p = new Pair({}, 1, { remoteMaxMessageSize: 1000 });
    p.connect();
    const id = p.a.createChannel({}, p.now);
    expect(() => p.a.send(id, new Uint8Array(1001), true, p.now)).toThrow(/max-message-size/);
    expect(() => p.a.send(99, new Uint8Array(1), true, p.now)).toThrow(/not open/);
  });

  it('bufferedAmount counts queued plus unacked bytes and fires the low event once', () => {
    const p = new Pair({ delay: 20 });
    p.connect();
    const id = p.a.createChannel({}, p.now);
    p.a.setBufferedAmountLowThreshold(id, 1000);
    for (let i = 0; i < 10; i++) p.a.send(id, new Uint8Array(10_000), true, p.now);
    expect(p.a.bufferedAmount(id)).toBe(100_000);
    p.flush();
    expect(p.a.bufferedAmount(id)).toBe(100_000); // sent but unacked still counts
    p.runUntil(() => p.eventsB.filter((e) => e.type === 'message').length === 10);
    p.runUntil(() => p.a.bufferedAmount(id) === 0);
    expect(p.eventsA.filter((e) => e.type === 'buffered-amount-low')).toHaveLength(1);
  });

  it('close resets the stream after delivering what was queued, both sides see closed', () => {
    const p = new Pair({ delay: 10, loss: 0.05 }, 9);
    p.connect();
    const id = p.a.createChannel({ label: 'c' }, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    for (let i = 0; i < 50; i++) p.a.send(id, text(`m${i}`.padEnd(3000, '.')), false, p.now);
    p.a.closeChannel(id, p.now);
    expect(p.a.channelState(id)!.state).toBe('closing');
    expect(() => p.a.send(id, text('late'), false, p.now)).toThrow();
    p.runUntil(
      () =>
        p.eventsA.some((e) => e.type === 'channel-closed') &&
        p.eventsB.some((e) => e.type === 'channel-closed'),
    );
    const got = msgsOf(p.eventsB, id);
    expect(got).toHaveLength(50);
    expect(got.map((s) => s.split('.')[0])).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    // The id can be reused; SSNs restart at 0 on both sides.
    const again = p.a.createChannel({ label: 'again' }, p.now);
    expect(again).toBe(id);
    p.a.send(again, text('fresh'), false, p.now);
    p.runUntil(() => msgsOf(p.eventsB, id).includes('fresh'));
    expect(p.eventsB.filter((e) => e.type === 'channel-open')).toHaveLength(2);
  });

  it('peer-initiated close: the other side resets too', () => {
    const p = new Pair();
    p.connect();
    const id = p.a.createChannel({}, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
    p.b.closeChannel(id, p.now);
    p.runUntil(
      () =>
        p.eventsA.some((e) => e.type === 'channel-closed') &&
        p.eventsB.some((e) => e.type === 'channel-closed'),
    );
    expect(p.a.channelState(id)).toBeUndefined();
    // Only the side the peer closed on announces closing, before closed (W3C webrtc-pc §6.2.5).
    const onA = p.eventsA.filter((e) => e.type === 'channel-closing' || e.type === 'channel-closed');
    expect(onA.map((e) => e.type)).toEqual(['channel-closing', 'channel-closed']);
    expect(p.eventsB.some((e) => e.type === 'channel-closing')).toBe(false);
  });
});
