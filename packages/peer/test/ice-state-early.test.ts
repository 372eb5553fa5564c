// The ICE state @rtc/peer reports while DTLS already runs on a valid pair that is not yet selected.
// The transport starts DTLS on the first valid pair (RFC 8445 §12, `sendBeforeSelection`), so data
// channels may open before nomination: the state must then be 'connected' (webrtc-pc §5.6: a usable
// connection was found, checks go on), never 'checking'. Two bare agents on a simulated network with
// a controlling side that delays nomination for 2 s keep that window open.

import { type ConnectionState, IceAgent, type IceAgentOptions, type IceEvent } from '@rtc/ice';
import { type Host, Network } from '@rtc-tools/netsim';

class Side {
  readonly agent: IceAgent;
  readonly events: IceEvent[] = [];
  readonly received: Uint8Array[] = [];
  readonly socket;
  peer: Side | undefined;

  constructor(
    readonly net: Network,
    host: Host,
    options: IceAgentOptions,
  ) {
    this.agent = new IceAgent(options);
    this.socket = host.bind(5000, (d, now) => {
      this.agent.handleDatagram(
        { socketId: 'u', from: { address: d.src.ip, port: d.src.port }, data: d.data },
        now,
      );
      this.pump(now);
    });
    this.agent.addHostSocket({ socketId: 'u', address: host.ip, port: 5000 }, net.now);
    net.addTimer({
      nextDeadline: () => this.agent.nextDeadline(),
      fire: (now) => {
        this.agent.handleTimeout(now);
        this.pump(now);
      },
    });
  }

  pump(now: number): void {
    void now;
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit())
      this.socket.send({ ip: t.to.address, port: t.to.port }, t.data);
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      this.events.push(e);
      if (e.type === 'data') this.received.push(e.data);
      const peer = this.peer;
      if (!peer) continue;
      // Trickle (RFC 8838): candidates and end-of-candidates reach the peer one tick later.
      if (e.type === 'local-candidate' || e.type === 'end-of-candidates') {
        const c = e.type === 'local-candidate' ? e.candidate : null;
        this.net.after(0, (t) => {
          peer.agent.addRemoteCandidate(c, t);
          peer.pump(t);
        });
      }
    }
  }

  states(): ConnectionState[] {
    return this.events.flatMap((e) => (e.type === 'connection-state' ? [e.state] : []));
  }
}

function setup(sendBeforeSelection: boolean) {
  const net = new Network({ seed: 11 });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { delay: 5 });
  const a = new Side(net, ha, { role: 'controlling', nominationDelay: 2000, sendBeforeSelection });
  const b = new Side(net, hb, { role: 'controlled', sendBeforeSelection });
  a.peer = b;
  b.peer = a;
  const now = net.now;
  a.agent.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd, {}, now);
  b.agent.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd, {}, now);
  a.agent.gather(now);
  b.agent.gather(now);
  a.pump(now);
  b.pump(now);
  return { net, a, b };
}

const selected = (x: Side) => x.agent.selectedPair !== undefined;

describe('ICE state while data flows before nomination', () => {
  it("with sendBeforeSelection the state is 'connected' once a valid pair carries data, before selection", () => {
    const { net, a, b } = setup(true);
    net.runUntil(() => b.events.some((e) => e.type === 'valid-pair'), { maxTime: 5000 });
    expect(selected(b)).toBe(false);
    // What the transport does on 'valid-pair': it sends (DTLS) on that pair at once.
    expect(b.agent.send(new Uint8Array([0x16, 0xfe, 0xfd]), net.now)).toBe(true);
    b.pump(net.now);
    net.runUntil(() => a.received.length > 0, { maxTime: 1000 });
    expect(a.received).toHaveLength(1);
    expect(b.agent.connectionState).toBe('connected');
    expect(b.states()).toEqual(['checking', 'connected']);
    if (!selected(a)) expect(a.agent.connectionState).toBe('connected');
    // Nomination and selection still happen as before, and the state never goes back.
    net.runUntil(() => selected(a) && selected(b), { maxTime: 10_000 });
    expect(selected(a) && selected(b)).toBe(true);
    for (const x of [a, b]) {
      const seen = x.states();
      expect(seen.slice(0, 2)).toEqual(['checking', 'connected']);
      expect(seen.slice(2).every((st) => st === 'completed')).toBe(true);
    }
  });

  it("without it the state stays 'checking' (never 'failed') while a valid pair waits for nomination", () => {
    const { net, a, b } = setup(false);
    // The controlled side's checks are all done (one pair, succeeded) and end-of-candidates came,
    // but the controlling side has not nominated: RFC 8445 §7.2.5.3.3 fails a list only when no
    // pair is valid.
    net.runUntil(() => b.agent.getStats().pairs.some((p) => p.state === 'succeeded'), { maxTime: 5000 });
    expect(b.agent.getStats().pairs.every((p) => p.state === 'succeeded')).toBe(true);
    expect(b.agent.gatheringState).toBe('complete');
    expect(selected(b)).toBe(false);
    expect(b.agent.connectionState).toBe('checking');
    expect(b.agent.send(new Uint8Array([0x16]), net.now)).toBe(false);
    net.runUntil(() => selected(a) && selected(b), { maxTime: 10_000 });
    expect(b.states()).not.toContain('failed');
    expect(b.agent.connectionState).toBe('completed');
  });
});
