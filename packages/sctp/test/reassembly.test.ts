// Reassembly (RFC 9260 §6.5, §6.9) driven directly: fragments in order (the fast path that extends
// a run from its B fragment) and in any order (the walk), FORWARD-TSN cutting a run, the
// partial-run size bound.
import { type InboundMessage, Reassembly } from '../src/association/reassembly.js';
import { DataFlags } from '../src/index.js';
import { prng } from './pipe.js';

interface Frag {
  tsn: number;
  flags: number;
  ssn: number;
  payload: Uint8Array;
}

/** Cut messages (stream 3, SSN 0..) into fragments of `frag` bytes with consecutive TSNs from `tsn0`. */
function fragments(messages: Uint8Array[], frag: number, tsn0: number, unordered = false): Frag[] {
  const out: Frag[] = [];
  let tsn = tsn0;
  messages.forEach((m, ssn) => {
    for (let off = 0; off < m.length; off += frag) {
      let flags = unordered ? DataFlags.UNORDERED : 0;
      if (off === 0) flags |= DataFlags.BEGIN;
      if (off + frag >= m.length) flags |= DataFlags.END;
      out.push({ tsn: tsn >>> 0, flags, ssn, payload: m.subarray(off, Math.min(m.length, off + frag)) });
      tsn++;
    }
  });
  return out;
}

/** Each fragment inside a packet-like buffer with bytes around it (as DATA arrives). */
function feed(r: Reassembly, f: Frag) {
  const buf = new Uint8Array(f.payload.length + 20).fill(0xee);
  buf.set(f.payload, 16);
  return r.add(f.tsn, f.flags, 3, f.ssn, 53, buf, 16, 16 + f.payload.length);
}

function messages(rnd: () => number, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) =>
    Uint8Array.from({ length: 1 + Math.floor(rnd() * 5000) }, (_, k) => (i * 31 + k) & 0xff),
  );
}

describe('Reassembly', () => {
  it('in-order fragments (across the TSN wrap) deliver every message whole, in order', () => {
    const rnd = prng(3);
    const msgs = messages(rnd, 40);
    const got: InboundMessage[] = [];
    const r = new Reassembly(1 << 20, (m) => got.push(m));
    for (const f of fragments(msgs, 1000, 0xffffff00)) expect(feed(r, f)).toBe('ok');
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(got.map((m) => hex(m.data))).toEqual(msgs.map(hex));
    expect(got.every((m) => m.streamId === 3 && m.ppid === 53)).toBe(true);
    expect([r.bytes, r.chunks]).toEqual([0, 0]);
  });

  it('fragments in any order (seeded shuffles, ordered and unordered) deliver each message once', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rnd = prng(seed);
      const msgs = messages(rnd, 12);
      const unordered = seed % 3 === 0;
      const frags = fragments(msgs, 700, Math.floor(rnd() * 2 ** 32), unordered);
      // Mostly in order with local swaps, sometimes fully shuffled.
      for (let i = frags.length - 1; i > 0; i--) {
        const j = seed % 2 ? Math.floor(rnd() * (i + 1)) : Math.max(0, i - Math.floor(rnd() * 3));
        [frags[i], frags[j]] = [frags[j]!, frags[i]!];
      }
      const got: InboundMessage[] = [];
      const r = new Reassembly(1 << 20, (m) => got.push(m));
      for (const f of frags) expect(feed(r, f)).toBe('ok');
      const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
      const want = msgs.map(hex);
      const have = got.map((m) => hex(m.data));
      if (unordered) expect(have.sort()).toEqual(want.sort());
      else expect(have).toEqual(want);
      expect([r.bytes, r.chunks]).toEqual([0, 0]);
    }
  });

  it('FORWARD-TSN cutting a run: the rest of that message is never delivered, the next one is', () => {
    const msgs = [new Uint8Array(3000).fill(1), new Uint8Array(2500).fill(2)];
    const frags = fragments(msgs, 1000, 100);
    const got: InboundMessage[] = [];
    const r = new Reassembly(1 << 20, (m) => got.push(m));
    feed(r, frags[0]!); // B of message 0
    feed(r, frags[1]!);
    // The sender abandoned message 0 (RFC 3758): cum moves past its B fragment only, SSN 0 skipped;
    // the fragment kept must not still count as part of a run from that B.
    r.forward(100, [3, 0]);
    feed(r, frags[2]!); // its E arrives late: its run has no B any more
    expect(got).toHaveLength(0);
    for (const f of frags.slice(3)) feed(r, f);
    expect(got.map((m) => m.data[0])).toEqual([2]);
    expect(got[0]!.data.length).toBe(2500);
  });

  it('a partial run longer than max-message-size is refused, in order and out of order', () => {
    const big = [new Uint8Array(10_000)];
    const inOrder = new Reassembly(4000, () => undefined);
    const verdicts = fragments(big, 1000, 7).map((f) => feed(inOrder, f));
    expect(verdicts.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(verdicts[4]).toBe('too-large');
    const rev = new Reassembly(4000, () => undefined);
    const back = fragments(big, 1000, 7)
      .reverse()
      .map((f) => feed(rev, f));
    expect(back.includes('too-large')).toBe(true);
  });
});
