#!/usr/bin/env node
// `pnpm layering`: fails when a package imports above or beside itself, reaches into a sibling's
// source, or a protocol core reads a clock, sets a timer or opens a socket outside its driver folder.
import { resolve } from 'node:path';
import { checkRepository } from './check.js';
import { formatViolation } from './violation.js';

const root = resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
const violations = await checkRepository(root);
if (violations.length === 0) {
  console.log('layering: every package imports only what is below it; protocol cores are sans-I/O');
} else {
  console.error(`layering: ${violations.length} violation(s)`);
  for (const v of violations) console.error(`  ${formatViolation(v)}`);
  process.exitCode = 1;
}
