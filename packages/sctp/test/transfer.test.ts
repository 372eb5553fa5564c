import { transfer } from './bulk.js';
import { Pair } from './pipe.js';

function sameMessages(a: Uint8Array[], b: Uint8Array[]) {
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.length !== b[i]!.length || Buffer.compare(a[i]!, b[i]!) !== 0)
      throw new Error(`message ${i} differs`);
  }
}

describe('bulk reliable ordered transfer', () => {
  it('16 MiB with no loss', () => {
    const p = new Pair({ delay: 5 });
    const { msgs, received } = transfer(p, 16 * 1024 * 1024, 1);
    sameMessages(msgs, received);
    expect(p.a.stats.retransmissions).toBe(0);
  });

  it('8 MiB at 2% loss with reordering and duplication', () => {
    const p = new Pair({ delay: 10, jitter: 4, loss: 0.02, reorder: 0.02, duplicate: 0.01 }, 2);
    const { msgs, received } = transfer(p, 8 * 1024 * 1024, 2);
    sameMessages(msgs, received);
    expect(p.a.stats.retransmissions).toBeGreaterThan(0);
  });

  it('4 MiB at 10% loss with reordering and duplication', () => {
    const p = new Pair({ delay: 10, jitter: 4, loss: 0.1, reorder: 0.05, duplicate: 0.02 }, 3);
    const { msgs, received } = transfer(p, 4 * 1024 * 1024, 3);
    sameMessages(msgs, received);
  });

  it('unordered reliable delivers every message exactly once under loss', () => {
    const p = new Pair({ delay: 10, jitter: 8, loss: 0.05, reorder: 0.1, duplicate: 0.02 }, 4);
    const { msgs, received } = transfer(p, 2 * 1024 * 1024, 4, { ordered: false });
    const key = (m: Uint8Array) => Buffer.from(m).toString('base64');
    expect(received.map(key).sort()).toEqual(msgs.map(key).sort());
  });
});
