// DATA_CHANNEL_OPEN bundled with COOKIE-ECHO (RFC 9260 §5.1: DATA may follow COOKIE-ECHO in its
// packet), so a channel created before the association is up opens one round trip earlier.
import { sctpChecksum } from '../src/index.js';
import { Pair } from './pipe.js';

const DELAY = 5;

function chunks(p: Uint8Array): { type: number; off: number; end: number }[] {
  const out: { type: number; off: number; end: number }[] = [];
  for (let off = 12; off + 4 <= p.length; ) {
    const end = Math.min(p.length, off + ((((p[off + 2]! << 8) | p[off + 3]!) + 3) & ~3));
    out.push({ type: p[off]!, off, end });
    off = end;
  }
  return out;
}
const types = (p: Uint8Array) => chunks(p).map((c) => c.type);

function seal(q: Uint8Array): Uint8Array {
  q.fill(0, 8, 12);
  const c = sctpChecksum(q);
  q.set([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24], 8);
  return q;
}

function run(
  opener: 'a' | 'b',
  bothConnect: boolean,
  tap?: (from: 'a' | 'b', p: Uint8Array) => Uint8Array | undefined,
) {
  const sent = { a: [] as number[][], b: [] as number[][] };
  const p = new Pair({
    delay: DELAY,
    tap: (from, pkt) => {
      sent[from].push(types(pkt));
      return tap ? tap(from, pkt) : pkt;
    },
  });
  const x = opener === 'a' ? p.a : p.b;
  const id = x.createChannel({ label: 'early' }, p.now);
  p.a.connect(p.now);
  if (bothConnect) p.b.connect(p.now);
  const peerEvents = opener === 'a' ? p.eventsB : p.eventsA;
  let openedAt = -1;
  p.runUntil(() => {
    if (openedAt < 0 && peerEvents.some((e) => e.type === 'channel-open' && e.remote)) openedAt = p.now;
    return openedAt >= 0;
  }, 60_000);
  p.runUntil(() => p.a.state === 'established' && p.b.state === 'established', 60_000);
  return { p, sent, id, openedAt, x };
}

describe('DATA_CHANNEL_OPEN bundled with COOKIE-ECHO', () => {
  for (const opener of ['a', 'b'] as const)
    for (const both of [false, true]) {
      if (opener === 'b' && !both) continue; // a passive server never sends COOKIE-ECHO
      it(`${opener === 'a' ? 'client' : 'server'} opens in 1.5 RTT (${both ? 'simultaneous open' : 'one side connects'})`, () => {
        const { p, sent, openedAt, x, id } = run(opener, both);
        // INIT, INIT-ACK, COOKIE-ECHO + DATA: the peer has the OPEN after three one-way delays,
        // not five (COOKIE-ACK and then a separate DATA packet).
        expect(openedAt).toBe(3 * DELAY);
        const mine = sent[opener];
        const cookiePacket = mine.find((t) => t.includes(10))!;
        expect(cookiePacket[0]).toBe(10);
        expect(cookiePacket).toContain(0);
        // Our own channel still opens when the association does, after 'associated'.
        const evs = opener === 'a' ? p.eventsA : p.eventsB;
        const iAssoc = evs.findIndex((e) => e.type === 'associated');
        const iOpen = evs.findIndex((e) => e.type === 'channel-open' && !e.remote);
        expect(iAssoc).toBeGreaterThanOrEqual(0);
        expect(iOpen).toBeGreaterThan(iAssoc);
        // And it carries messages; the OPEN was not sent twice.
        x.send(id, new TextEncoder().encode('hi'), false, p.now);
        const other = opener === 'a' ? p.eventsB : p.eventsA;
        expect(p.runUntil(() => other.some((e) => e.type === 'message'), p.now + 10_000)).toBe(true);
        expect(other.filter((e) => e.type === 'channel-open').length).toBe(1);
        expect((opener === 'a' ? p.a : p.b).stats.retransmissions).toBe(0);
      }, 10_000);
    }

  it('the receiver acknowledges DATA bundled after COOKIE-ECHO at once (no T3-rtx needed)', () => {
    const { p } = run('a', false);
    expect(p.runUntil(() => p.a.stats.flightSize === 0 && p.a.stats.cwnd > 0, 1000)).toBe(true);
    expect(p.now).toBeLessThan(200);
    expect(p.a.stats.t3Expirations).toBe(0);
  }, 10_000);

  it('a lost COOKIE-ECHO + DATA packet is repaired: the OPEN rides with the retransmitted COOKIE-ECHO', () => {
    let dropped = 0;
    const { p, sent, openedAt } = run('a', false, (from, pkt) => {
      if (from === 'a' && pkt[12] === 10 && dropped++ === 0) return undefined;
      return pkt;
    });
    expect(dropped).toBeGreaterThan(1);
    expect(openedAt).toBeGreaterThan(0);
    const cookies = sent.a.filter((t) => t[0] === 10);
    expect(cookies.length).toBe(2);
    expect(cookies[1]).toContain(0);
    expect(p.eventsB.filter((e) => e.type === 'channel-open').length).toBe(1);
    expect(p.a.state).toBe('established');
  }, 10_000);

  it('DATA placed before COOKIE-ECHO is not accepted (COOKIE-ECHO must come first)', () => {
    let swapped = 0;
    const { p, openedAt } = run('a', false, (from, pkt) => {
      if (from !== 'a' || pkt[12] !== 10 || swapped) return pkt;
      const [c, d] = chunks(pkt);
      if (d?.type !== 0) return pkt;
      swapped++;
      const q = new Uint8Array(pkt.length);
      q.set(pkt.subarray(0, 12));
      q.set(pkt.subarray(d.off, d.end), 12);
      q.set(pkt.subarray(c!.off, c!.end), 12 + d.end - d.off);
      return seal(q);
    });
    expect(swapped).toBe(1);
    expect(p.b.stats.packetsDropped).toBeGreaterThanOrEqual(1);
    // T1-init brings the COOKIE-ECHO (with the OPEN) again, in the right order.
    expect(openedAt).toBeGreaterThan(3 * DELAY);
    expect(p.eventsB.filter((e) => e.type === 'channel-open').length).toBe(1);
  }, 10_000);
});
