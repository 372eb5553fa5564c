// `pnpm bench` entry: the end-to-end peer-connection bench (src/e2e). The per-package benches in
// src/<pkg>/ are separate scripts; see README.md.
import { runE2e } from './e2e/run.js';

await runE2e(process.argv.slice(2));
