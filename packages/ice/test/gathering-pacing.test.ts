import { decodeMessage, StunMethod } from '@rtc/stun';
import { IceAgent, type IceAgentOptions } from '../src/index.js';
import { seededRandom } from './helpers/seeded-random.js';

const servers: Partial<IceAgentOptions> = {
  stunServers: [
    { address: '1.1.1.1', port: 3478 },
    { address: '1.1.1.2', port: 3478 },
  ],
  turnServers: [{ address: '1.1.1.3', port: 3478, transport: 'udp', username: 'u', password: 'p' }],
};

interface Sent {
  at: number;
  method: number;
  to: string;
  socketId: string;
}

/** Records the first transmission of each transaction (retransmissions are not new transactions). */
function recorder(a: IceAgent) {
  const seen = new Set<string>();
  const sent: Sent[] = [];
  const drain = (now: number) => {
    for (let t = a.pollTransmit(); t; t = a.pollTransmit()) {
      const m = decodeMessage(t.data);
      const key = Buffer.from(m.transactionId).toString('hex');
      if (seen.has(key)) continue;
      seen.add(key);
      sent.push({ at: now, method: m.method, to: t.to.address, socketId: t.socketId });
    }
  };
  return { sent, drain };
}

/** Virtual time: fires every deadline up to `until`. */
function runUntil(a: IceAgent, drain: (now: number) => void, until: number): void {
  for (let i = 0; i < 10_000; i++) {
    const d = a.nextDeadline();
    if (d === undefined || d > until) return;
    a.handleTimeout(d);
    drain(d);
  }
  throw new Error('deadline loop did not settle');
}

function agent(opts: Partial<IceAgentOptions> = {}) {
  const a = new IceAgent({ role: 'controlling', random: seededRandom(3), ...servers, ...opts });
  a.addHostSocket({ socketId: 'h1', address: '10.0.0.1', port: 5000 }, 0);
  a.addHostSocket({ socketId: 'h2', address: '10.0.1.1', port: 5000 }, 0);
  return a;
}

describe('gathering pacing (RFC 8445 §5.1.1): one STUN/TURN transaction per Ta', () => {
  it('starts the Binding and Allocate transactions Ta = 50 ms apart, not all at once', () => {
    const a = agent();
    const { sent, drain } = recorder(a);
    a.gather(0);
    drain(0);
    expect(sent).toHaveLength(1);
    expect(a.nextDeadline()).toBe(50);
    runUntil(a, drain, 400);
    expect(sent.map((s) => s.at)).toEqual([0, 50, 100, 150, 200]);
    // Two hosts x two STUN servers, then the TURN Allocate (method 0x003).
    expect(sent.slice(0, 4).every((s) => s.method === StunMethod.Binding)).toBe(true);
    expect(new Set(sent.slice(0, 4).map((s) => `${s.socketId}>${s.to}`)).size).toBe(4);
    expect(sent[4]).toMatchObject({ method: 0x003, to: '1.1.1.3' });
    expect(a.gatheringState).toBe('gathering');
  });

  it('follows the configured Ta', () => {
    const a = agent({ ta: 20 });
    const { sent, drain } = recorder(a);
    a.gather(0);
    drain(0);
    runUntil(a, drain, 400);
    expect(sent.map((s) => s.at)).toEqual([0, 20, 40, 60, 80]);
  });

  it('a host socket added later is paced after the queue, and at once when the queue is idle', () => {
    const a = agent({ turnServers: [] });
    const { sent, drain } = recorder(a);
    a.gather(0);
    drain(0);
    a.addHostSocket({ socketId: 'h3', address: '10.0.2.1', port: 5000 }, 10);
    drain(10);
    expect(sent).toHaveLength(1);
    runUntil(a, drain, 400);
    expect(sent.map((s) => s.at)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(sent.slice(4).every((s) => s.socketId === 'h3')).toBe(true);
    // Long after the queue drained, a new socket's transactions start now, then Ta later.
    a.addHostSocket({ socketId: 'h4', address: '10.0.3.1', port: 5000 }, 1000);
    drain(1000);
    runUntil(a, drain, 1040);
    expect(sent.slice(6).map((s) => s.at)).toEqual([1000]);
    runUntil(a, drain, 1050);
    expect(sent.slice(6).map((s) => s.at)).toEqual([1000, 1050]);
  });

  it('gathering completes only after every paced transaction ended', () => {
    const a = agent({ turnServers: [] });
    const { drain } = recorder(a);
    a.gather(0);
    drain(0);
    runUntil(a, drain, 60_000);
    expect(a.gatheringState).toBe('complete');
    expect(a.nextDeadline()).toBeUndefined();
  });
});
