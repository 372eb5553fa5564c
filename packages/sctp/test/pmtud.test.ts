// PLPMTUD (RFC 8899 §5, §6.2): HEARTBEAT + PAD probes between `mtu` and `maxMtu` over the in-memory pair.
import { SEARCH_START_DELAY } from '../src/association/pmtud.js';
import { sctpChecksum } from '../src/index.js';
import { transfer } from './bulk.js';
import { Pair } from './pipe.js';

const BASE = 1191;
const PAD = 0x84;

/** Chunk types in a packet, in order. */
function chunkTypes(p: Uint8Array): number[] {
  const out: number[] = [];
  for (let off = 12; off + 4 <= p.length; ) {
    out.push(p[off]!);
    off += (((p[off + 2]! << 8) | p[off + 3]!) + 3) & ~3;
  }
  return out;
}
const isProbe = (p: Uint8Array) => chunkTypes(p).join() === `4,${PAD}`;

/** A pair whose link drops every packet longer than `limit()` bytes. */
function pair(maxMtu: number, limit: () => number, seed = 1) {
  const seen = { a: [] as Uint8Array[], b: [] as Uint8Array[] };
  const p = new Pair(
    {
      delay: 5,
      tap: (from, pkt) => {
        seen[from].push(pkt);
        return pkt.length > limit() ? undefined : pkt;
      },
    },
    seed,
    { maxMtu },
    { maxMtu },
  );
  return { p, seen };
}

function seal(q: Uint8Array): Uint8Array {
  q.fill(0, 8, 12);
  const c = sctpChecksum(q);
  q[8] = c & 0xff;
  q[9] = (c >>> 8) & 0xff;
  q[10] = (c >>> 16) & 0xff;
  q[11] = c >>> 24;
  return q;
}

const settled = (p: Pair) => () =>
  p.a.stats.pmtud?.state === 'complete' && p.b.stats.pmtud?.state === 'complete';

describe('PLPMTUD', () => {
  it('is off by default: no probe, the PLPMTU stays the mtu option', () => {
    const { p, seen } = pair(BASE, () => 65535);
    p.connect();
    p.runUntil(() => false, p.now + 120_000);
    expect(p.a.stats.pmtu).toBe(BASE);
    expect(p.a.stats.pmtud?.state).toBe('disabled');
    expect(seen.a.some(isProbe)).toBe(false);
  }, 10_000);

  it('the first probe waits for the control chunks already queued (COOKIE-ACK leaves first)', () => {
    const { p, seen } = pair(16384, () => 65535);
    p.connect();
    p.runUntil(settled(p), p.now + 60_000);
    // The side that answers COOKIE-ECHO is established at once and owes COOKIE-ACK (type 11): its
    // peer becomes established (and opens its channels) on that, so a 16 KiB probe must not go first.
    for (const sent of [seen.a, seen.b]) {
      const cookieAck = sent.findIndex((q) => chunkTypes(q).includes(11));
      if (cookieAck < 0) continue;
      const firstProbe = sent.findIndex(isProbe);
      expect(firstProbe).toBeGreaterThan(cookieAck);
    }
    expect(
      seen.a.some((q) => chunkTypes(q).includes(11)) || seen.b.some((q) => chunkTypes(q).includes(11)),
    ).toBe(true);
  }, 10_000);

  it('the search starts SEARCH_START_DELAY after establishment, not in the packets that complete it', () => {
    const sentAt = { a: [] as number[], b: [] as number[] };
    const sent = { a: [] as Uint8Array[], b: [] as Uint8Array[] };
    const p: Pair = new Pair(
      {
        delay: 5,
        tap: (from, pkt) => {
          sent[from].push(pkt);
          sentAt[from].push(p.now);
          return pkt;
        },
      },
      1,
      { maxMtu: 16384 },
      { maxMtu: 16384 },
    );
    p.connect();
    p.runUntil(settled(p), p.now + 60_000);
    expect(p.a.stats.pmtu).toBe(16384);
    // The side answering COOKIE-ECHO is established when it sends COOKIE-ACK (type 11).
    const side = sent.a.some((q) => chunkTypes(q).includes(11)) ? 'a' : 'b';
    const established = sentAt[side][sent[side].findIndex((q) => chunkTypes(q).includes(11))]!;
    const firstProbe = sentAt[side][sent[side].findIndex(isProbe)]!;
    expect(firstProbe - established).toBeGreaterThanOrEqual(SEARCH_START_DELAY);
  }, 10_000);

  it('a path that drops packets above 4000 bytes settles at a PLPMTU <= 4000 and above the base', () => {
    const { p, seen } = pair(16000, () => 4000);
    p.connect();
    expect(p.runUntil(settled(p), p.now + 600_000)).toBe(true);
    for (const x of [p.a, p.b]) {
      expect(x.stats.pmtu).toBeLessThanOrEqual(4000);
      expect(x.stats.pmtu).toBeGreaterThan(4000 - 64);
      expect(x.stats.pmtud!.probeSizesFailed).toBeGreaterThan(0);
    }
    // The first probe is the caller's maxMtu, each probe at most MAX_PROBES times per size.
    const probes = seen.a.filter(isProbe);
    expect(probes[0]!.length).toBe(16000);
    const perSize = new Map<number, number>();
    for (const q of probes) perSize.set(q.length, (perSize.get(q.length) ?? 0) + 1);
    for (const n of perSize.values()) expect(n).toBeLessThanOrEqual(3);
    // The peer skips PAD silently (RFC 4820 §3, upper bits 10): no ERROR, nothing dropped, small ACKs.
    expect(p.b.stats.packetsDropped).toBe(0);
    expect(p.eventsB.some((e) => e.type === 'error')).toBe(false);
    const acks = seen.b.filter((q) => chunkTypes(q).includes(5));
    expect(acks.length).toBeGreaterThan(0);
    for (const q of acks) expect(q.length).toBeLessThan(64);
    expect(seen.b.some((q) => chunkTypes(q).includes(9))).toBe(false);
    // Nothing was counted against the association or congestion control.
    expect(p.a.stats.t3Expirations).toBe(0);
    expect(p.a.state).toBe('established');
  }, 20_000);

  it('large transfers use the raised PLPMTU and still deliver everything in order', () => {
    const { p, seen } = pair(16000, () => 9000, 5);
    p.connect();
    expect(p.runUntil(settled(p), p.now + 600_000)).toBe(true);
    const pmtu = p.a.stats.pmtu;
    expect(pmtu).toBeGreaterThan(8900);
    seen.a.length = 0;
    const { msgs, received } = transfer(p, 8 * 1024 * 1024, 5);
    expect(received.length).toBe(msgs.length);
    for (let i = 0; i < msgs.length; i++)
      if (Buffer.compare(msgs[i]!, received[i]!) !== 0) throw new Error(`message ${i} differs`);
    const dataPkts = seen.a.filter((q) => chunkTypes(q).includes(0));
    expect(Math.max(...dataPkts.map((q) => q.length))).toBeLessThanOrEqual(pmtu);
    expect(dataPkts.filter((q) => q.length > 8000).length).toBeGreaterThan(500);
    expect(p.a.stats.retransmissions).toBe(0);
  }, 30_000);

  it('losing every probe keeps the base PLPMTU and leaves cwnd, ssthresh and the error count alone', () => {
    const { p, seen } = pair(16000, () => BASE);
    p.connect();
    const before = p.a.stats;
    expect(p.runUntil(settled(p), p.now + 600_000)).toBe(true);
    const after = p.a.stats;
    expect(after.pmtu).toBe(BASE);
    expect(after.cwnd).toBe(before.cwnd);
    expect(after.ssthresh).toBe(before.ssthresh);
    expect(after.t3Expirations).toBe(0);
    expect(after.pmtud!.probesConfirmed).toBe(0);
    expect(after.pmtud!.probesSent).toBe(seen.a.filter(isProbe).length);
    expect(after.pmtud!.probesSent).toBeGreaterThan(3);
    // The association still works at the base size.
    const id = p.a.createChannel({ label: 'x' }, p.now);
    p.a.send(id, new Uint8Array(50_000), true, p.now);
    expect(p.runUntil(() => p.eventsB.some((e) => e.type === 'message'), p.now + 60_000)).toBe(true);
  }, 20_000);

  it('a black hole after the raise (T3-rtx twice) falls back to the base PLPMTU and searches again', () => {
    let limit = 65535;
    const { p } = pair(16000, () => limit, 7);
    p.connect();
    expect(p.runUntil(settled(p), p.now + 600_000)).toBe(true);
    expect(p.a.stats.pmtu).toBe(16000);
    const id = p.a.createChannel({ label: 'bh' }, p.now);
    expect(p.runUntil(() => p.eventsA.some((e) => e.type === 'channel-open'), p.now + 10_000)).toBe(true);
    limit = 4000; // the path changes: large packets now vanish
    const msgs = [new Uint8Array(100_000).fill(1), new Uint8Array(30_000).fill(2)];
    for (const m of msgs) p.a.send(id, m, true, p.now);
    let pmtuAtFallback = 0;
    expect(
      p.runUntil(() => {
        if (p.a.stats.pmtud!.blackHoles > 0 && !pmtuAtFallback) pmtuAtFallback = p.a.stats.pmtu;
        return pmtuAtFallback > 0;
      }, p.now + 120_000),
    ).toBe(true);
    expect(pmtuAtFallback).toBe(BASE);
    expect(p.a.stats.t3Expirations).toBeGreaterThanOrEqual(2);
    expect(p.a.stats.pmtud!.state).toBe('search');
    // Chunks already cut at 16000 keep their TSNs (no re-fragmentation, RFC 9260 §6.9); once the path
    // carries them again (IP fragmentation, route back) everything arrives in order.
    limit = 65535;
    const got: Uint8Array[] = [];
    p.onEventB = (e) => e.type === 'message' && got.push(e.data);
    expect(p.runUntil(() => got.length === 2, p.now + 600_000)).toBe(true);
    expect(got.map((m) => m[0])).toEqual([1, 2]);
    expect(got.map((m) => m.length)).toEqual([100_000, 30_000]);
    expect(p.a.state).toBe('established');
  }, 20_000);

  it('ignores HEARTBEAT-ACKs with forged probe info (nonce or size) and unsolicited ones', () => {
    let forged = 0;
    let lastToB: Uint8Array | undefined;
    const p = new Pair(
      {
        delay: 5,
        tap: (from, pkt) => {
          if (from === 'a') lastToB = pkt;
          if (from !== 'b' || pkt[12] !== 5 || pkt.length !== 12 + 8 + 16) return pkt;
          // HEARTBEAT-ACK info: time (20..27), nonce (28..31), size (32..35). Alternate the field.
          const q = Uint8Array.from(pkt);
          q[forged++ % 2 ? 31 : 35] ^= 0x04;
          return seal(q);
        },
      },
      3,
      { maxMtu: 8000 },
    );
    p.connect();
    expect(p.runUntil(() => p.a.stats.pmtud?.state === 'complete', p.now + 600_000)).toBe(true);
    expect(forged).toBeGreaterThan(3);
    expect(p.a.stats.pmtu).toBe(BASE);
    expect(p.a.stats.pmtud!.probesConfirmed).toBe(0);
    expect(p.a.stats.pmtud!.probeAcksIgnored).toBe(forged);
    // b never probed (maxMtu = mtu): a probe-sized ACK it did not ask for changes nothing.
    expect(p.b.stats.pmtud!.state).toBe('disabled');
    const q = new Uint8Array(12 + 8 + 16);
    q.set(lastToB!.subarray(0, 8));
    q.set([5, 0, 0, 24, 0, 1, 0, 20], 12);
    q.set([0, 0, 0x1f, 0x40], 32);
    p.b.handlePacket(seal(q), p.now);
    expect(p.b.stats.packetsDropped).toBe(0);
    expect(p.b.stats.pmtud!.probeAcksIgnored).toBe(1);
    expect(p.b.stats.pmtu).toBe(BASE);
    expect(p.a.state).toBe('established');
  }, 20_000);

  it('setMaxMtu: a bound learned before establishment is used; a later one restarts the search from the base', () => {
    let limit = 65535;
    const { p } = pair(BASE, () => limit);
    p.a.setMaxMtu(9000, p.now);
    p.b.setMaxMtu(9000, p.now);
    p.connect();
    expect(p.runUntil(settled(p), p.now + 600_000)).toBe(true);
    expect(p.a.stats.pmtu).toBe(9000);
    // The path changed (RFC 8899 §5.2): back to BASE, then a new search bounded by the new value.
    limit = 5000;
    p.a.setMaxMtu(6000, p.now);
    expect(p.a.stats.pmtu).toBe(BASE);
    expect(p.runUntil(() => p.a.stats.pmtud?.state === 'complete', p.now + 600_000)).toBe(true);
    expect(p.a.stats.pmtu).toBeLessThanOrEqual(5000);
    expect(p.a.stats.pmtu).toBeGreaterThan(5000 - 64);
    expect(() => p.a.setMaxMtu(BASE - 1, p.now)).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
    expect(() => p.a.setMaxMtu(70000, p.now)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  }, 20_000);
});
