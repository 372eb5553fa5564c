import { encodeMessage, StunMethod, shortTermKey } from '@rtc/stun';
import fc from 'fast-check';
import { IceAgent } from '../src/index.js';
import { peerCheck } from './helpers/peer-check.js';
import { seededRandom } from './helpers/seeded-random.js';

function agent() {
  const a = new IceAgent({
    role: 'controlled',
    random: seededRandom(3),
    localUfrag: 'loca',
    localPwd: 'localpasswordlocalpassword',
  });
  a.addHostSocket({ socketId: 's', address: '10.0.0.1', port: 5000 }, 0);
  a.gather(0);
  a.setRemoteCredentials('remo', 'remotepasswordremotepassword', {}, 0);
  a.addRemoteCandidate('candidate:1 1 udp 2130706431 10.0.0.2 6000 typ host', 0);
  return a;
}

function validCheck(): Uint8Array {
  return peerCheck({
    pwd: 'localpasswordlocalpassword',
    priority: 12345,
    role: 'controlling',
    tieBreaker: 5n,
    fill: 1,
    useCandidate: true,
  });
}

describe('IceAgent input robustness', () => {
  it('property: random and mutated datagrams never throw out of the agent', () => {
    const a = agent();
    const good = validCheck();
    let t = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
            const m = good.slice();
            m[i] = v;
            return m;
          }),
          fc.uint8Array({ minLength: 20, maxLength: 120 }).map((b) => {
            b[0] = 0;
            b[1] = 1;
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = 0xa4;
            b[7] = 0x42;
            const len = b.length - 20 - ((b.length - 20) % 4);
            b[2] = len >> 8;
            b[3] = len & 0xff;
            return b.subarray(0, 20 + len);
          }),
        ),
        (data) => {
          t += 10;
          a.handleDatagram({ socketId: 's', from: { address: '10.0.0.2', port: 6000 }, data }, t);
          a.handleDatagram({ socketId: 'unknown', from: { address: '10.0.0.9', port: 1 }, data }, t);
          a.handleTimeout(t);
          while (a.pollTransmit());
          while (a.pollEvent());
        },
      ),
      { numRuns: 1500, seed: 11 },
    );
    // mutated integrity is never accepted: no pair was nominated by garbage
    expect(a.selectedPair).toBeUndefined();
  });

  it('a valid check with USE-CANDIDATE is answered with an authenticated success', () => {
    const a = agent();
    while (a.pollTransmit());
    a.handleDatagram({ socketId: 's', from: { address: '10.0.0.2', port: 6000 }, data: validCheck() }, 1);
    const t = a.pollTransmit()!;
    expect(t.to).toEqual({ address: '10.0.0.2', port: 6000 });
    expect(t.data[0]).toBe(0x01); // success class
    expect(t.data[1]).toBe(0x01);
  });

  it('checks missing PRIORITY or role attributes, or with a broken FINGERPRINT, are dropped', () => {
    const a = agent();
    const make = (attrs: Parameters<typeof encodeMessage>[0]['attributes'], fingerprint = true) =>
      encodeMessage(
        {
          class: 'request',
          method: StunMethod.Binding,
          transactionId: new Uint8Array(12).fill(2),
          attributes: attrs,
        },
        { integrity: shortTermKey('localpasswordlocalpassword'), fingerprint },
      );
    const from = { address: '10.0.0.2', port: 6000 };
    a.handleDatagram(
      {
        socketId: 's',
        from,
        data: make([
          { type: 'USERNAME', value: 'loca:remo' },
          { type: 'ICE-CONTROLLING', value: 1n },
        ]),
      },
      1,
    );
    a.handleDatagram(
      {
        socketId: 's',
        from,
        data: make([
          { type: 'USERNAME', value: 'loca:remo' },
          { type: 'PRIORITY', value: 1 },
        ]),
      },
      1,
    );
    a.handleDatagram(
      {
        socketId: 's',
        from,
        data: make([
          { type: 'PRIORITY', value: 1 },
          { type: 'ICE-CONTROLLING', value: 1n },
        ]),
      },
      1,
    );
    a.handleDatagram(
      { socketId: 's', from, data: make([{ type: 'USERNAME', value: 'loca:remo' }], false) },
      1,
    );
    const bad = validCheck();
    bad[bad.length - 1]! ^= 1;
    a.handleDatagram({ socketId: 's', from, data: bad }, 1);
    expect(a.rejections).toEqual({
      'no-priority': 1,
      'no-role': 1,
      'no-username': 1,
      'no-fingerprint': 1,
      'bad-fingerprint': 1,
    });
    expect(a.getStats().droppedRequests).toBe(5);
  });

  it('responses with a bad MESSAGE-INTEGRITY or unknown transaction are dropped', () => {
    const a = agent();
    a.handleTimeout(0);
    const req = a.pollTransmit();
    expect(req).toBeDefined();
    const tid = req!.data.subarray(8, 20);
    const resp = (pwd: string, id: Uint8Array) =>
      encodeMessage(
        {
          class: 'success',
          method: StunMethod.Binding,
          transactionId: id,
          attributes: [
            { type: 'XOR-MAPPED-ADDRESS', value: { family: 'IPv4', address: '10.0.0.1', port: 5000 } },
          ],
        },
        { integrity: shortTermKey(pwd), fingerprint: true },
      );
    const from = { address: '10.0.0.2', port: 6000 };
    a.handleDatagram({ socketId: 's', from, data: resp('wrongpasswordwrongpassword', tid) }, 5);
    a.handleDatagram(
      { socketId: 's', from, data: resp('remotepasswordremotepassword', new Uint8Array(12)) },
      5,
    );
    expect(a.getStats().droppedResponses).toBe(2);
    expect(a.getStats().pairs[0]!.state).toBe('in-progress');
    a.handleDatagram({ socketId: 's', from, data: resp('remotepasswordremotepassword', tid) }, 5);
    expect(a.getStats().pairs[0]!.state).toBe('succeeded');
  });

  it('remote mDNS candidates are resolved through the resolve-mdns event', () => {
    const a = agent();
    while (a.pollEvent());
    a.addRemoteCandidate(
      'candidate:9 1 udp 2130706431 0f1e2d3c-aaaa-bbbb-cccc-123456789abc.local 7000 typ host',
      1,
    );
    const e = a.pollEvent();
    expect(e).toEqual({ type: 'resolve-mdns', name: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc.local' });
    expect(a.getStats().pairs.length).toBe(1);
    a.resolveMdns('0f1e2d3c-aaaa-bbbb-cccc-123456789abc.local', '10.0.0.3', 2);
    expect(a.getStats().pairs.map((p) => p.remoteCandidate.address)).toContain(
      '0f1e2d3c-aaaa-bbbb-cccc-123456789abc.local',
    );
    // an unresolved name adds nothing
    a.addRemoteCandidate('candidate:9 1 udp 2130706431 ffff.local 7000 typ host', 3);
    a.resolveMdns('ffff.local', undefined, 4);
    expect(a.getStats().pairs.length).toBe(2);
  });

  it('rejects malformed remote credentials and candidates with IceError', () => {
    const a = agent();
    expect(() => a.setRemoteCredentials('a:b', 'x'.repeat(22), {}, 0)).toThrow('bad remote');
    expect(() => a.addRemoteCandidate('candidate:garbage', 0)).toThrow('too few fields');
  });
});
