import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scanClockUse } from './clock-scan.js';
import { checkImports } from './import-rules.js';
import { allowedImports, driverFolder, sansIoPackages } from './layers.js';
import type { Violation } from './violation.js';

/** Runs every layering and sans-I/O check over the repository at `root`. */
export async function checkRepository(root: string): Promise<Violation[]> {
  const packages = readdirSync(join(root, 'packages')).filter((p) =>
    existsSync(join(root, 'packages', p, 'src')),
  );
  const unknown = packages.filter((p) => !(p in allowedImports));
  const violations: Violation[] = unknown.map((p) => ({
    rule: 'not-below' as const,
    file: `packages/${p}`,
    message: 'package is not placed in the layering of DESIGN.md (add it to tools/layering/src/layers.ts)',
  }));
  violations.push(...checkManifests(root, packages));
  violations.push(...(await checkImports(root, packages)));
  for (const name of packages.filter((p) => sansIoPackages.includes(p))) {
    const src = join(root, 'packages', name, 'src');
    for (const file of listTs(src)) {
      const rel = relative(src, file).split('\\').join('/');
      if (rel.startsWith(`${driverFolder}/`)) continue;
      violations.push(...scanClockUse(relative(root, file), readFileSync(file, 'utf8')));
    }
  }
  return violations;
}

function checkManifests(root: string, packages: readonly string[]): Violation[] {
  const out: Violation[] = [];
  for (const name of packages) {
    const file = join(root, 'packages', name, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const allowed = allowedImports[name] ?? [];
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const dep of Object.keys(manifest[field] ?? {})) {
        const m = /^@rtc\/(.+)$/.exec(dep);
        if (m && !allowed.includes(m[1]!)) {
          out.push({
            rule: 'manifest-not-below',
            file: `packages/${name}/package.json`,
            message: `${field} names ${dep}, which is not below @rtc/${name}`,
          });
        }
      }
    }
  }
  return out;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
