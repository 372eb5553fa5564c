// A fast retransmission lost in the network (sender.ts): RFC 9260 fast-retransmits a TSN once, so
// a lost retransmission waits for T3-rtx (at least RTO.min, cwnd down to one MTU). Like usrsctp, we
// retransmit it again once three SACKs newly ack data sent after it. Virtual clock, no I/O.
import { ChunkType } from '../src/index.js';
import { transfer } from './bulk.js';
import { Pair } from './pipe.js';

/** TSNs of the DATA chunks in an SCTP packet. */
function dataTsns(p: Uint8Array): number[] {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: number[] = [];
  for (let off = 12; off + 4 <= p.length; ) {
    const len = v.getUint16(off + 2);
    if (p[off] === ChunkType.DATA) out.push(v.getUint32(off + 4));
    off += (len + 3) & ~3;
    if (len < 4) break;
  }
  return out;
}

/** A link that drops the first `drops` transmissions of the 300th DATA chunk from a. */
function lossyPair(drops: number) {
  let first: number | undefined;
  let dropped = 0;
  const p = new Pair({
    delay: 5,
    tap: (from, pkt) => {
      if (from !== 'a') return pkt;
      for (const tsn of dataTsns(pkt)) {
        first ??= tsn;
        if ((tsn - first) >>> 0 === 300 && dropped < drops) {
          dropped++;
          return undefined;
        }
      }
      return pkt;
    },
  });
  return { p, dropped: () => dropped };
}

describe('a lost fast retransmission', () => {
  it('is repaired by a second fast retransmission, not by T3-rtx', () => {
    const { p, dropped } = lossyPair(2);
    const { msgs, received } = transfer(p, 4 * 1024 * 1024, 5);
    expect(dropped()).toBe(2);
    expect(received).toHaveLength(msgs.length);
    for (let i = 0; i < msgs.length; i++) expect(Buffer.compare(msgs[i]!, received[i]!)).toBe(0);
    expect(p.a.stats.fastRetransmits).toBe(2);
    expect(p.a.stats.t3Expirations).toBe(0);
  });

  it('a TSN lost three times is fast-retransmitted each time', () => {
    const { p, dropped } = lossyPair(3);
    const { msgs, received } = transfer(p, 4 * 1024 * 1024, 6);
    expect(dropped()).toBe(3);
    expect(received).toHaveLength(msgs.length);
    expect(p.a.stats.fastRetransmits).toBe(3);
    expect(p.a.stats.t3Expirations).toBe(0);
  });
});
