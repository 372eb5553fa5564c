// Child-process entry for one measurement, so each implementation's RSS and event loop are its own:
//   node --expose-gc dist/e2e/worker.js perf <implA> <implB> <seconds>
//   node --expose-gc dist/e2e/worker.js mem <impl> <pairs> [settle seconds]
// Prints one JSON line on stdout (`{"ok":true,...}` or `{"ok":false,"error":...}`).
import { type ImplName, loadImpl } from './implementations.js';
import { memory, perf } from './measure.js';

async function main(argv: string[]): Promise<unknown> {
  const [mode, x, y, z] = argv;
  if (mode === 'perf') {
    const A = await loadImpl(x as ImplName);
    const B = await loadImpl(y as ImplName);
    if (typeof A === 'string') throw new Error(A);
    if (typeof B === 'string') throw new Error(B);
    return perf(A, B, Number(z ?? 3));
  }
  if (mode === 'mem') {
    const impl = await loadImpl(x as ImplName);
    if (typeof impl === 'string') throw new Error(impl);
    return memory(impl, Number(y ?? 100), Number(z ?? 15));
  }
  throw new Error(`unknown mode ${mode}`);
}

main(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
    // Foreign stacks keep native threads and sockets alive after close(); exit explicitly.
    process.exit(0);
  },
  (error: Error) => {
    process.stdout.write(`${JSON.stringify({ ok: false, error: error.message })}\n`);
    process.exit(1);
  },
);
