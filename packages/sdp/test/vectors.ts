// Loads the SDP samples copied from /work/shared/vectors/sdp (see vectors/sources.md).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'vectors');

export const vectorNames: string[] = readdirSync(dir)
  .filter((f) => f.endsWith('.sdp'))
  .sort();

export function readVector(name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}
