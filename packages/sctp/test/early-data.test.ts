// Association setup with data channels created before the association is up: their
// DATA_CHANNEL_OPEN rides after COOKIE-ECHO (RFC 9260 §5.1 C: DATA may be bundled with COOKIE ECHO,
// which comes first) and every message must arrive exactly once and in order whatever happens to
// the handshake: simultaneous INIT (both WebRTC ends connect, §5.2.1), the COOKIE-ECHO cases of
// §5.2.4 (A restart, B collision with a new peer tag, C late cookie, D both tags match), lost or
// duplicated COOKIE-ECHO and COOKIE-ACK. Virtual clock, no I/O.
import { Association, ChunkType, sctpChecksum } from '../src/index.js';
import { App, apps, chunkTypes, expectExactlyOnce, isCookieAck, isCookieEcho } from './early-data-harness.js';
import { Pair } from './pipe.js';

const A_LABELS = ['a-echo', 'a-bulk', 'a-x', 'a-y', 'a-z'];
const B_LABELS = ['b-echo', 'b-bulk', 'b-x'];
const N = 20;
const DELAY = 5;

function settle(p: Pair, A: App, B: App, aLabels = A_LABELS, bLabels = B_LABELS): void {
  // Virtual time: generous, since heavy loss during setup backs T1 and T3 off a long way.
  const ok = p.runUntil(() => B.gotAll(aLabels) && A.gotAll(bLabels), p.now + 600_000);
  expect(ok).toBe(true);
  // Let every retransmission and duplicate drain, then check nothing arrived twice.
  p.runUntil(() => false, p.now + 10_000);
  expectExactlyOnce(aLabels, B);
  expectExactlyOnce(bLabels, A);
  expect(p.a.state).toBe('established');
  expect(p.b.state).toBe('established');
}

function setup(link: ConstructorParameters<typeof Pair>[0], seed = 1) {
  const p = new Pair({ delay: DELAY, ...link }, seed);
  const { A, B } = apps(p, N);
  A.create(A_LABELS);
  A.create(['a-unordered'], { ordered: false });
  B.create(B_LABELS);
  return { p, A, B };
}
const ALL_A = [...A_LABELS, 'a-unordered'];

function seal(q: Uint8Array): Uint8Array {
  q.fill(0, 8, 12);
  const c = sctpChecksum(q);
  q.set([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24], 8);
  return q;
}

/** The same packet with its first two chunks swapped (DATA before COOKIE-ECHO). */
function reorderFirstTwo(p: Uint8Array): Uint8Array {
  const len = (off: number) => (((p[off + 2]! << 8) | p[off + 3]!) + 3) & ~3;
  const l1 = len(12);
  const l2 = len(12 + l1);
  const q = Uint8Array.from(p);
  q.set(p.subarray(12 + l1, 12 + l1 + l2), 12);
  q.set(p.subarray(12, 12 + l1), 12 + l2);
  return seal(q);
}

describe('DATA with COOKIE-ECHO (RFC 9260 §5.1)', () => {
  it('one side connects: the OPENs ride after COOKIE-ECHO and the peer opens after 1.5 RTT', () => {
    const sent: number[][] = [];
    const { p, A, B } = setup({
      tap: (from, pkt) => {
        if (from === 'a') sent.push(chunkTypes(pkt));
        return pkt;
      },
    });
    let openedAt = -1;
    p.onEventB = (e) => {
      if (openedAt < 0 && e.type === 'channel-open' && e.remote) openedAt = p.now;
      B.onEvent(e);
    };
    p.a.connect(p.now);
    settle(p, A, B, ALL_A);
    // INIT, INIT-ACK, then COOKIE-ECHO + DATA: three one-way delays, not five.
    expect(openedAt).toBe(3 * DELAY);
    const echo = sent.find((t) => t[0] === ChunkType.COOKIE_ECHO)!;
    expect(echo.filter((t) => t === ChunkType.DATA)).toHaveLength(ALL_A.length);
    expect(sent.filter((t) => t[0] === ChunkType.COOKIE_ECHO)).toHaveLength(1);
    // The local channel-open still follows 'associated'.
    const iAssoc = A.events.findIndex((e) => e.type === 'associated');
    const iOpen = A.events.findIndex((e) => e.type === 'channel-open');
    expect(iAssoc).toBeGreaterThanOrEqual(0);
    expect(iOpen).toBeGreaterThan(iAssoc);
    expect(p.a.stats.retransmissions).toBe(0);
  }, 20_000);

  it('simultaneous INIT (both ends connect, §5.2.1 then §5.2.4 D on both sides)', () => {
    const { p, A, B } = setup({});
    p.a.connect(p.now);
    p.b.connect(p.now);
    settle(p, A, B, ALL_A);
    // Each side's OPENs ride its COOKIE-ECHO: both see the other's channels after 1.5 RTT.
    expect([A.firstRemoteOpenAt, B.firstRemoteOpenAt]).toEqual([3 * DELAY, 3 * DELAY]);
    expect(p.a.stats.retransmissions + p.b.stats.retransmissions).toBe(0);
    expect([...A.events, ...B.events].some((e) => e.type === 'restart' || e.type === 'closed')).toBe(false);
  }, 20_000);

  it('simultaneous INIT with one side a little later (its INIT crosses the INIT-ACK)', () => {
    for (const lag of [0, 1, 3, 5, 7, 9, 10, 12, 15, 20]) {
      const { p, A, B } = setup({});
      p.a.connect(p.now);
      p.runUntil(() => false, lag);
      p.b.connect(p.now);
      settle(p, A, B, ALL_A);
    }
  }, 20_000);

  it('the first COOKIE-ECHO (with its DATA) is lost: T1 brings both again', () => {
    let echoes = 0;
    const { p, A, B } = setup({
      tap: (from, pkt) => (from === 'a' && isCookieEcho(pkt) && ++echoes === 1 ? undefined : pkt),
    });
    p.a.connect(p.now);
    settle(p, A, B, ALL_A);
    expect(echoes).toBe(2);
  }, 20_000);

  it('every COOKIE-ECHO but the last is lost, in a simultaneous open', () => {
    for (const drops of [1, 2, 3]) {
      const seen = { a: 0, b: 0 };
      const { p, A, B } = setup({
        tap: (from, pkt) => (isCookieEcho(pkt) && ++seen[from] <= drops ? undefined : pkt),
      });
      p.a.connect(p.now);
      p.b.connect(p.now);
      settle(p, A, B, ALL_A);
    }
  }, 20_000);

  it('COOKIE-ACK lost: the repeated COOKIE-ECHO and its DATA are duplicates (§5.2.4 D when established)', () => {
    let acks = 0;
    const { p, A, B } = setup({
      tap: (from, pkt) => (from === 'b' && isCookieAck(pkt) && ++acks <= 2 ? undefined : pkt),
    });
    p.a.connect(p.now);
    settle(p, A, B, ALL_A);
    expect(acks).toBeGreaterThan(2);
  }, 20_000);

  it('duplicated and reordered handshake packets (every packet twice, copies late)', () => {
    let n = 0;
    const { p, A, B } = setup({ duplicate: 1, hold: () => (n++ % 3) * 4 });
    p.a.connect(p.now);
    p.b.connect(p.now);
    settle(p, A, B, ALL_A);
  }, 20_000);

  it('a late copy of the COOKIE-ECHO with DATA after establishment changes nothing', () => {
    let copy: Uint8Array | undefined;
    const { p, A, B } = setup({
      tap: (from, pkt) => {
        if (from === 'a' && isCookieEcho(pkt) && !copy) copy = Uint8Array.from(pkt);
        return pkt;
      },
    });
    p.a.connect(p.now);
    p.runUntil(() => B.gotAll(ALL_A));
    p.inject('b', copy!, 50);
    settle(p, A, B, ALL_A);
    expect(p.b.stats.packetsReceived).toBeGreaterThan(0);
  }, 20_000);

  it('§5.2.4 B: the peer answers INIT, then starts over with a new tag (drops its first TCB)', () => {
    // Like an endpoint that answers an INIT while closed and later connects with a fresh tag: A's
    // COOKIE-ECHO (and its DATA) goes to a TCB that no longer exists; the peer's own COOKIE-ECHO
    // then carries our tag and a new peer tag (case B), and A must send the OPENs again.
    const p = new Pair({ delay: DELAY });
    const { A, B } = apps(p, N);
    const b0 = p.b;
    A.create(A_LABELS);
    p.a.connect(p.now);
    // b0 answers the INIT (INIT-ACK with its tag), then is replaced before the COOKIE-ECHO lands.
    p.runUntil(() => p.a.state === 'cookie-echoed');
    p.b = new Association({ role: 'server', random: (n) => new Uint8Array(n).fill(7) });
    expect(b0.state).toBe('closed');
    B.create(B_LABELS);
    p.b.connect(p.now);
    settle(p, A, B);
    expect(p.b.stats.packetsDropped).toBeGreaterThan(0); // the COOKIE-ECHO signed by b0
    expect(A.events.filter((e) => e.type === 'associated')).toHaveLength(1);
  }, 20_000);

  it('§5.2.4 A then C: the peer restarts with early channels; a late copy of the old COOKIE-ECHO is discarded', () => {
    let first: Uint8Array | undefined;
    const { p, A, B } = setup({
      tap: (from, pkt) => {
        if (from === 'a' && isCookieEcho(pkt) && !first) first = Uint8Array.from(pkt);
        return pkt;
      },
    });
    p.a.connect(p.now);
    p.b.connect(p.now);
    settle(p, A, B, ALL_A);
    // A restarts (a new association object, same ports) with new channels created before connect.
    p.a = new Association({ role: 'client', random: (n) => new Uint8Array(n).fill(9) });
    const A2 = new App(
      () => p.a,
      () => p.now,
      N,
    );
    p.onEventA = (e) => A2.onEvent(e);
    const before = new Map([...B.received].map(([k, v]) => [k, v.length]));
    B.received.clear();
    B.remoteOpens.clear();
    A2.create(['r-1', 'r-2']);
    p.a.connect(p.now);
    expect(p.runUntil(() => B.gotAll(['r-1', 'r-2']), p.now + 60_000)).toBe(true);
    expect(B.events.filter((e) => e.type === 'restart')).toHaveLength(1);
    // Case C: the first association's COOKIE-ECHO + DATA arrives very late: silently discarded.
    p.inject('b', first!, 10);
    p.runUntil(() => false, p.now + 5_000);
    expectExactlyOnce(['r-1', 'r-2'], B);
    expect(before.get('a-echo')).toBe(N);
    expect(B.events.filter((e) => e.type === 'restart')).toHaveLength(1);
    expect(p.b.state).toBe('established');
  }, 20_000);

  it('a channel closed before the association is up, after its OPEN went out, closes on both sides', () => {
    const { p, A, B } = setup({});
    const id = p.a.createChannel({ label: 'gone' }, p.now);
    p.a.connect(p.now);
    p.runUntil(() => p.a.state === 'cookie-echoed');
    p.runUntil(() => false, p.now + 1); // the COOKIE-ECHO with the OPENs is on the wire
    p.a.closeChannel(id, p.now);
    settle(p, A, B, ALL_A);
    expect(A.events.some((e) => e.type === 'channel-closed' && e.channelId === id)).toBe(true);
    expect(A.localOpens.get('gone')).toBeUndefined();
    // The peer saw the channel open (the OPEN had left) and then close, or never saw it at all.
    const bOpen = B.events.find((e) => e.type === 'channel-open' && e.channel.label === 'gone');
    if (bOpen && bOpen.type === 'channel-open')
      expect(B.events.some((e) => e.type === 'channel-closed' && e.channelId === bOpen.channel.id)).toBe(
        true,
      );
    expect(p.a.channelState(id)).toBeUndefined();
  }, 20_000);
});

describe('DATA with COOKIE-ECHO: negative cases', () => {
  it('DATA placed before COOKIE-ECHO is dropped with the packet; T1 repairs it', () => {
    let swapped = 0;
    const { p, A, B } = setup({
      tap: (from, pkt) => {
        if (from !== 'a' || !isCookieEcho(pkt) || swapped) return pkt;
        swapped++;
        return reorderFirstTwo(pkt);
      },
    });
    p.a.connect(p.now);
    settle(p, A, B, ALL_A);
    expect(swapped).toBe(1);
    expect(p.b.stats.packetsDropped).toBeGreaterThanOrEqual(1);
    expect(B.firstRemoteOpenAt).toBeGreaterThan(1000); // only after T1-cookie
  }, 20_000);

  it('DATA after COOKIE-ECHO in a packet whose cookie fails verification is not delivered', () => {
    let forged = 0;
    const { p, A, B } = setup({
      tap: (from, pkt) => {
        if (from !== 'a' || !isCookieEcho(pkt) || forged) return pkt;
        forged++;
        const q = Uint8Array.from(pkt);
        q[12 + 4 + 20]! ^= 1; // inside the cookie body: the MAC no longer matches
        return seal(q);
      },
    });
    p.a.connect(p.now);
    p.runUntil(() => false, 500);
    expect(B.events.filter((e) => e.type === 'channel-open')).toHaveLength(0);
    expect(p.b.state).toBe('closed');
    settle(p, A, B, ALL_A);
  }, 20_000);
});

describe('DATA with COOKIE-ECHO under random loss, jitter and duplication (seeded)', () => {
  it('simultaneous open, 40 seeds: every message exactly once and in order', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { p, A, B } = setup({ delay: DELAY, jitter: 10, loss: 0.25, duplicate: 0.1, reorder: 0.1 }, seed);
      p.a.connect(p.now);
      if (seed % 4 !== 0) p.b.connect(p.now);
      settle(p, A, B, ALL_A);
    }
  }, 60_000);
});
