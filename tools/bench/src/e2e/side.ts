// Child-process entry for one side of a two-process pair (started by duo.ts with an IPC channel):
//   node --expose-gc dist/e2e/side.js offer <impl> <seconds>
//   node --expose-gc dist/e2e/side.js answer <impl>
// The offerer sends {t:'result'} to the parent; either side reports a failure the same way.

import { runAnswerer } from './answerer.js';
import { type ImplName, loadImpl } from './implementations.js';
import { Ipc } from './ipc.js';
import { runOfferer } from './offerer.js';

const [role, name, seconds] = process.argv.slice(2);
const ipc = new Ipc();
const fail = (error: unknown) => {
  ipc.send({ to: 'parent', t: 'result', ok: false, error: `${role}: ${(error as Error)?.message ?? error}` });
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// Foreign stacks keep native threads and sockets alive after close(); exit explicitly.
ipc.on('exit', () => process.exit(0));

const impl = await loadImpl(name as ImplName);
if (typeof impl === 'string') fail(new Error(impl));
else if (role === 'answer') runAnswerer(impl, ipc);
else if (role === 'offer') {
  runOfferer(impl, ipc, Number(seconds ?? 3)).then(
    (result) => ipc.send({ to: 'parent', t: 'result', ok: true, result }),
    fail,
  );
} else fail(new Error(`unknown role ${role}`));
