import { Pair } from './pipe.js';

function run(init: { maxRetransmits?: number; maxPacketLifeTime?: number; ordered: boolean }, seed: number) {
  const p = new Pair({ delay: 15, jitter: 5, loss: 0.2, reorder: 0.05 }, seed);
  p.connect();
  const id = p.a.createChannel({ label: 'pr', ...init }, p.now);
  p.runUntil(() => p.eventsB.some((e) => e.type === 'channel-open'));
  // A reliable channel alongside: it must lose nothing.
  const rel = p.a.createChannel({ label: 'rel' }, p.now);
  const N = 400;
  for (let i = 0; i < N; i++) {
    const m = new Uint8Array(i % 5 === 0 ? 3000 : 200);
    new DataView(m.buffer).setUint32(0, i);
    p.a.send(id, m, true, p.now);
    p.a.send(rel, m, true, p.now);
    for (let k = 0; k < 3; k++) p.step(p.now + 2);
  }
  p.runUntil(() => p.eventsB.filter((e) => e.type === 'message' && e.channelId === rel).length === N);
  p.runUntil(() => false, p.now + 20_000); // let FORWARD-TSNs and retransmissions settle
  expect(p.a.stats.flightSize).toBe(0);
  const got = p.eventsB
    .filter((e): e is Extract<typeof e, { type: 'message' }> => e.type === 'message' && e.channelId === id)
    .map((e) => new DataView(e.data.buffer, e.data.byteOffset).getUint32(0));
  return { p, got, N };
}

describe('partial reliability (RFC 3758)', () => {
  it('maxRetransmits 0 ordered: abandoned messages are skipped, the rest arrive in order, once', () => {
    const { p, got, N } = run({ maxRetransmits: 0, ordered: true }, 21);
    expect(got.length).toBeLessThan(N);
    expect(got.length).toBeGreaterThan(N / 2);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(new Set(got).size).toBe(got.length);
    expect(p.a.stats.abandonedMessages).toBeGreaterThan(0);
  });

  it('maxRetransmits 0 unordered: no duplicates, losses not repaired', () => {
    const { got, N } = run({ maxRetransmits: 0, ordered: false }, 22);
    expect(got.length).toBeLessThan(N);
    expect(new Set(got).size).toBe(got.length);
  });

  it('lifetime 50 ms: late messages are abandoned, others delivered in order', () => {
    const { p, got, N } = run({ maxPacketLifeTime: 50, ordered: true }, 23);
    expect(got.length).toBeLessThan(N);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    expect(p.a.stats.abandonedMessages).toBeGreaterThan(0);
  });

  it('maxRetransmits 3 recovers most losses', () => {
    const { got, N } = run({ maxRetransmits: 3, ordered: true }, 24);
    expect(got.length).toBeGreaterThan(N * 0.97);
  });
});
