import type { Host, Network, Socket } from '@rtc-tools/netsim';
import { IceAgent, type IceAgentOptions, type IceEvent } from '../../src/index.js';
import { seededRandom } from './seeded-random.js';

/** An IceAgent wired to a netsim host: one UDP socket, a timer, and an event log. */
export class SimAgent {
  readonly agent: IceAgent;
  readonly events: IceEvent[] = [];
  readonly received: Uint8Array[] = [];
  readonly socket: Socket;
  peer: SimAgent | undefined;
  /** Forward local candidates to the peer as they are gathered (trickle). */
  trickle = true;

  constructor(
    readonly net: Network,
    readonly host: Host,
    options: Partial<IceAgentOptions> & { role: IceAgentOptions['role'] },
    seed: number,
    port = 5000,
  ) {
    this.agent = new IceAgent({ random: seededRandom(seed), ...options });
    this.socket = host.bind(port, (d, now) => {
      this.agent.handleDatagram(
        { socketId: 's0', from: { address: d.src.ip, port: d.src.port }, data: d.data },
        now,
      );
      this.pump(now);
    });
    this.agent.addHostSocket({ socketId: 's0', address: host.ip, port }, net.now);
    net.addTimer({
      nextDeadline: () => this.agent.nextDeadline(),
      fire: (now) => {
        this.agent.handleTimeout(now);
        this.pump(now);
      },
    });
  }

  pump(_now: number): void {
    for (let t = this.agent.pollTransmit(); t; t = this.agent.pollTransmit()) {
      this.socket.send({ ip: t.to.address, port: t.to.port }, t.data);
    }
    for (let e = this.agent.pollEvent(); e; e = this.agent.pollEvent()) {
      this.events.push(e);
      if (e.type === 'data') this.received.push(e.data);
      if (this.trickle && this.peer && e.type === 'local-candidate') {
        const peer = this.peer;
        const c = e.candidate;
        this.net.after(0, (t) => {
          peer.agent.addRemoteCandidate(c, t);
          peer.pump(t);
        });
      }
      if (this.trickle && this.peer && e.type === 'end-of-candidates') {
        const peer = this.peer;
        this.net.after(0, (t) => {
          peer.agent.addRemoteCandidate(null, t);
          peer.pump(t);
        });
      }
    }
  }

  states(): string[] {
    return this.events.flatMap((e) => (e.type === 'connection-state' ? [e.state] : []));
  }

  get state(): string {
    return this.agent.connectionState;
  }
}

/** Exchanges credentials and starts gathering on both sides (candidates trickle through the net). */
export function connect(a: SimAgent, b: SimAgent, opts: { aLite?: boolean; bLite?: boolean } = {}): void {
  a.peer = b;
  b.peer = a;
  const now = a.net.now;
  a.agent.setRemoteCredentials(b.agent.localUfrag, b.agent.localPwd, { lite: opts.bLite ?? false }, now);
  b.agent.setRemoteCredentials(a.agent.localUfrag, a.agent.localPwd, { lite: opts.aLite ?? false }, now);
  a.agent.gather(now);
  b.agent.gather(now);
  a.pump(now);
  b.pump(now);
}

export function bothConnected(a: SimAgent, b: SimAgent): boolean {
  const ok = (s: string) => s === 'connected' || s === 'completed';
  return (
    ok(a.state) && ok(b.state) && a.agent.selectedPair !== undefined && b.agent.selectedPair !== undefined
  );
}
