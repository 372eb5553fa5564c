import { Network } from '@rtc-tools/netsim';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';

describe('IceAgent on netsim: direct', () => {
  it('two agents on one network connect and exchange data', () => {
    const net = new Network({ seed: 1 });
    const ha = net.addHost('10.0.0.1');
    const hb = net.addHost('10.0.0.2');
    net.setLink(ha, hb, { delay: 10 });
    const a = new SimAgent(net, ha, { role: 'controlling' }, 1);
    const b = new SimAgent(net, hb, { role: 'controlled' }, 2);
    connect(a, b);
    const r = net.runUntil(() => bothConnected(a, b), { maxTime: 10_000 });
    expect(r.done).toBe(true);
    expect(a.agent.send(new Uint8Array([0x16, 1, 2]), net.now)).toBe(true);
    a.pump(net.now);
    net.runUntil(() => b.received.length > 0, { maxTime: 1000 });
    expect(Array.from(b.received[0]!)).toEqual([0x16, 1, 2]);
    net.run(2000);
    expect(a.state).toBe('completed');
    expect(b.state).toBe('completed');
    expect(a.states()[0]).toBe('checking');
    expect(a.states().at(-1)).toBe('completed');
  });
});
