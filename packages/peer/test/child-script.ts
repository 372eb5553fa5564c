// Runs an ES module script in a child Node process (the way a user's program would run), for the
// tests that check a process exits by itself once its connections are closed.
import { spawn } from 'node:child_process';

export interface ChildResult {
  /** The exit code; -1 when the child was killed after `timeoutMs`. */
  code: number | null;
  out: string;
  err: string;
}

export function runModuleScript(script: string, timeoutMs: number): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: -1, out, err });
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}
