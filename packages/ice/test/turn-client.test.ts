import {
  decodeMessage,
  encodeChannelData,
  encodeMessage,
  getAttribute,
  longTermKey,
  StunMethod,
} from '@rtc/stun';
import { TurnAllocation } from '../src/index.js';
import { seededRandom } from './helpers/seeded-random.js';

const server = { address: '1.1.1.1', port: 3478, transport: 'udp' as const, username: 'u', password: 'p' };
const key = longTermKey('u', 'r', 'p');

function newAllocation() {
  const random = seededRandom(5);
  return new TurnAllocation(server, () => {
    const id = new Uint8Array(12);
    random(id);
    return id;
  });
}

function answer401(alloc: TurnAllocation, now: number) {
  const req = decodeMessage(alloc.pollTransmit()!);
  alloc.handleFrame(
    encodeMessage({
      class: 'error',
      method: req.method,
      transactionId: req.transactionId,
      attributes: [
        { type: 'ERROR-CODE', value: { code: 401, reason: 'Unauthorized' } },
        { type: 'REALM', value: 'r' },
        { type: 'NONCE', value: 'n1' },
      ],
    }),
    now,
  );
  return decodeMessage(alloc.pollTransmit()!);
}

function allocated(alloc: TurnAllocation) {
  alloc.start(0);
  const req = answer401(alloc, 1);
  alloc.handleFrame(
    encodeMessage(
      {
        class: 'success',
        method: StunMethod.Allocate,
        transactionId: req.transactionId,
        attributes: [
          { type: 'XOR-RELAYED-ADDRESS', value: { family: 'IPv4', address: '1.1.1.1', port: 50000 } },
          { type: 'LIFETIME', value: 600 },
        ],
      },
      { integrity: key },
    ),
    2,
  );
}

describe('TurnAllocation (sans-I/O)', () => {
  it('retries the Allocate with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY after 401', () => {
    const alloc = newAllocation();
    alloc.start(0);
    const second = answer401(alloc, 1);
    expect(getAttribute(second, 'USERNAME')?.value).toBe('u');
    expect(getAttribute(second, 'REALM')?.value).toBe('r');
    expect(getAttribute(second, 'NONCE')?.value).toBe('n1');
    expect(second.integrityOffset).toBeGreaterThan(0);
  });

  it('drops a success response whose MESSAGE-INTEGRITY does not verify', () => {
    const alloc = newAllocation();
    alloc.start(0);
    const req = answer401(alloc, 1);
    const forged = encodeMessage(
      {
        class: 'success',
        method: StunMethod.Allocate,
        transactionId: req.transactionId,
        attributes: [{ type: 'XOR-RELAYED-ADDRESS', value: { family: 'IPv4', address: '6.6.6.6', port: 1 } }],
      },
      { integrity: longTermKey('u', 'r', 'wrong') },
    );
    alloc.handleFrame(forged, 2);
    expect(alloc.state).toBe('allocating');
    expect(alloc.stats.dropped).toBe(1);
  });

  it('gives up after repeated 401s instead of looping', () => {
    const alloc = newAllocation();
    alloc.start(0);
    let rounds = 0;
    for (let t = alloc.pollTransmit(); t; t = alloc.pollTransmit()) {
      const req = decodeMessage(t);
      rounds++;
      alloc.handleFrame(
        encodeMessage({
          class: 'error',
          method: req.method,
          transactionId: req.transactionId,
          attributes: [
            { type: 'ERROR-CODE', value: { code: 401, reason: 'Unauthorized' } },
            { type: 'REALM', value: 'r' },
            { type: 'NONCE', value: `n${rounds}` },
          ],
        }),
        rounds,
      );
    }
    expect(rounds).toBe(4);
    expect(alloc.state).toBe('failed');
    expect(alloc.pollEvent()).toEqual({ type: 'failed', reason: 'Allocate failed with 401' });
  });

  it('ignores ChannelData on unbound channels and Data indications from peers without permission', () => {
    const alloc = newAllocation();
    allocated(alloc);
    while (alloc.pollEvent());
    alloc.handleFrame(encodeChannelData(0x4000, new Uint8Array([1])), 3);
    alloc.handleFrame(
      encodeMessage({
        class: 'indication',
        method: StunMethod.Data,
        transactionId: new Uint8Array(12),
        attributes: [
          { type: 'XOR-PEER-ADDRESS', value: { family: 'IPv4', address: '9.9.9.9', port: 9 } },
          { type: 'DATA', value: new Uint8Array([2]) },
        ],
      }),
      3,
    );
    expect(alloc.pollEvent()).toBeUndefined();
    expect(alloc.stats.dropped).toBe(2);
    // no permission: refuses to send
    expect(alloc.sendTo({ address: '9.9.9.9', port: 9 }, new Uint8Array([1]))).toBe(false);
  });

  it('deallocates with Refresh LIFETIME 0 on close', () => {
    const alloc = newAllocation();
    allocated(alloc);
    while (alloc.pollTransmit());
    alloc.close(10);
    const refresh = decodeMessage(alloc.pollTransmit()!);
    expect(refresh.method).toBe(StunMethod.Refresh);
    expect(getAttribute(refresh, 'LIFETIME')?.value).toBe(0);
    expect(alloc.nextDeadline()).toBeUndefined();
  });

  it('never throws on garbage from the server', () => {
    const alloc = newAllocation();
    allocated(alloc);
    const random = seededRandom(9);
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(i % 80);
      random(b);
      if (i % 3 === 0 && b.length >= 20) {
        b[0] = i % 2 ? 0x40 : 0;
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = 0xa4;
        b[7] = 0x42;
      }
      alloc.handleFrame(b, 5);
    }
    expect(alloc.state).toBe('allocated');
  });
});
