// RFC 8445 §9 and §12: after an ICE restart each agent moves its data to the new generation's pair
// when its own new session selects one, so the peer may still send on the previous pair for a
// while. Firefox 140 was seen doing that for seconds after @rtc/peer's side had switched. The old
// pairs keep taking the peer's data until data arrives on the new selected pair, or the RFC 7675
// consent timeout (30 s) passes; before that, nothing is accepted from an address no pair knows.
import type { Socket } from '@rtc-tools/netsim';
import { dropWhere, Network } from '@rtc-tools/netsim';
import { PREV_GENERATION_GRACE_MS } from '../src/agent/checks.js';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';

const DATA = new Uint8Array([0x80, 0, 0, 1]); // not STUN (RFC 7983): application data

/** A SimAgent with a second host socket ('s1', port 5001) whose transmits leave from it. */
class TwoSocketAgent extends SimAgent {
  second: Socket | undefined;
  addSecondSocket(): void {
    this.second = this.host.bind(5001, (d, now) => {
      this.agent.handleDatagram(
        { socketId: 's1', from: { address: d.src.ip, port: d.src.port }, data: d.data },
        now,
      );
      this.pump(now);
    });
    this.agent.addHostSocket({ socketId: 's1', address: this.host.ip, port: 5001 }, this.net.now);
  }
  override pump(now: number): void {
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      const socket = t.socketId === 's1' && this.second ? this.second : this.socket;
      socket.send({ ip: t.to.address, port: t.to.port }, t.data);
    }
    super.pump(now);
  }
}

/**
 * a and b connect on port 5000 both; then a restarts and learns only b's second socket (5001) in the
 * new generation, so a's new selected pair is 5000 -> 5001 while b's old pair was 5000 <-> 5000.
 */
function restartedApart(seed: number) {
  const net = new Network({ seed });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { delay: 5 });
  const a = new SimAgent(net, ha, { role: 'controlling' }, seed * 10 + 1);
  const b = new TwoSocketAgent(net, hb, { role: 'controlled' }, seed * 10 + 2);
  connect(a, b);
  expect(net.runUntil(() => bothConnected(a, b), { maxTime: 5000 }).done).toBe(true);
  a.trickle = false;
  b.trickle = false;
  // From now on b's old socket reaches a with data only: its checks never make a new-generation pair
  // there, so on a that 5-tuple belongs to the old generation alone.
  net.addFilter(
    dropWhere((p) => p.host === hb && p.src.port === 5000 && p.data[0]! < 2 && p.dst.ip === ha.ip),
  );
  b.addSecondSocket();
  a.agent.restart(net.now);
  b.agent.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd, {}, net.now);
  a.agent.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd, {}, net.now);
  for (const c of a.agent.getLocalCandidates()) b.agent.addRemoteCandidate(c, net.now);
  for (const c of b.agent.getLocalCandidates()) if (c.port === 5001) a.agent.addRemoteCandidate(c, net.now);
  a.pump(net.now);
  b.pump(net.now);
  const selected = () => a.agent.selectedPair?.remote;
  expect(net.runUntil(() => selected()?.port === 5001, { maxTime: 5000 }).done).toBe(true);
  /** b sends from its old socket (5000), as a peer whose new session has not selected yet. */
  const sendOld = () => b.socket.send({ ip: ha.ip, port: 5000 }, DATA);
  const sendNew = () => b.second!.send({ ip: ha.ip, port: 5000 }, DATA);
  return { net, a, b, sendOld, sendNew };
}

describe('after an ICE restart, the previous pair still takes the peer data for a while', () => {
  it('data on the old pair is delivered until data arrives on the new selected pair', () => {
    const { net, a, sendOld, sendNew } = restartedApart(21);
    const dropped0 = a.agent.getStats().droppedData;
    sendOld();
    net.run(50);
    expect(a.received.length).toBe(1);
    sendNew();
    net.run(50);
    expect(a.received.length).toBe(2);
    // The peer has moved: the old generation is forgotten and its address is unknown again.
    sendOld();
    net.run(50);
    expect(a.received.length).toBe(2);
    expect(a.agent.getStats().droppedData).toBe(dropped0 + 1);
  });

  it('without data on the new pair, the old pair is forgotten after the consent timeout', () => {
    const { net, a, sendOld } = restartedApart(22);
    sendOld();
    net.run(PREV_GENERATION_GRACE_MS - 1000);
    sendOld();
    net.run(50);
    expect(a.received.length).toBe(2);
    net.run(2000);
    const dropped = a.agent.getStats().droppedData;
    sendOld();
    net.run(50);
    expect(a.received.length).toBe(2);
    expect(a.agent.getStats().droppedData).toBe(dropped + 1);
  });
});
