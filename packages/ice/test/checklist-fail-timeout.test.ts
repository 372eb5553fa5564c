import { encodeMessage, StunMethod, shortTermKey } from '@rtc/stun';
import { IceAgent, type IceAgentOptions } from '../src/index.js';
import { peerCheck } from './helpers/peer-check.js';
import { seededRandom } from './helpers/seeded-random.js';

const LOCAL_PWD = 'localpasswordlocalpassword';

/** A controlling agent whose peer never answers and never sends end-of-candidates. */
function agent(opts: Partial<IceAgentOptions> = {}) {
  const a = new IceAgent({
    role: 'controlling',
    random: seededRandom(9),
    localUfrag: 'loca',
    localPwd: LOCAL_PWD,
    checkRto: 100,
    checkTransmissions: 2,
    ...opts,
  });
  a.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 }, 0);
  a.gather(0);
  a.setRemoteCredentials('remo', 'remotepasswordremotepassword', {}, 0);
  a.addRemoteCandidate('candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host', 0);
  return a;
}

/** The peer's connectivity check (controlled, authenticated with our password), as it would send it. */
function controlledCheck(fill: number, priority: number): Uint8Array {
  return peerCheck({ pwd: LOCAL_PWD, priority, role: 'controlled', tieBreaker: 1n, fill });
}

/** Virtual time: fires every deadline up to `until` (datagrams go nowhere). Returns the time reached. */
function runUntil(a: IceAgent, from: number, until: number): number {
  let now = from;
  for (let i = 0; i < 10_000; i++) {
    const d = a.nextDeadline();
    if (d === undefined || d > until) return until;
    now = Math.max(now, d);
    a.handleTimeout(now);
    while (a.pollTransmit());
  }
  throw new Error('deadline loop did not settle');
}

/** Runs until every pair failed; returns when that happened. */
function runUntilExhausted(a: IceAgent, from: number): number {
  let now = from;
  for (let i = 0; i < 10_000; i++) {
    if (a.getStats().pairs.every((p) => p.state === 'failed')) return now;
    const d = a.nextDeadline();
    if (d === undefined) throw new Error('no deadline while pairs are pending');
    now = Math.max(now, d);
    a.handleTimeout(now);
    while (a.pollTransmit());
  }
  throw new Error('pairs never failed');
}

function states(a: IceAgent): string[] {
  const out: string[] = [];
  for (let e = a.pollEvent(); e; e = a.pollEvent()) if (e.type === 'connection-state') out.push(e.state);
  return out;
}

describe('check list failure without end-of-candidates (checkListFailTimeout)', () => {
  it('goes failed exactly when the timeout after the last failure expires, then has no deadline', () => {
    const a = agent({ checkListFailTimeout: 5000 });
    const t = runUntilExhausted(a, 0);
    expect(a.connectionState).toBe('checking');
    // The failure is a deadline of its own: nothing polls.
    expect(a.nextDeadline()).toBe(t + 5000);
    runUntil(a, t, t + 4999);
    expect(a.connectionState).toBe('checking');
    runUntil(a, t + 4999, t + 5000);
    expect(a.connectionState).toBe('failed');
    expect(states(a)).toEqual(['checking', 'failed']);
    expect(a.nextDeadline()).toBeUndefined();
  });

  it('defaults to 30 s', () => {
    const a = agent();
    const t = runUntilExhausted(a, 0);
    expect(a.nextDeadline()).toBe(t + 30_000);
    runUntil(a, t, t + 29_999);
    expect(a.connectionState).toBe('checking');
    runUntil(a, t + 29_999, t + 30_000);
    expect(a.connectionState).toBe('failed');
  });

  it('a new remote candidate before the timeout restarts checks, and the wait after they fail', () => {
    const a = agent({ checkListFailTimeout: 5000 });
    const t = runUntilExhausted(a, 0);
    runUntil(a, t, t + 3000);
    a.addRemoteCandidate('candidate:2 1 udp 2130706000 10.0.0.3 6001 typ host', t + 3000);
    expect(a.getStats().pairs.some((p) => p.state === 'waiting')).toBe(true);
    const t2 = runUntilExhausted(a, t + 3000);
    runUntil(a, t2, t + 5000);
    expect(a.connectionState).toBe('checking');
    runUntil(a, t + 5000, t2 + 4999);
    expect(a.connectionState).toBe('checking');
    runUntil(a, t2 + 4999, t2 + 5000);
    expect(a.connectionState).toBe('failed');
  });

  it('a new remote candidate that makes no pair (other family) still restarts the wait', () => {
    const a = agent({ checkListFailTimeout: 5000 });
    const t = runUntilExhausted(a, 0);
    runUntil(a, t, t + 3000);
    a.addRemoteCandidate('candidate:3 1 udp 2130706000 2001:db8::3 6002 typ host', t + 3000);
    runUntil(a, t + 3000, t + 7999);
    expect(a.connectionState).toBe('checking');
    runUntil(a, t + 7999, t + 8000);
    expect(a.connectionState).toBe('failed');
  });

  it('does not fail while a pair is in progress (a triggered check outlasts the timeout)', () => {
    // Each check transaction lasts 100+200+400+800+1600+3000 = 6100 ms, the timeout is 1000 ms.
    const a = agent({ checkListFailTimeout: 1000, checkTransmissions: 7 });
    const t = runUntilExhausted(a, 0);
    runUntil(a, t, t + 500);
    // The peer's check on the failed pair triggers a new check of it (RFC 8445 §7.3.1.4).
    const request = controlledCheck(4, 1000);
    a.handleDatagram({ socketId: 's', from: { address: '10.0.0.2', port: 6000 }, data: request }, t + 500);
    runUntil(a, t + 500, t + 600);
    expect(a.getStats().pairs[0]!.state).toBe('in-progress');
    runUntil(a, t + 600, t + 6000);
    expect(a.getStats().pairs[0]!.state).toBe('in-progress');
    expect(a.connectionState).toBe('checking');
    const t2 = runUntilExhausted(a, t + 6000);
    expect(a.nextDeadline()).toBe(t2 + 1000);
    runUntil(a, t2, t2 + 1000);
    expect(a.connectionState).toBe('failed');
  });

  it('a succeeded pair waiting for nomination keeps the agent checking', () => {
    const a = agent({ checkListFailTimeout: 1000, role: 'controlled' });
    a.handleTimeout(a.nextDeadline()!);
    const sent = a.pollTransmit()!;
    const id = sent.data.subarray(8, 20);
    const success = encodeMessage(
      {
        class: 'success',
        method: StunMethod.Binding,
        transactionId: id,
        attributes: [
          { type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv4', address: '10.0.0.1', port: 5000 } },
        ],
      },
      { integrity: shortTermKey('remotepasswordremotepassword'), fingerprint: true },
    );
    a.handleDatagram({ socketId: 's', from: { address: '10.0.0.2', port: 6000 }, data: success }, 10);
    expect(a.getStats().pairs[0]!.state).toBe('succeeded');
    runUntil(a, 10, 20_000);
    expect(a.connectionState).toBe('checking');
  });
});

describe('no pair at all (only unresolvable mDNS names, or other-family candidates)', () => {
  /** An agent whose only remote candidate is an mDNS name nobody resolves. */
  function mdnsOnly(opts: Partial<IceAgentOptions> = {}) {
    const a = new IceAgent({
      role: 'controlling',
      random: seededRandom(11),
      localUfrag: 'loca',
      localPwd: LOCAL_PWD,
      checkListFailTimeout: 5000,
      ...opts,
    });
    a.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 }, 0);
    a.gather(0);
    a.setRemoteCredentials('remo', 'remotepasswordremotepassword', {}, 0);
    a.addRemoteCandidate(
      'candidate:1 1 udp 2130706431 1f2e3d4c-0000-4000-8000-000000000001.local 6000 typ host',
      0,
    );
    a.resolveMdns('1f2e3d4c-0000-4000-8000-000000000001.local', undefined, 0);
    return a;
  }

  it('fails when the failure timeout runs out after end-of-candidates, with gathering complete', () => {
    const a = mdnsOnly();
    runUntil(a, 0, 100);
    expect(a.gatheringState).toBe('complete');
    expect(a.getStats().pairs).toHaveLength(0);
    a.addRemoteCandidate(null, 100);
    expect(a.nextDeadline()).toBe(5100);
    runUntil(a, 100, 5099);
    expect(a.connectionState).not.toBe('failed');
    runUntil(a, 5099, 5100);
    expect(a.connectionState).toBe('failed');
    expect(a.nextDeadline()).toBeUndefined();
  });

  it('waits while a name is still being resolved, and without end-of-candidates never fails', () => {
    const pending = new IceAgent({
      role: 'controlling',
      random: seededRandom(12),
      localUfrag: 'loca',
      localPwd: LOCAL_PWD,
      checkListFailTimeout: 5000,
    });
    pending.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 }, 0);
    pending.gather(0);
    pending.setRemoteCredentials('remo', 'remotepasswordremotepassword', {}, 0);
    pending.addRemoteCandidate('candidate:1 1 udp 2130706431 aaaa.local 6000 typ host', 0);
    pending.addRemoteCandidate(null, 0);
    runUntil(pending, 0, 60_000);
    expect(pending.connectionState).not.toBe('failed');
    // The name does not resolve: now the wait starts.
    pending.resolveMdns('aaaa.local', undefined, 60_000);
    runUntil(pending, 60_000, 65_000);
    expect(pending.connectionState).toBe('failed');

    const noEnd = mdnsOnly();
    runUntil(noEnd, 0, 120_000);
    expect(noEnd.connectionState).not.toBe('failed');
    expect(noEnd.nextDeadline()).toBeUndefined();
  });

  it("a peer-reflexive candidate from the peer's check makes a pair and stops the wait", () => {
    const a = mdnsOnly();
    runUntil(a, 0, 100);
    a.addRemoteCandidate(null, 100);
    const request = controlledCheck(7, 1853824767);
    a.handleDatagram({ socketId: 's', from: { address: '10.0.0.9', port: 7000 }, data: request }, 3000);
    expect(a.getStats().pairs).toHaveLength(1);
    runUntil(a, 3000, 5100);
    expect(a.connectionState).toBe('checking');
  });
});
