import fc from 'fast-check';
import { EventQueue } from '../src/event-queue.js';
import { Prng } from '../src/index.js';

describe('Prng (xoshiro128**)', () => {
  it('matches the reference implementation', () => {
    // Outputs of Blackman and Vigna's xoshiro128starstar.c from the state {1, 2, 3, 4}.
    const p = Prng.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => p.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
  });

  it('is reproducible from a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const p = new Prng(seed);
      return Array.from({ length: 8 }, () => p.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0)).not.toEqual(Array(8).fill(0));
  });

  it('draws floats in [0, 1) with a mean close to 1/2 and ints within bounds', () => {
    const p = new Prng(5);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = p.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(p.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('consumes no randomness for a disabled probability', () => {
    const a = new Prng(9);
    const b = new Prng(9);
    expect(a.chance(0)).toBe(false);
    expect(a.chance(1)).toBe(true);
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('derives independent streams per label', () => {
    const x = Prng.derive(1, 'link:1>2').nextUint32();
    expect(Prng.derive(1, 'link:1>2').nextUint32()).toBe(x);
    expect(Prng.derive(1, 'link:2>1').nextUint32()).not.toBe(x);
    expect(Prng.derive(2, 'link:1>2').nextUint32()).not.toBe(x);
  });
});

describe('EventQueue', () => {
  it('pops in (time, insertion) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue();
        const order: number[] = [];
        times.forEach((t, i) => {
          q.push(t, () => order.push(i));
        });
        const popped: number[] = [];
        for (let e = q.pop(); e !== undefined; e = q.pop()) {
          popped.push(e.time);
          e.run();
        }
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        expect(order).toEqual(expected.map((e) => e.i));
        expect(popped).toEqual(expected.map((e) => e.t));
        expect(q.size).toBe(0);
      }),
      { seed: 1, numRuns: 300 },
    );
  });
});
