import { Network } from '@rtc-tools/netsim';
import { connect, SimAgent } from './helpers/sim-agent.js';
import { TestTurnServer } from './helpers/turn-server.js';

function setup(password = 'p') {
  const net = new Network({ seed: 21 });
  const server = net.addHost('1.1.1.1');
  const turn = new TestTurnServer(net, server, 3478, { u: 'p' });
  const ha = net.addHost('2.0.0.2');
  const hb = net.addHost('3.0.0.2');
  const a = new SimAgent(
    net,
    ha,
    {
      role: 'controlling',
      turnServers: [{ address: '1.1.1.1', port: 3478, transport: 'udp', username: 'u', password }],
    },
    1,
  );
  const b = new SimAgent(net, hb, { role: 'controlled' }, 2);
  return { net, turn, a, b };
}

describe('TURN client (RFC 8656) against the netsim test server', () => {
  it('401 then Allocate with realm/nonce gives a relay candidate', () => {
    const { net, turn, a, b } = setup();
    connect(a, b);
    net.run(1000);
    expect(turn.counters.unauthorized).toBe(1);
    expect(turn.counters.allocations).toBe(1);
    const relay = a.agent.getLocalCandidates().find((c) => c.type === 'relay');
    expect(relay?.address).toBe('1.1.1.1');
    expect(relay?.relatedAddress).toBe('2.0.0.2');
  });

  it('438 stale nonce is retried with the new nonce', () => {
    const { net, turn, a, b } = setup();
    turn.staleNextNonce = true;
    connect(a, b);
    net.run(1000);
    expect(turn.counters.staleNonce).toBe(1);
    expect(turn.counters.allocations).toBe(1);
  });

  it('a wrong password fails the allocation with an error event and gathering completes', () => {
    const { net, turn, a, b } = setup('wrong');
    connect(a, b);
    net.run(2000);
    expect(turn.counters.allocations).toBe(0);
    expect(a.events.some((e) => e.type === 'error')).toBe(true);
    expect(a.agent.gatheringState).toBe('complete');
  });

  it('refreshes the allocation and permissions before they expire', () => {
    const { net, turn, a, b } = setup();
    connect(a, b);
    net.run(1000);
    a.agent.addRemoteCandidate('candidate:7 1 udp 100 9.9.9.9 9 typ host', net.now);
    a.pump(net.now);
    net.run(1000);
    const perms = turn.counters.permissions;
    expect(perms).toBeGreaterThan(0);
    net.run(600_000);
    expect(turn.counters.refreshes).toBeGreaterThanOrEqual(1);
    expect(turn.counters.permissions).toBeGreaterThan(perms);
    expect(turn.allocations.size).toBe(1);
  });
});
