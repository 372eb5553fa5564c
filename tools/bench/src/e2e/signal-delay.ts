// Diagnostic: connect time of pairs in one process with every signaling hand-over (offer, answer,
// each trickled candidate) delayed by `delayMs`, as between real peers, where the answerer's first
// checks can reach the offerer before the answer does. 0 hands over at once, like pair.ts.
//   node dist/e2e/signal-delay.js <offerer impl> <answerer impl> <delayMs> [connects=6]
// Prints every connect in ms, the first being the cold one.
import { type Impl, type ImplName, loadImpl } from './implementations.js';
import { sleep } from './measure.js';
import { opened } from './pair.js';

// biome-ignore lint/suspicious/noExplicitAny: foreign W3C-shaped objects
type Any = any;

const [an, bn, delayArg, countArg] = process.argv.slice(2);
const loaded = [await loadImpl(an as ImplName), await loadImpl(bn as ImplName)];
for (const x of loaded) if (typeof x === 'string') throw new Error(x);
const [A, B] = loaded as [Impl, Impl];
const delay = Number(delayArg ?? 1);
const handOver = (fn: () => void) => (delay > 0 ? setTimeout(fn, delay) : fn());

async function connectOnce(): Promise<number> {
  const a = new A.Ctor(A.config);
  const b = new B.Ctor(B.config);
  const ready = new Map<Any, boolean>([
    [a, false],
    [b, false],
  ]);
  const pending = new Map<Any, unknown[]>([
    [a, []],
    [b, []],
  ]);
  const add = (pc: Any, c: unknown) => Promise.resolve(pc.addIceCandidate(c)).catch(() => undefined);
  const trickle = (from: Any, to: Any) =>
    from.addEventListener('icecandidate', (e: Any) => {
      if (!e.candidate?.candidate) return;
      const c = typeof e.candidate.toJSON === 'function' ? e.candidate.toJSON() : e.candidate;
      handOver(() => (ready.get(to) ? void add(to, c) : pending.get(to)!.push(c)));
    });
  trickle(a, b);
  trickle(b, a);
  const apply = async (pc: Any, d: { type: string; sdp: string }) => {
    if (delay > 0) await sleep(delay);
    await pc.setRemoteDescription(d);
    ready.set(pc, true);
    for (const c of pending.get(pc)!.splice(0)) void add(pc, c);
  };
  const chA = a.createDataChannel('bench');
  const chB = new Promise<Any>((resolve) =>
    b.addEventListener('datachannel', (e: Any) => resolve(e.channel)),
  );
  const start = performance.now();
  await a.setLocalDescription(await a.createOffer());
  await apply(b, { type: 'offer', sdp: a.localDescription.sdp });
  await b.setLocalDescription(await b.createAnswer());
  await apply(a, { type: 'answer', sdp: b.localDescription.sdp });
  await Promise.all([opened(chA), chB.then(opened)]);
  const ms = performance.now() - start;
  await Promise.resolve(a.close()).catch(() => undefined);
  await Promise.resolve(b.close()).catch(() => undefined);
  await sleep(50);
  return ms;
}

const times: number[] = [];
for (let i = 0; i < Number(countArg ?? 6); i++) times.push(await connectOnce());
console.log(`${an} -> ${bn}, signaling delayed ${delay} ms: ${times.map((t) => t.toFixed(1)).join(' ')} ms`);
// Foreign stacks keep native threads and sockets alive after close(); exit explicitly.
process.exit(0);
