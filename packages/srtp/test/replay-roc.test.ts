import { estimateIndex, ReplayWindow } from '../src/index.js';

describe('ReplayWindow (RFC 3711 §3.3.2)', () => {
  test('accepts new, rejects duplicates and anything a window-size behind', () => {
    const w = new ReplayWindow(64);
    expect(w.check(5)).toBeUndefined();
    w.accept(5);
    expect(w.check(5)).toBe('replayed');
    expect(w.check(4)).toBeUndefined();
    w.accept(70);
    expect(w.check(6)).toBe('too-old');
    expect(w.check(7)).toBeUndefined();
    expect(w.check(5)).toBe('too-old');
    w.accept(7);
    expect(w.check(7)).toBe('replayed');
    expect(w.highest).toBe(70);
  });

  test('slots reused after the ring moves on are cleared (window 100, ring 128)', () => {
    const w = new ReplayWindow(100);
    for (let i = 0; i < 1000; i += 3) w.accept(i);
    // 999 highest; i in (899, 999] seen iff i % 3 == 0.
    for (let i = 900; i <= 999; i++) expect(w.check(i)).toBe(i % 3 === 0 ? 'replayed' : undefined);
    expect(w.check(899)).toBe('too-old');
    w.accept(5000);
    for (let i = 4901; i < 5000; i++) expect(w.check(i)).toBeUndefined();
  });

  test('matches a reference set model on a random walk', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const size = 128;
    const w = new ReplayWindow(size);
    const seen = new Set<number>();
    let highest = -1;
    for (let n = 0; n < 20000; n++) {
      const index = Math.max(0, highest + Math.floor(rand() * 300) - 200);
      const expected =
        index > highest
          ? undefined
          : highest - index >= size
            ? 'too-old'
            : seen.has(index)
              ? 'replayed'
              : undefined;
      expect(w.check(index)).toBe(expected);
      if (expected === undefined) {
        w.accept(index);
        seen.add(index);
        highest = Math.max(highest, index);
      }
    }
  });

  test('48-bit indices', () => {
    const w = new ReplayWindow(1024);
    const base = 0xffff_ffff * 0x10000;
    w.accept(base + 10);
    expect(w.check(base + 10)).toBe('replayed');
    expect(w.check(base + 9)).toBeUndefined();
  });
});

describe('estimateIndex (RFC 3711 §3.3.1, Appendix A)', () => {
  const idx = (roc: number, seq: number) => roc * 0x10000 + seq;
  test.each([
    ['in order', idx(0, 100), 101, idx(0, 101)],
    ['late in same ROC', idx(0, 100), 50, idx(0, 50)],
    ['wrap forward', idx(0, 65530), 3, idx(1, 3)],
    ['late from before the wrap', idx(1, 3), 65530, idx(0, 65530)],
    ['before index 0', idx(0, 3), 65530, -1],
    ['s_l at 32768, seq 0 still in this ROC', idx(2, 32768), 0, idx(2, 0)],
    ['s_l above 32768, seq far below -> next ROC', idx(2, 40000), 7000, idx(3, 7000)],
    ['last ROC cannot advance', idx(0xffffffff, 65000), 3, -1],
  ])('%s', (_t, highest, seq, want) => {
    expect(estimateIndex(highest, seq)).toBe(want);
  });
});
