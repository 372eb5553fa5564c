#!/usr/bin/env node
// Entry point for `npm test` and `npm run demo` on a machine that has only Node.js and npm:
// finds pnpm (the version pinned in package.json's packageManager), installs the workspace with the
// frozen lockfile, then runs the named root script through pnpm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const task = process.argv[2];
if (!task) {
  console.error('usage: node scripts/run.mjs <root-script>');
  process.exit(2);
}
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z
const version = pinned.split('@')[1];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.error) return { ok: false, error: r.error };
  return { ok: r.status === 0, status: r.status ?? 1 };
}

function pnpmCommand() {
  const found = spawnSync('pnpm', ['--version'], { cwd: root, encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim() === version) return ['pnpm', []];
  // No matching pnpm on PATH: npx fetches the pinned release from the npm registry once and caches it.
  return ['npx', ['--yes', `pnpm@${version}`]];
}

const [pnpm, prefix] = pnpmCommand();
const install = run(pnpm, [...prefix, 'install', '--frozen-lockfile']);
if (!install.ok) process.exit(install.status ?? 1);
const result = run(pnpm, [...prefix, 'run', task, ...process.argv.slice(3)]);
process.exit(result.ok ? 0 : (result.status ?? 1));
