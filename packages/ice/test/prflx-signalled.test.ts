import { decodeMessage, encodeMessage, isStunPacket, StunMethod, shortTermKey } from '@rtc/stun';
import { pairPriority } from '../src/candidate/priority.js';
import { IceAgent, type IceEvent } from '../src/index.js';
import { peerCheck } from './helpers/peer-check.js';
import { seededRandom } from './helpers/seeded-random.js';

// The offerer's side of a fast answerer: the peer's first check arrives before its answer, so the
// agent learns the peer's address as peer-reflexive (RFC 8445 §7.3.1.3), ranked with the check's
// PRIORITY (prflx type preference). The answer then signals the same address as a host candidate.
// The pair must take the signalled priority: ranked with the prflx one it sits below the peer's
// IPv4 host pair, and regular nomination would wait for that pair instead of nominating the pair
// already in use.

const LOCAL_PWD = 'localpasswordlocalpassword';
const REMOTE_PWD = 'remotepasswordremotepassword';
const V6_PRIORITY = 2130706431;
const V4_PRIORITY = 2130705663;
/** What the peer's check carries: type preference 110 (prflx) with its local preference. */
const CHECK_PRIORITY = 1862270975;
const V6 = { address: 'fd00::2', port: 6002 };
const V4 = { address: '10.0.0.2', port: 6000 };
const LOCALS: Record<string, { address: string; port: number; family: 'IPv4' | 'IPv6' }> = {
  s6: { address: 'fd00::1', port: 5002, family: 'IPv6' },
  s4: { address: '10.0.0.1', port: 5000, family: 'IPv4' },
};

/** Answers our checks sent from s6 (IPv4 checks go unanswered, as on a path that drops them). */
function drain(a: IceAgent, now: number, events: IceEvent[], sent: { to: string; useCandidate: boolean }[]) {
  for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
    if (!isStunPacket(t.data)) continue;
    const req = decodeMessage(t.data);
    if (req.class !== 'request') continue;
    sent.push({ to: t.to.address, useCandidate: req.attributes.some((x) => x.type === 'USE-CANDIDATE') });
    if (t.socketId !== 's6') continue;
    const res = encodeMessage(
      {
        class: 'success',
        method: StunMethod.Binding,
        transactionId: req.transactionId,
        attributes: [{ type: 'XOR-MAPPED-ADDRESS', value: LOCALS.s6! }],
      },
      { integrity: shortTermKey(REMOTE_PWD), fingerprint: true },
    );
    a.handleDatagram({ socketId: 's6', from: t.to, data: res }, now);
  }
  for (let e = a.pollEvent(); e; e = a.pollEvent()) events.push(e);
}

function run(
  a: IceAgent,
  from: number,
  until: number,
  ev: IceEvent[],
  sent: { to: string; useCandidate: boolean }[],
) {
  let now = from;
  drain(a, now, ev, sent);
  for (let i = 0; i < 10_000; i++) {
    const d = a.nextDeadline();
    if (d === undefined || d > until) return;
    now = Math.max(now, d);
    a.handleTimeout(now);
    drain(a, now, ev, sent);
  }
  throw new Error('deadline loop did not settle');
}

describe('a peer-reflexive remote candidate later signalled (RFC 8445 §7.3.1.3, §6.1.2.3)', () => {
  it('re-ranks its pair with the signalled priority and nominates it without waiting for worse pairs', () => {
    const a = new IceAgent({
      role: 'controlling',
      random: seededRandom(5),
      localUfrag: 'loca',
      localPwd: LOCAL_PWD,
      ta: 5,
      nominationDelay: 500,
    });
    for (const [socketId, l] of Object.entries(LOCALS)) a.addHostSocket({ socketId, ...l }, 0);
    a.gather(0);
    const ev: IceEvent[] = [];
    const sent: { to: string; useCandidate: boolean }[] = [];
    // The controlled peer's check to our s6 from V6, before we have its answer.
    const check = peerCheck({
      pwd: LOCAL_PWD,
      priority: CHECK_PRIORITY,
      role: 'controlled',
      tieBreaker: 9n,
      fill: 7,
    });
    a.handleDatagram({ socketId: 's6', from: V6, data: check }, 1);
    drain(a, 1, ev, sent);
    expect(a.getStats().pairs.map((p) => p.remoteCandidate.type)).toEqual(['prflx']);

    a.setRemoteCredentials('remo', REMOTE_PWD, {}, 2);
    a.addRemoteCandidate(`candidate:1 1 udp ${V6_PRIORITY} ${V6.address} ${V6.port} typ host`, 2);
    a.addRemoteCandidate(`candidate:2 1 udp ${V4_PRIORITY} ${V4.address} ${V4.port} typ host`, 2);
    const pairs = a.getStats().pairs;
    expect(pairs.map((p) => [p.remoteCandidate.address, p.remoteCandidate.type])).toEqual([
      [V6.address, 'host'],
      [V4.address, 'host'],
    ]);
    const v6Local = pairs[0]!.localCandidate.priority;
    expect(pairs[0]!.priority).toBe(pairPriority(v6Local, V6_PRIORITY));

    run(a, 2, 100, ev, sent);
    // The V6 pair is nominated within a few Ta, not after the 500 ms nomination delay.
    expect(sent.filter((s) => s.useCandidate).map((s) => s.to)).toEqual([V6.address]);
    const selected = ev.filter((e) => e.type === 'selected-pair');
    expect(selected.map((e) => (e.type === 'selected-pair' ? e.pair.remoteAddress.address : ''))).toEqual([
      V6.address,
    ]);
    expect(a.getStats().pairs.find((p) => p.nominated)?.remoteCandidate.address).toBe(V6.address);
  });
});
