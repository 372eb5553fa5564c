import { encodeMessage, StunMethod, shortTermKey } from '@rtc/stun';
import { between, dropWhere, Network } from '@rtc-tools/netsim';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';

function pairOfAgents(seed: number, link = { delay: 10 }, aOpts = {}, bOpts = {}) {
  const net = new Network({ seed });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, link);
  const a = new SimAgent(net, ha, { role: 'controlling', ...aOpts }, seed * 10 + 1);
  const b = new SimAgent(net, hb, { role: 'controlled', ...bOpts }, seed * 10 + 2);
  return { net, ha, hb, a, b };
}

describe('IceAgent scenarios on netsim', () => {
  it.each([
    [0.1, 11],
    [0.3, 12],
  ])('connects with %p loss (seed %p)', (loss, seed) => {
    const { net, a, b } = pairOfAgents(seed, { delay: 20, jitter: 5, loss } as never);
    connect(a, b);
    const r = net.runUntil(() => bothConnected(a, b), { maxTime: 30_000 });
    expect(r.done).toBe(true);
  });

  it('non-trickle: candidates exchanged after gathering, late remote candidate still paired', () => {
    const { net, a, b } = pairOfAgents(3);
    a.trickle = false;
    b.trickle = false;
    connect(a, b);
    net.run(100);
    expect(a.state).toBe('new');
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(`a=${serialize(c)}`, net.now);
    for (const c of b.agent.getLocalCandidates()) a.agent.addRemoteCandidate(serialize(c), net.now);
    a.pump(net.now);
    b.pump(net.now);
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 5000 }).done).toBe(true);
  });

  it('full agent talks to a lite peer (full agent controls and nominates)', () => {
    const { net, a, b } = pairOfAgents(4, { delay: 10 }, { role: 'controlled' }, { lite: true });
    connect(a, b, { bLite: true });
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 5000 }).done).toBe(true);
    expect(a.agent.role).toBe('controlling');
    expect(b.agent.role).toBe('controlled');
    // the lite agent sends no checks of its own
    expect(b.agent.getStats().pairs.every((p) => p.requestsSent === 0)).toBe(true);
  });

  it('role conflict: both controlling, the tie-breaker decides and they connect', () => {
    const { net, a, b } = pairOfAgents(
      5,
      { delay: 10 },
      { role: 'controlling', tieBreaker: 10n },
      { role: 'controlling', tieBreaker: 20n },
    );
    connect(a, b);
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 5000 }).done).toBe(true);
    expect(a.agent.role).toBe('controlled');
    expect(b.agent.role).toBe('controlling');
    expect(a.agent.getStats().roleConflicts + b.agent.getStats().roleConflicts).toBeGreaterThan(0);
  });

  it('role conflict: both controlled also resolves', () => {
    const { net, a, b } = pairOfAgents(
      6,
      { delay: 10 },
      { role: 'controlled', tieBreaker: 30n },
      { role: 'controlled', tieBreaker: 20n },
    );
    connect(a, b);
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 5000 }).done).toBe(true);
    expect(a.agent.role).toBe('controlling');
    expect(b.agent.role).toBe('controlled');
  });

  it('ICE restart: data keeps flowing on the old pair until the new generation selects one', () => {
    const { net, a, b } = pairOfAgents(7);
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    const oldUfrag = a.agent.localUfrag;
    a.agent.restart(net.now);
    expect(a.agent.localUfrag).not.toBe(oldUfrag);
    // still sending on the previous pair
    expect(a.agent.send(new Uint8Array([0x80]), net.now)).toBe(true);
    a.pump(net.now);
    const selectedBefore = a.events.filter((e) => e.type === 'selected-pair').length;
    b.agent.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd, {}, net.now);
    a.agent.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd, {}, net.now);
    for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(c, net.now);
    for (const c of b.agent.getLocalCandidates()) a.agent.addRemoteCandidate(c, net.now);
    a.pump(net.now);
    b.pump(net.now);
    net.run(3000);
    expect(b.received.length).toBe(1);
    expect(a.events.filter((e) => e.type === 'selected-pair').length).toBe(selectedBefore + 1);
    expect(bothConnected(a, b)).toBe(true);
  });

  it('consent loss: disconnected after 10 s without responses, failed at 30 s, then sending stops', () => {
    const { net, a, b, ha, hb } = pairOfAgents(8);
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    net.run(12_000);
    expect(a.state === 'completed' || a.state === 'connected').toBe(true);
    const consents = a.agent.getStats().pairs.find((p) => p.selected)!.consentRequestsSent;
    expect(consents).toBeGreaterThanOrEqual(2);
    // the peer vanishes
    const cut = net.now;
    net.addFilter(dropWhere(between(hb, ha, true)));
    let disconnectedAt: number | undefined;
    let failedAt: number | undefined;
    net.runUntil(
      () => {
        if (a.state === 'disconnected') disconnectedAt ??= net.now;
        if (a.state === 'failed') failedAt ??= net.now;
        return failedAt !== undefined;
      },
      { maxTime: 40_000 },
    );
    const lastRefresh = cut - 6000; // consent checks run every 4-6 s
    expect(disconnectedAt).toBeDefined();
    expect(disconnectedAt! - cut).toBeLessThanOrEqual(10_000);
    expect(disconnectedAt! - lastRefresh).toBeGreaterThanOrEqual(10_000 - 6000);
    expect(failedAt! - cut).toBeGreaterThan(24_000);
    expect(failedAt! - cut).toBeLessThanOrEqual(30_000);
    expect(a.agent.send(new Uint8Array([1]), net.now)).toBe(false);
    expect(a.agent.nextDeadline()).toBeUndefined();
  });

  it('ignores checks with a bad password, a wrong ufrag or no integrity', () => {
    const { net, a, b, hb } = pairOfAgents(9);
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    const attacker = hb.bind(6666, () => {});
    const send = (username: string, pwd: string | undefined, useCandidate = true) => {
      const tid = new Uint8Array(12).fill(7);
      const attributes = [
        { type: 'USERNAME' as const, value: username },
        { type: 'PRIORITY' as const, value: 1 << 30 },
        { type: 'ICE-CONTROLLED' as const, value: 99n },
        ...(useCandidate ? [{ type: 'USE-CANDIDATE' as const }] : []),
      ];
      attacker.send(
        { ip: '10.0.0.1', port: 5000 },
        encodeMessage(
          { class: 'request', method: StunMethod.Binding, transactionId: tid, attributes },
          { integrity: pwd === undefined ? undefined : shortTermKey(pwd), fingerprint: true },
        ),
      );
    };
    const selected = a.agent.selectedPair;
    const role = a.agent.role;
    send(`${a.agent.localUfrag}:${b.agent.localUfrag}`, 'wrong-password-wrong-password');
    send(`nope:${b.agent.localUfrag}`, a.agent.localPwd);
    send(`${a.agent.localUfrag}:${b.agent.localUfrag}`, undefined);
    net.run(500);
    const stats = a.agent.getStats();
    expect(stats.droppedRequests).toBe(3);
    expect(a.agent.rejections).toEqual({ 'bad-integrity': 1, 'wrong-ufrag': 1, 'no-integrity': 1 });
    // nothing acted on: no new pair, no role change, same selection, no answer sent to the attacker
    expect(stats.pairs.some((p) => p.remoteCandidate.port === 6666)).toBe(false);
    expect(a.agent.role).toBe(role);
    expect(a.agent.selectedPair).toBe(selected);
    // a correct check from the same address is answered and learned as peer-reflexive
    send(`${a.agent.localUfrag}:${b.agent.localUfrag}`, a.agent.localPwd, false);
    net.run(100);
    expect(a.agent.getStats().pairs.some((p) => p.remoteCandidate.port === 6666)).toBe(true);
  });

  it('drops data from addresses that are not a checked pair', () => {
    const { net, a, b, hb } = pairOfAgents(10);
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    const stranger = hb.bind(7777, () => {});
    stranger.send({ ip: '10.0.0.1', port: 5000 }, new Uint8Array([0x16, 0xfe, 0xfd]));
    net.run(100);
    expect(a.received.length).toBe(0);
    expect(a.agent.getStats().droppedData).toBe(1);
  });

  it('an idle agent has no deadline', () => {
    const { a } = pairOfAgents(11);
    expect(a.agent.nextDeadline()).toBeUndefined();
  });
});

import { serializeCandidate as serialize } from '../src/index.js';

describe('aggressive nomination from the peer', () => {
  it('the controlled agent accepts USE-CANDIDATE on the first checks', () => {
    const { net, a, b } = pairOfAgents(
      13,
      { delay: 10 },
      { aggressiveNomination: true, nominationDelay: 60_000 },
    );
    connect(a, b);
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 2000 }).done).toBe(true);
    // one check did it all; regular nomination needs a second check carrying USE-CANDIDATE
    const selected = a.agent.getStats().pairs.find((p) => p.selected)!;
    expect(selected.requestsSent).toBe(1);
  });
});

describe('more agent behaviour', () => {
  it('consent recovers: disconnected while the path is cut, connected again when it heals', () => {
    const { net, a, b, ha, hb } = pairOfAgents(14);
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    const remove = net.addFilter(dropWhere(between(ha, hb, true)));
    net.runUntil(() => a.state === 'disconnected', { maxTime: 20_000 });
    expect(a.state).toBe('disconnected');
    remove();
    net.runUntil(() => a.state === 'connected' || a.state === 'completed', { maxTime: 10_000 });
    expect(['connected', 'completed']).toContain(a.state);
    expect(a.agent.send(new Uint8Array([0x80]), net.now)).toBe(true);
  });

  it('a lite agent gathers host candidates only, even with servers configured', () => {
    const { net, b } = pairOfAgents(
      15,
      { delay: 10 },
      {},
      {
        lite: true,
        stunServers: [{ address: '10.0.0.1', port: 3478 }],
        turnServers: [{ address: '10.0.0.1', port: 3478, transport: 'udp', username: 'u', password: 'p' }],
      },
    );
    b.agent.gather(net.now);
    b.pump(net.now);
    expect(b.agent.getLocalCandidates().map((c) => c.type)).toEqual(['host']);
    expect(b.agent.gatheringState).toBe('complete');
    expect(b.agent.role).toBe('controlled');
  });

  it('counts requests, responses, packets, bytes and RTT per pair', () => {
    const { net, a, b } = pairOfAgents(16, { delay: 15 });
    connect(a, b);
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    a.agent.send(new Uint8Array(100), net.now);
    a.pump(net.now);
    net.run(100);
    const pa = a.agent.getStats().pairs.find((p) => p.selected)!;
    const pb = b.agent.getStats().pairs.find((p) => p.selected)!;
    expect(pa.requestsSent).toBeGreaterThanOrEqual(2);
    expect(pa.responsesReceived).toBeGreaterThanOrEqual(2);
    expect(pb.requestsReceived).toBeGreaterThanOrEqual(2);
    expect(pb.responsesSent).toBe(pb.requestsReceived);
    expect(pa.currentRoundTripTime).toBe(30);
    expect(pa.packetsSent).toBe(1);
    expect(pa.bytesSent).toBe(100);
    expect(pb.packetsReceived).toBe(1);
    expect(pb.bytesReceived).toBe(100);
    expect(pa.nominated && pb.nominated).toBe(true);
  });

  it('a remote candidate of another ufrag generation is ignored', () => {
    const { net, a, b } = pairOfAgents(17);
    connect(a, b);
    net.run(1);
    const before = a.agent.getStats().pairs.length;
    a.agent.addRemoteCandidate('candidate:5 1 udp 100 10.0.0.9 9 typ host ufrag other', net.now);
    expect(a.agent.getStats().pairs.length).toBe(before);
  });
});

describe('check list failure', () => {
  it('goes failed when every pair failed after both sides ended their candidates', () => {
    const { net, a, b, ha, hb } = pairOfAgents(18);
    net.addFilter(dropWhere(between(ha, hb, true)));
    connect(a, b);
    const r = net.runUntil(() => a.state === 'failed', { maxTime: 30_000 });
    expect(r.done).toBe(true);
    // RFC 8489 Rc = 7 transmissions, RTO 500 ms doubling (capped at 3 s): 15.5 s
    expect(net.now).toBeGreaterThanOrEqual(15_500);
    expect(a.states()).toEqual(['checking', 'failed']);
    expect(a.agent.nextDeadline()).toBeUndefined();
  });
});
