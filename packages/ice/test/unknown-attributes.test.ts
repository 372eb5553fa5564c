import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  type StunAttribute,
  StunMethod,
  shortTermKey,
  verifyFingerprint,
  verifyIntegritySha1,
} from '@rtc/stun';
import { IceAgent } from '../src/index.js';
import { peerCheck } from './helpers/peer-check.js';
import { seededRandom } from './helpers/seeded-random.js';

const LOCAL_PWD = 'localpasswordlocalpassword';
const REMOTE_PWD = 'remotepasswordremotepassword';
const REMOTE = { address: '10.0.0.2', port: 6000 };

function agent(role: 'controlled' | 'controlling' = 'controlled') {
  const a = new IceAgent({ role, random: seededRandom(5), localUfrag: 'loca', localPwd: LOCAL_PWD });
  a.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 }, 0);
  a.gather(0);
  a.setRemoteCredentials('remo', REMOTE_PWD, {}, 0);
  a.addRemoteCandidate('candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host', 0);
  while (a.pollTransmit());
  while (a.pollEvent());
  return a;
}

function check(extra: StunAttribute[], pwd = LOCAL_PWD): Uint8Array {
  return peerCheck({
    pwd,
    priority: 12345,
    role: 'controlling',
    tieBreaker: 5n,
    fill: 7,
    useCandidate: true,
    extra,
  });
}

function pairStates(a: IceAgent) {
  return a.getStats().pairs.map((p) => ({ id: p.id, state: p.state, nominated: p.nominated }));
}

describe('RFC 8489 §6.3.1: checks with unknown comprehension-required attributes', () => {
  it('answers 420 with UNKNOWN-ATTRIBUTES, protected with our password, and changes no pair', () => {
    const a = agent();
    const before = pairStates(a);
    const raw = { type: 'RAW', code: 0x7f01, value: new Uint8Array([1, 2, 3, 4]) } as const;
    a.handleDatagram({ socketId: 's', from: REMOTE, data: check([raw]) }, 10);
    const t = a.pollTransmit()!;
    expect(a.pollTransmit()).toBeUndefined();
    expect(t.to).toEqual(REMOTE);
    const res = decodeMessage(t.data);
    expect(res.class).toBe('error');
    expect(res.method).toBe(StunMethod.Binding);
    expect(res.transactionId).toEqual(new Uint8Array(12).fill(7));
    expect(getAttribute(res, 'ERROR-CODE')?.value.code).toBe(420);
    expect(getAttribute(res, 'UNKNOWN-ATTRIBUTES')?.value).toEqual([0x7f01]);
    expect(verifyIntegritySha1(res, shortTermKey(LOCAL_PWD))).toBe(true);
    expect(verifyFingerprint(res)).toBe(true);
    // Nothing else moved: same pairs in the same states, not nominated, no event, no prflx candidate.
    expect(pairStates(a)).toEqual(before);
    expect(a.pollEvent()).toBeUndefined();
    expect(a.selectedPair).toBeUndefined();
    expect(a.rejections['unknown-attribute']).toBe(1);
  });

  it('from an unknown address: 420, and no peer-reflexive candidate or pair is learned', () => {
    const a = agent();
    const before = pairStates(a);
    const raw = { type: 'RAW', code: 0x0031, value: new Uint8Array(4) } as const;
    const from = { address: '10.0.0.3', port: 7000 };
    a.handleDatagram({ socketId: 's', from, data: check([raw]) }, 10);
    const res = decodeMessage(a.pollTransmit()!.data);
    expect(getAttribute(res, 'ERROR-CODE')?.value.code).toBe(420);
    expect(pairStates(a)).toEqual(before);
    expect(a.getStats().pairs.some((p) => p.remoteCandidate.address === '10.0.0.3')).toBe(false);
  });

  it('a STUN attribute known to the codec but meaningless in a check (LIFETIME) is unknown too', () => {
    const a = agent();
    a.handleDatagram({ socketId: 's', from: REMOTE, data: check([{ type: 'LIFETIME', value: 600 }]) }, 10);
    const res = decodeMessage(a.pollTransmit()!.data);
    expect(getAttribute(res, 'ERROR-CODE')?.value.code).toBe(420);
    expect(getAttribute(res, 'UNKNOWN-ATTRIBUTES')?.value).toEqual([0x000d]);
  });

  it('negative: an unknown comprehension-optional attribute (>= 0x8000) is answered normally', () => {
    const a = agent();
    const raw = { type: 'RAW', code: 0xc057, value: new Uint8Array([0, 1, 0, 9]) } as const;
    a.handleDatagram(
      { socketId: 's', from: REMOTE, data: check([raw, { type: 'SOFTWARE', value: 'x' }]) },
      10,
    );
    const res = decodeMessage(a.pollTransmit()!.data);
    expect(res.class).toBe('success');
    expect(getAttribute(res, 'XOR-MAPPED-ADDRESS')?.value).toMatchObject(REMOTE);
    expect(a.rejections['unknown-attribute']).toBeUndefined();
  });

  it('negative: an unauthenticated request with an unknown attribute gets no answer at all', () => {
    const a = agent();
    const before = pairStates(a);
    const raw = { type: 'RAW', code: 0x7f01, value: new Uint8Array(4) } as const;
    a.handleDatagram({ socketId: 's', from: REMOTE, data: check([raw], 'wrongpasswordwrongpassword') }, 10);
    expect(a.pollTransmit()).toBeUndefined();
    expect(a.rejections['bad-integrity']).toBe(1);
    expect(a.rejections['unknown-attribute']).toBeUndefined();
    expect(pairStates(a)).toEqual(before);
  });
});

describe('client side: responses to our checks', () => {
  /** Runs the Ta timer until the agent sends its first check; returns the request. */
  function firstCheck(a: IceAgent) {
    a.handleTimeout(a.nextDeadline()!);
    const t = a.pollTransmit()!;
    expect(t.to).toEqual(REMOTE);
    return decodeMessage(t.data);
  }

  function respond(
    a: IceAgent,
    transactionId: Uint8Array,
    cls: 'success' | 'error',
    attrs: StunAttribute[],
    pwd = REMOTE_PWD,
  ) {
    const data = encodeMessage(
      { class: cls, method: StunMethod.Binding, transactionId, attributes: attrs },
      { integrity: shortTermKey(pwd), fingerprint: true },
    );
    a.handleDatagram({ socketId: 's', from: REMOTE, data }, 20);
  }

  const mapped: StunAttribute = {
    type: 'XOR-MAPPED-ADDRESS',
    value: { family: 'IPv4', address: '10.0.0.1', port: 5000 },
  };

  it('a 420 response fails the pair (RFC 8445 §7.2.5.2.4)', () => {
    const a = agent('controlling');
    const req = firstCheck(a);
    expect(a.getStats().pairs[0]!.state).toBe('in-progress');
    respond(a, req.transactionId, 'error', [
      { type: 'ERROR-CODE', value: { code: 420, reason: 'Unknown Attribute' } },
      { type: 'UNKNOWN-ATTRIBUTES', value: [0x0024] },
    ]);
    expect(a.getStats().pairs[0]!.state).toBe('failed');
  });

  it('negative: a forged 420 (wrong password) is dropped and the pair stays in progress', () => {
    const a = agent('controlling');
    const req = firstCheck(a);
    respond(
      a,
      req.transactionId,
      'error',
      [{ type: 'ERROR-CODE', value: { code: 420, reason: 'Unknown Attribute' } }],
      'forgedpasswordforgedpassword',
    );
    expect(a.getStats().pairs[0]!.state).toBe('in-progress');
    expect(a.getStats().droppedResponses).toBe(1);
  });

  it('RFC 8489 §6.3.3: a success carrying an unknown comprehension-required attribute fails the pair', () => {
    const a = agent('controlling');
    const req = firstCheck(a);
    respond(a, req.transactionId, 'success', [
      mapped,
      { type: 'RAW', code: 0x7f02, value: new Uint8Array(4) },
    ]);
    expect(a.getStats().pairs[0]!.state).toBe('failed');
  });

  it('negative: a success with an unknown comprehension-optional attribute succeeds', () => {
    // Controlled, so that no nomination re-queues the pair right after it succeeded.
    const a = agent('controlled');
    const req = firstCheck(a);
    respond(a, req.transactionId, 'success', [
      mapped,
      { type: 'RAW', code: 0xc058, value: new Uint8Array(4) },
    ]);
    expect(a.getStats().pairs[0]!.state).toBe('succeeded');
  });
});
