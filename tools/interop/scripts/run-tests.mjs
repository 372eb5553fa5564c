#!/usr/bin/env node
// Runs each interop test file in its own jest process. The foreign peers include native code
// (@roamhq/wrtc's libwebrtc build), which was seen here to die with SIGSEGV when it shares a process
// with many earlier connections; one process per file keeps that from taking the other suites down.
// A file whose process is killed by a signal (not a test failure) is run once more, loudly; a test
// that fails, fails.
// A file with the line `// interop-runner: force-exit` runs with jest --forceExit (process.exit after
// the run): @roamhq/wrtc's nonstandard media objects (RTCVideoSource/Sink, RTCAudioSource/Sink) crash
// Node's environment teardown in their N-API finalizers (V8 'Check failed: node->IsInUse()' or
// SIGSEGV) after every test passed; process.exit skips that teardown.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jest = join(root, '../../node_modules/jest/bin/jest.js');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'test'))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const FORCE_EXIT = /^\/\/ interop-runner: force-exit\b/m;

function run(file) {
  const forceExit = FORCE_EXIT.test(readFileSync(join(root, 'test', file), 'utf8'));
  if (forceExit) console.log(`interop: ${file} runs with --forceExit (see scripts/run-tests.mjs)`);
  return spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--disable-warning=ExperimentalWarning',
      jest,
      '--runInBand',
      ...(forceExit ? ['--forceExit'] : []),
      `test/${file}`,
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

const failed = [];
for (const file of files) {
  let result = run(file);
  if (result.signal || result.status === 139 || result.status === 134) {
    console.error(
      `\ninterop: ${file} was killed (${result.signal ?? `exit ${result.status}`}), not failed by a test: ` +
        'a native peer library crashed. Running it once more in a fresh process.\n',
    );
    result = run(file);
  }
  if (result.status !== 0) failed.push(`${file} (${result.signal ?? `exit ${result.status}`})`);
}
if (failed.length > 0) {
  console.error(`interop: failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`interop: ${files.length} test files passed`);
