import { type NatFilteringBehaviour, type NatMappingBehaviour, Network } from '@rtc-tools/netsim';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';
import { TestTurnServer } from './helpers/turn-server.js';

type Nat = { mapping: NatMappingBehaviour; filtering: NatFilteringBehaviour } | undefined;

function scenario(natA: Nat, natB: Nat, seed = 7) {
  const net = new Network({ seed });
  const server = net.addHost('1.1.1.1');
  const turn = new TestTurnServer(net, server, 3478, { u: 'p' });
  const na = natA ? net.addNat({ externalIp: '2.0.0.1', ...natA }) : undefined;
  const nb = natB ? net.addNat({ externalIp: '3.0.0.1', ...natB }) : undefined;
  const ha = net.addHost(na ? '192.168.1.2' : '2.0.0.2', na ? { nat: na } : {});
  const hb = net.addHost(nb ? '192.168.2.2' : '3.0.0.2', nb ? { nat: nb } : {});
  const servers = {
    stunServers: [{ address: '1.1.1.1', port: 3478 }],
    turnServers: [
      { address: '1.1.1.1', port: 3478, transport: 'udp' as const, username: 'u', password: 'p' },
    ],
  };
  const a = new SimAgent(net, ha, { role: 'controlling', ...servers }, seed * 10 + 1);
  const b = new SimAgent(net, hb, { role: 'controlled', ...servers }, seed * 10 + 2);
  connect(a, b);
  const r = net.runUntil(() => bothConnected(a, b), { maxTime: 20_000 });
  return { net, a, b, r, turn };
}

const EIM = 'endpoint-independent' as const;
const AD = 'address-dependent' as const;
const APD = 'address-and-port-dependent' as const;

describe('IceAgent through RFC 4787 NATs (netsim, fixed seeds)', () => {
  const cases: Array<[string, Nat, Nat, boolean]> = [
    ['full cone on one side', { mapping: EIM, filtering: EIM }, undefined, false],
    ['full cone both sides', { mapping: EIM, filtering: EIM }, { mapping: EIM, filtering: EIM }, false],
    [
      'address-restricted cone both sides',
      { mapping: EIM, filtering: AD },
      { mapping: EIM, filtering: AD },
      false,
    ],
    [
      'port-restricted cone both sides',
      { mapping: EIM, filtering: APD },
      { mapping: EIM, filtering: APD },
      false,
    ],
    ['symmetric NAT on one side', { mapping: APD, filtering: APD }, undefined, false],
    ['symmetric vs full cone', { mapping: APD, filtering: APD }, { mapping: EIM, filtering: EIM }, false],
    ['address-dependent mapping on one side', { mapping: AD, filtering: AD }, undefined, false],
    [
      'symmetric NAT on both sides (relay needed)',
      { mapping: APD, filtering: APD },
      { mapping: APD, filtering: APD },
      true,
    ],
  ];
  it.each(cases)('%s', (_name, natA, natB, relayed) => {
    const { a, b, r, net } = scenario(natA, natB);
    expect(r.done).toBe(true);
    const pa = a.agent.selectedPair!;
    const pb = b.agent.selectedPair!;
    const usesRelay = pa.local.type === 'relay' || pb.local.type === 'relay';
    expect(usesRelay).toBe(relayed);
    // data flows both ways over the selected pair
    a.agent.send(new Uint8Array([0x80, 1]), net.now);
    a.pump(net.now);
    b.agent.send(new Uint8Array([0x80, 2]), net.now);
    b.pump(net.now);
    net.runUntil(() => a.received.length > 0 && b.received.length > 0, { maxTime: 2000 });
    expect(Array.from(b.received[0]!)).toEqual([0x80, 1]);
    expect(Array.from(a.received[0]!)).toEqual([0x80, 2]);
  });

  it('gathers srflx and relay candidates from the servers', () => {
    const { a, turn, net } = scenario({ mapping: EIM, filtering: EIM }, undefined);
    // Gathering transactions are paced at Ta: the Allocate may still be under way once connected.
    net.runUntil(() => a.agent.gatheringState === 'complete', { maxTime: 5000 });
    const types = a.agent.getLocalCandidates().map((c) => c.type);
    expect(types).toEqual(expect.arrayContaining(['host', 'srflx', 'relay']));
    expect(turn.counters.unauthorized).toBeGreaterThanOrEqual(1); // the 401 round
    expect(a.agent.gatheringState).toBe('complete');
  });

  it('relay-to-relay data uses ChannelData once bound and deallocates on close', () => {
    const { a, b, net, turn } = scenario({ mapping: APD, filtering: APD }, { mapping: APD, filtering: APD });
    net.run(1000);
    for (let i = 0; i < 5; i++) {
      a.agent.send(new Uint8Array([0x80, i]), net.now);
      a.pump(net.now);
    }
    net.run(500);
    expect(b.received.length).toBe(5);
    expect(turn.counters.channelBinds).toBeGreaterThan(0);
    expect(turn.counters.channelDataIn).toBeGreaterThan(0);
    expect(turn.counters.permissions).toBeGreaterThan(0);
    const before = turn.counters.deallocations;
    a.agent.close(net.now);
    a.pump(net.now);
    b.agent.close(net.now);
    b.pump(net.now);
    net.run(200);
    expect(turn.counters.deallocations - before).toBe(2);
    expect(a.agent.nextDeadline()).toBeUndefined();
  });
});
