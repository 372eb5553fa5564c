import { Pair } from './pipe.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('association handshake and data', () => {
  it('simultaneous open, channel both ways, messages flow', () => {
    const p = new Pair();
    p.connect();
    expect(p.eventsA[0]).toEqual({ type: 'associated' });
    expect(p.eventsB[0]).toEqual({ type: 'associated' });
    const id = p.a.createChannel({ label: 'chat' }, p.now);
    expect(id).toBe(0);
    p.a.send(id, text('hello'), false, p.now);
    p.runUntil(() => p.eventsB.some((e) => e.type === 'message'));
    const open = p.eventsB.find((e) => e.type === 'channel-open');
    expect(open).toMatchObject({ channel: { id: 0, label: 'chat', ordered: true }, remote: true });
    const msg = p.eventsB.find((e) => e.type === 'message');
    expect(msg).toMatchObject({ channelId: 0, binary: false });
    expect(new TextDecoder().decode((msg as { data: Uint8Array }).data)).toBe('hello');
    const idb = p.b.createChannel({ label: 'back', ordered: false, maxRetransmits: 0 }, p.now);
    expect(idb).toBe(1);
    p.b.send(idb, new Uint8Array(0), true, p.now);
    p.runUntil(() => p.eventsA.some((e) => e.type === 'message'));
    expect(p.eventsA.find((e) => e.type === 'message')).toMatchObject({
      channelId: 1,
      binary: true,
      data: new Uint8Array(0),
    });
  });
});
