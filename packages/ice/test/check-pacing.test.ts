import { type Host, Network, type Socket } from '@rtc-tools/netsim';
import { encodeCheckRequest } from '../src/agent/connectivity-check.js';
import { IceAgent, type IceAgentOptions } from '../src/index.js';
import { seededRandom } from './helpers/seeded-random.js';

/** An IceAgent with one netsim socket per port; transmits leave from the socket they name. */
class MultiSocketAgent {
  readonly agent: IceAgent;
  readonly sockets = new Map<string, Socket>();
  /** Binding requests sent, per socket id, with their time. */
  readonly requests: Array<{ socketId: string; at: number }> = [];
  peer: MultiSocketAgent | undefined;

  constructor(
    readonly net: Network,
    readonly host: Host,
    options: Partial<IceAgentOptions> & { role: IceAgentOptions['role'] },
    seed: number,
    ports: number[],
  ) {
    this.agent = new IceAgent({ random: seededRandom(seed), ...options });
    ports.forEach((port, i) => {
      const socketId = `s${i}`;
      this.sockets.set(
        socketId,
        host.bind(port, (d, now) => {
          this.agent.handleDatagram(
            { socketId, from: { address: d.src.ip, port: d.src.port }, data: d.data },
            now,
          );
          this.pump(now);
        }),
      );
      this.agent.addHostSocket({ socketId, address: host.ip, port, interfaceIndex: i }, net.now);
    });
    net.addTimer({
      nextDeadline: () => this.agent.nextDeadline(),
      fire: (now) => {
        this.agent.handleTimeout(now);
        this.pump(now);
      },
    });
  }

  pump(now: number): void {
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      // A Binding request starts with type 0x0001.
      if (t.data[0] === 0 && t.data[1] === 1) this.requests.push({ socketId: t.socketId, at: now });
      this.sockets.get(t.socketId)!.send({ ip: t.to.address, port: t.to.port }, t.data);
    }
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      const peer = this.peer;
      if (!peer) continue;
      if (e.type === 'local-candidate') {
        const c = e.candidate;
        this.net.after(0, (t) => {
          peer.agent.addRemoteCandidate(c, t);
          peer.pump(t);
        });
      } else if (e.type === 'end-of-candidates') {
        this.net.after(0, (t) => {
          peer.agent.addRemoteCandidate(null, t);
          peer.pump(t);
        });
      }
    }
  }
}

function setup(bPorts: number[]) {
  const net = new Network({ seed: 5 });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { delay: 1 });
  // The controlling side paces slowly, so its nomination reaches b well after b's first success.
  const a = new MultiSocketAgent(net, ha, { role: 'controlling', ta: 20 }, 1, [5000]);
  const b = new MultiSocketAgent(net, hb, { role: 'controlled', ta: 5 }, 2, bPorts);
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

describe('check pacing once a pair is valid (RFC 8445 §6.1.4.2, §8.1.2, §14.2)', () => {
  it('ordinary checks below a valid top pair wait for the default Ta; nomination ends them', () => {
    const { net, a, b } = setup([5000, 5001, 5002]);
    const topValid = () => b.agent.getStats().pairs.some((p) => p.state === 'succeeded');
    expect(net.runUntil(topValid, { maxTime: 1000 }).done).toBe(true);
    const validAt = net.now;
    // b's first check (on its best pair) succeeded within one round trip.
    expect(validAt).toBeLessThan(5);
    expect(
      net.runUntil(() => a.agent.selectedPair !== undefined && b.agent.selectedPair !== undefined, {
        maxTime: 1000,
      }).done,
    ).toBe(true);
    // The nomination (a's second check, one Ta of 20 ms later) arrived before 50 ms: b never checked
    // its two other sockets, where a 5 ms pace would have sent from both by then.
    expect(net.now).toBeLessThan(50);
    net.run(200);
    expect(b.requests.map((r) => r.socketId)).toEqual(['s0']);
  });

  it('after nomination, a check on a new pair is answered but not followed by a triggered check', () => {
    const { net, a, b } = setup([5000]);
    expect(
      net.runUntil(() => a.agent.selectedPair !== undefined && b.agent.selectedPair !== undefined, {
        maxTime: 1000,
      }).done,
    ).toBe(true);
    net.run(100);
    const before = b.requests.length;
    // A check from an address b has not seen (a peer-reflexive candidate of a), as a would send it.
    const request = encodeCheckRequest({
      transactionId: new Uint8Array(12).fill(7),
      credentials: {
        localUfrag: a.agent.localUfrag,
        localPwd: a.agent.localPwd,
        remoteUfrag: b.agent.localUfrag,
        remotePwd: b.agent.localPwd,
      },
      role: 'controlling',
      tieBreaker: a.agent.tieBreaker,
      priority: 1000,
      useCandidate: false,
    });
    const sent: number[] = [];
    const probe = a.host.bind(6000, () => sent.push(net.now));
    probe.send({ ip: '10.0.0.2', port: 5000 }, request);
    net.run(200);
    // Answered (RFC 8445 §7.3) ...
    expect(sent).toHaveLength(1);
    // ... but the pair it formed is not checked: b has nominated (RFC 8445 §8.1.2).
    expect(b.requests.length).toBe(before);
    expect(b.agent.selectedPair?.remoteAddress.port).toBe(5000);
  });
});
