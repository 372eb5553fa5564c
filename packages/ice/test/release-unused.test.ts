import { Network } from '@rtc-tools/netsim';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';

// RFC 8445 §8.3.1: some time after ICE completes, candidates not in the selected pair may be freed.
function setup(releaseUnusedAfter: number | undefined) {
  const net = new Network({ seed: 7 });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { delay: 5 });
  const opts = releaseUnusedAfter === undefined ? {} : { releaseUnusedAfter };
  const a = new SimAgent(net, ha, { role: 'controlling', nominationDelay: 50, ...opts }, 1);
  // A second host socket on an address nothing routes to: its pairs never succeed.
  a.agent.addHostSocket({ socketId: 's1', address: '10.9.9.9', port: 6000 }, net.now);
  const b = new SimAgent(net, hb, { role: 'controlled' }, 2);
  connect(a, b);
  return { net, a, b };
}

const pairsOn = (a: SimAgent, socketId: string) =>
  a.agent
    .getStats()
    .pairs.filter((p) => p.localCandidate.address === (socketId === 's1' ? '10.9.9.9' : '10.0.0.1'));

describe('releaseUnusedAfter (RFC 8445 §8.3.1)', () => {
  it('frees the unused host socket 3 s after selection, keeps the selected one working', () => {
    const { net, a, b } = setup(3000);
    expect(net.runUntil(() => bothConnected(a, b), { maxTime: 10_000 }).done).toBe(true);
    const selectedAt = net.now;
    expect(a.agent.selectedPair?.socketId).toBe('s0');
    expect(pairsOn(a, 's1').length).toBeGreaterThan(0);
    net.run(2500);
    expect(a.events.some((e) => e.type === 'release-socket')).toBe(false);
    net.runUntil(() => a.events.some((e) => e.type === 'release-socket'), { maxTime: 5000 });
    const released = a.events.filter((e) => e.type === 'release-socket');
    expect(released).toEqual([{ type: 'release-socket', socketId: 's1' }]);
    expect(net.now - selectedAt).toBeGreaterThanOrEqual(3000);
    expect(a.agent.getLocalCandidates().map((c) => c.address)).toEqual(['10.0.0.1']);
    expect(pairsOn(a, 's1')).toHaveLength(0);
    // The selected pair still carries data and consent afterwards.
    expect(a.agent.send(new Uint8Array([0x17, 1]), net.now)).toBe(true);
    a.pump(net.now);
    net.runUntil(() => b.received.length > 0, { maxTime: 1000 });
    expect(Array.from(b.received[0]!)).toEqual([0x17, 1]);
    net.run(20_000);
    expect(a.state === 'connected' || a.state === 'completed').toBe(true);
    expect(a.events.filter((e) => e.type === 'release-socket')).toHaveLength(1);
    // The lists compacted at the release still grow: a late remote candidate is paired.
    const before = a.agent.getStats().pairs.length;
    a.agent.addRemoteCandidate('candidate:9 1 udp 2130706431 10.0.0.2 7000 typ host', net.now);
    const pairs = a.agent.getStats().pairs;
    expect(pairs.length).toBe(before + 1);
    expect(pairs.some((p) => p.remoteCandidate.port === 7000)).toBe(true);
  });

  it('off by default: nothing is released', () => {
    const { net, a, b } = setup(undefined);
    net.runUntil(() => bothConnected(a, b), { maxTime: 10_000 });
    net.run(10_000);
    expect(a.events.some((e) => e.type === 'release-socket')).toBe(false);
    expect(a.agent.getLocalCandidates()).toHaveLength(2);
  });
});
