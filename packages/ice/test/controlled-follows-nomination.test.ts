import { decodeMessage, encodeMessage, isStunPacket, StunMethod, shortTermKey } from '@rtc/stun';
import { IceAgent, type IceAgentOptions, type IceEvent } from '../src/index.js';
import { peerCheck } from './helpers/peer-check.js';
import { seededRandom } from './helpers/seeded-random.js';

// A controlling peer that nominates one pair and later another, and moves its data to the second,
// as Chromium was seen doing here with dual-stack host candidates (127.0.0.1 -> 192.0.2.2 first,
// then fd00::2 -> fd00::2). The controlled agent must follow (RFC 8445 §8.1.1, libwebrtc's
// controlled side), and must not free the candidate of a nominated pair (§8.3.1).

const LOCAL_PWD = 'localpasswordlocalpassword';
const REMOTE_PWD = 'remotepasswordremotepassword';
/** The peer's two host candidates: the IPv4 one has the higher priority. */
const V4 = { address: '10.0.0.2', port: 6000 };
const V6 = { address: 'fd00::2', port: 6002 };
const LOCALS: Record<string, { address: string; port: number; family: 'IPv4' | 'IPv6' }> = {
  s4: { address: '10.0.0.1', port: 5000, family: 'IPv4' },
  s6: { address: 'fd00::1', port: 5002, family: 'IPv6' },
};

function agent(opts: Partial<IceAgentOptions> = {}) {
  const a = new IceAgent({
    role: 'controlled',
    random: seededRandom(21),
    localUfrag: 'loca',
    localPwd: LOCAL_PWD,
    ...opts,
  });
  for (const [socketId, l] of Object.entries(LOCALS)) a.addHostSocket({ socketId, ...l }, 0);
  a.gather(0);
  a.setRemoteCredentials('remo', REMOTE_PWD, {}, 0);
  a.addRemoteCandidate(`candidate:1 1 udp 2130706431 ${V4.address} ${V4.port} typ host`, 0);
  a.addRemoteCandidate(`candidate:2 1 udp 2130705919 ${V6.address} ${V6.port} typ host`, 0);
  return a;
}

/** Answers every check the agent sent from s4/s6 (the peer is reachable there), keeps the events. */
function drain(a: IceAgent, now: number, events: IceEvent[]): void {
  for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
    const local = LOCALS[t.socketId];
    if (!local || !isStunPacket(t.data)) continue;
    const req = decodeMessage(t.data);
    if (req.class !== 'request') continue;
    const res = encodeMessage(
      {
        class: 'success',
        method: StunMethod.Binding,
        transactionId: req.transactionId,
        attributes: [{ type: 'XOR-MAPPED-ADDRESS', value: local }],
      },
      { integrity: shortTermKey(REMOTE_PWD), fingerprint: true },
    );
    a.handleDatagram({ socketId: t.socketId, from: t.to, data: res }, now);
  }
  for (let e = a.pollEvent(); e; e = a.pollEvent()) events.push(e);
}

/** Virtual time up to `until`: every deadline fires, every check is answered. */
function run(a: IceAgent, from: number, until: number, events: IceEvent[]): number {
  let now = from;
  drain(a, now, events);
  for (let i = 0; i < 100_000; i++) {
    const d = a.nextDeadline();
    if (d === undefined || d > until) return until;
    now = Math.max(now, d);
    a.handleTimeout(now);
    drain(a, now, events);
  }
  throw new Error('deadline loop did not settle');
}

let tid = 0;
/** The peer's check, authenticated with our password; `nominate` adds USE-CANDIDATE. */
function nominatingCheck(nominate: boolean): Uint8Array {
  tid++;
  return peerCheck({
    pwd: LOCAL_PWD,
    priority: 1845494271,
    role: 'controlling',
    tieBreaker: 7n,
    fill: tid & 0xff,
    useCandidate: nominate,
  });
}

/** An SRTP-looking datagram (first byte 0x80: not STUN). */
const media = (n: number) => new Uint8Array([0x80, 0x60, 0, n, 1, 2, 3, 4, 5, 6, 7, 8]);

function from(a: IceAgent, socketId: string, peer: typeof V4, data: Uint8Array, now: number, ev: IceEvent[]) {
  a.handleDatagram({ socketId, from: peer, data }, now);
  drain(a, now, ev);
}

const selectedOf = (a: IceAgent) =>
  a.selectedPair && `${a.selectedPair.socketId}->${a.selectedPair.remoteAddress.address}`;
const dataOn = (ev: IceEvent[]) => ev.flatMap((e) => (e.type === 'data' ? [e.pair?.socketId] : []));

/** Both pairs valid, the peer nominated the IPv4 pair at t=100 and sends data there. */
function nominatedV4(opts: Partial<IceAgentOptions> = {}) {
  const a = agent(opts);
  const ev: IceEvent[] = [];
  run(a, 0, 100, ev);
  expect(a.getStats().pairs.filter((p) => p.state === 'succeeded')).toHaveLength(2);
  from(a, 's4', V4, nominatingCheck(true), 100, ev);
  from(a, 's4', V4, media(1), 110, ev);
  expect(selectedOf(a)).toBe('s4->10.0.0.2');
  return { a, ev };
}

describe('controlled agent and a controlling peer that nominates again (RFC 8445 §8.1.1)', () => {
  it('moves to the later nominated pair once the peer sends its data there', () => {
    const { a, ev } = nominatedV4();
    // The second nomination alone does not move: the peer's data still arrives on the first pair.
    from(a, 's6', V6, nominatingCheck(true), 200, ev);
    expect(selectedOf(a)).toBe('s4->10.0.0.2');
    from(a, 's6', V6, media(2), 210, ev);
    expect(selectedOf(a)).toBe('s6->fd00::2');
    const changes = ev.flatMap((e) => (e.type === 'selected-pair' ? [e.pair.socketId] : []));
    expect(changes).toEqual(['s4', 's6']);
    expect(dataOn(ev)).toEqual(['s4', 's6']);
    // What we send now goes where the peer's data comes from.
    expect(a.send(media(3), 220)).toBe(true);
    const t = a.pollTransmit()!;
    expect([t.socketId, t.to]).toEqual(['s6', V6]);
    // Later data on the same pair changes nothing more.
    from(a, 's6', V6, media(4), 230, ev);
    expect(ev.filter((e) => e.type === 'selected-pair')).toHaveLength(2);
  });

  it('data on a valid pair the peer never nominated is delivered but does not move the selection', () => {
    const { a, ev } = nominatedV4();
    from(a, 's6', V6, nominatingCheck(false), 200, ev);
    from(a, 's6', V6, media(2), 210, ev);
    expect(dataOn(ev)).toEqual(['s4', 's6']);
    expect(selectedOf(a)).toBe('s4->10.0.0.2');
  });

  it('without data, several nominations select the highest-priority pair (§8.1.1)', () => {
    const a = agent();
    const ev: IceEvent[] = [];
    run(a, 0, 100, ev);
    from(a, 's6', V6, nominatingCheck(true), 100, ev);
    expect(selectedOf(a)).toBe('s6->fd00::2');
    from(a, 's4', V4, nominatingCheck(true), 110, ev);
    expect(selectedOf(a)).toBe('s4->10.0.0.2');
  });
});

describe('freeing candidates with several nominations (RFC 8445 §8.3.1)', () => {
  it("keeps the socket of a pair nominated after the selected one, so the peer's data still arrives", () => {
    const { a, ev } = nominatedV4({ releaseUnusedAfter: 3000 });
    // A third socket whose checks are never answered: the only one to free.
    a.addHostSocket({ socketId: 's9', address: '10.9.9.9', port: 5009 }, 110);
    run(a, 110, 2900, ev);
    // Nominated just before the release, no data on it yet.
    from(a, 's6', V6, nominatingCheck(true), 2900, ev);
    run(a, 2900, 3500, ev);
    const released = ev.flatMap((e) => (e.type === 'release-socket' ? [e.socketId] : []));
    expect(released).toEqual(['s9']);
    from(a, 's6', V6, media(2), 3600, ev);
    expect(dataOn(ev)).toEqual(['s4', 's6']);
    expect(a.getStats().droppedData).toBe(0);
    expect(selectedOf(a)).toBe('s6->fd00::2');
  });

  it('counts the 3 s from the last change of selection', () => {
    const { a, ev } = nominatedV4({ releaseUnusedAfter: 3000 });
    a.addHostSocket({ socketId: 's9', address: '10.9.9.9', port: 5009 }, 110);
    run(a, 110, 1000, ev);
    from(a, 's6', V6, nominatingCheck(true), 1000, ev);
    from(a, 's6', V6, media(2), 1010, ev);
    run(a, 1010, 3500, ev);
    expect(ev.some((e) => e.type === 'release-socket')).toBe(false);
    run(a, 3500, 4100, ev);
    expect(ev.flatMap((e) => (e.type === 'release-socket' ? [e.socketId] : []))).toEqual(['s9']);
  });
});
