import { type Pair, prng } from './pipe.js';

/** Mixed sizes 1 B .. 256 KiB, deterministic content so corruption is caught. */
export function makeMessages(totalBytes: number, seed: number): Uint8Array[] {
  const r = prng(seed);
  const out: Uint8Array[] = [];
  let total = 0;
  let k = 0;
  while (total < totalBytes) {
    const pick = r();
    const size =
      pick < 0.3
        ? 1 + Math.floor(r() * 100)
        : pick < 0.7
          ? 1 + Math.floor(r() * 4096)
          : pick < 0.95
            ? 1 + Math.floor(r() * 65536)
            : 262144 - Math.floor(r() * 10);
    const m = new Uint8Array(size);
    for (let i = 0; i < size; i += 97) m[i] = (k + i) & 0xff;
    m[0] = k & 0xff;
    m[size - 1] = (k * 7) & 0xff;
    out.push(m);
    total += size;
    k++;
  }
  return out;
}

export function transfer(p: Pair, totalBytes: number, seed: number, opts: { ordered?: boolean } = {}) {
  p.connect();
  const id = p.a.createChannel({ label: 'bulk', ordered: opts.ordered ?? true }, p.now);
  const msgs = makeMessages(totalBytes, seed);
  const received: Uint8Array[] = [];
  p.keepEvents = false;
  p.onEventB = (e) => {
    if (e.type === 'message') received.push(e.data);
  };
  let next = 0;
  const pump = () => {
    // Keep ~4 MiB buffered, as an application watching bufferedAmount would.
    while (next < msgs.length && p.a.bufferedAmount(id) < 4 * 1024 * 1024)
      p.a.send(id, msgs[next++]!, true, p.now);
  };
  p.onEventA = (e) => {
    if (e.type === 'buffered-amount-low') pump();
  };
  p.a.setBufferedAmountLowThreshold(id, 2 * 1024 * 1024);
  pump();
  const ok = p.runUntil(() => received.length === msgs.length, p.now + 3_600_000);
  if (!ok) throw new Error(`stalled: ${received.length}/${msgs.length} ${JSON.stringify(p.a.stats)}`);
  return { msgs, received };
}
