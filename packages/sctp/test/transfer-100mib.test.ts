// The acceptance runs: 100 MiB of reliable ordered mixed-size messages (1 B .. 256 KiB) at
// 0%, 2% and 10% loss with reordering and duplication, over the seeded in-memory link.

import { transfer } from './bulk.js';
import { Pair } from './pipe.js';

const MiB = 1024 * 1024;

describe('100 MiB reliable ordered', () => {
  for (const [loss, seed] of [
    [0, 11],
    [0.02, 12],
    [0.1, 13],
  ] as const) {
    it(`${loss * 100}% loss`, () => {
      const p = new Pair(
        { delay: 10, jitter: loss ? 4 : 0, loss, reorder: loss ? 0.02 : 0, duplicate: loss ? 0.01 : 0 },
        seed,
      );
      const { msgs, received } = transfer(p, 100 * MiB, seed);
      expect(received.length).toBe(msgs.length);
      let bytes = 0;
      for (let i = 0; i < msgs.length; i++) {
        if (Buffer.compare(msgs[i]!, received[i]!) !== 0) throw new Error(`message ${i} differs`);
        bytes += msgs[i]!.length;
      }
      expect(bytes).toBeGreaterThanOrEqual(100 * MiB);
      // eslint-disable-next-line no-console
      console.log(
        `${loss * 100}% loss: ${msgs.length} messages, virtual ${(p.now / 1000).toFixed(1)} s, rtx ${p.a.stats.retransmissions}`,
      );
    }, 120_000);
  }
});
