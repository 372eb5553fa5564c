import { Network } from '@rtc-tools/netsim';
import { bothConnected, connect, SimAgent } from './helpers/sim-agent.js';

// RFC 8445 §12: data MAY be sent on any valid pair before a pair is selected; once one is, only there.
function setup(sendBeforeSelection: boolean) {
  const net = new Network({ seed: 3 });
  const ha = net.addHost('10.0.0.1');
  const hb = net.addHost('10.0.0.2');
  net.setLink(ha, hb, { delay: 5 });
  // A long nomination delay keeps the window between "valid" and "selected" wide open.
  const a = new SimAgent(net, ha, { role: 'controlling', nominationDelay: 2000, sendBeforeSelection }, 1);
  const b = new SimAgent(net, hb, { role: 'controlled', sendBeforeSelection }, 2);
  connect(a, b);
  return { net, a, b };
}

describe('sendBeforeSelection (RFC 8445 §12)', () => {
  it('a valid-pair event comes before selection and send() works on that pair', () => {
    const { net, a, b } = setup(true);
    const r = net.runUntil(() => b.events.some((e) => e.type === 'valid-pair'), { maxTime: 5000 });
    expect(r.done).toBe(true);
    expect(b.agent.selectedPair).toBeUndefined();
    const ev = b.events.find((e) => e.type === 'valid-pair');
    expect(ev?.type === 'valid-pair' && ev.pair.remoteAddress.address).toBe('10.0.0.1');
    // The round trip of the check that made it valid: 5 ms each way on this link.
    expect(ev?.type === 'valid-pair' && ev.rtt).toBeGreaterThanOrEqual(10);
    expect(ev?.type === 'valid-pair' && ev.rtt).toBeLessThan(20);
    expect(b.agent.send(new Uint8Array([0x16, 9]), net.now)).toBe(true);
    b.pump(net.now);
    net.runUntil(() => a.received.length > 0, { maxTime: 1000 });
    expect(Array.from(a.received[0]!)).toEqual([0x16, 9]);
    // Selection still happens as usual, and no second valid-pair event follows.
    net.runUntil(() => bothConnected(a, b), { maxTime: 10_000 });
    expect(bothConnected(a, b)).toBe(true);
    expect(b.events.filter((e) => e.type === 'valid-pair')).toHaveLength(1);
    const selected = b.events.find((e) => e.type === 'selected-pair');
    expect(selected?.type === 'selected-pair' && selected.rtt).toBeGreaterThanOrEqual(10);
    expect(a.events.filter((e) => e.type === 'valid-pair').length).toBeLessThanOrEqual(1);
  });

  it("a valid pair is reported 'succeeded' while its nomination check is out", () => {
    const net = new Network({ seed: 4 });
    const ha = net.addHost('10.0.0.1');
    const hb = net.addHost('10.0.0.2');
    net.setLink(ha, hb, { delay: 5 });
    const a = new SimAgent(net, ha, { role: 'controlling', nominationDelay: 0 }, 1);
    const b = new SimAgent(net, hb, { role: 'controlled' }, 2);
    connect(a, b);
    // The one pair has answered a check and its USE-CANDIDATE check is in flight (5 ms each way).
    const checking = () =>
      a.agent.getStats().pairs.some((p) => p.responsesReceived >= 1 && p.requestsSent > p.responsesReceived);
    expect(net.runUntil(checking, { maxTime: 5000 }).done).toBe(true);
    const pair = a.agent.getStats().pairs.find((p) => p.responsesReceived >= 1)!;
    expect(pair.nominated).toBe(false);
    expect(pair.state).toBe('succeeded');
    net.runUntil(() => bothConnected(a, b), { maxTime: 5000 });
    expect(a.agent.getStats().pairs.find((p) => p.nominated)?.state).toBe('succeeded');
  });

  it('off by default: send() is refused until a pair is selected, and no valid-pair event', () => {
    const { net, a, b } = setup(false);
    // The controlled side's own check succeeds well before the (Ta-paced) nomination arrives.
    net.runUntil(() => b.agent.getStats().pairs.some((p) => p.state === 'succeeded'), { maxTime: 5000 });
    expect(b.agent.selectedPair).toBeUndefined();
    expect(b.agent.send(new Uint8Array([0x16]), net.now)).toBe(false);
    expect(b.agent.getStats().sendRefused).toBe(1);
    net.runUntil(() => bothConnected(a, b), { maxTime: 10_000 });
    expect([...a.events, ...b.events].some((e) => e.type === 'valid-pair')).toBe(false);
    expect(b.agent.send(new Uint8Array([0x16]), net.now)).toBe(true);
  });

  it('before any pair is valid, send() is refused even with the option', () => {
    const { net, a } = setup(true);
    expect(a.agent.send(new Uint8Array([0x16]), net.now)).toBe(false);
  });
});
