// Import rules checked with dependency-cruiser over every package's `src/`.
import { cruise, type IForbiddenRuleType, type IReporterOutput } from 'dependency-cruiser';
import { allowedImports, driverFolder, ioModules, sansIoPackages } from './layers.js';
import type { Violation, ViolationRule } from './violation.js';

const alternatives = (names: readonly string[]): string => names.map((n) => n.replace('/', '\\/')).join('|');

export function importRuleSet(packages: readonly string[]): IForbiddenRuleType[] {
  const rules: IForbiddenRuleType[] = [];
  for (const name of packages) {
    const allowed = allowedImports[name] ?? [];
    const denied = packages.filter((p) => p !== name && !allowed.includes(p));
    if (denied.length === 0) continue;
    rules.push({
      name: `not-below:${name}`,
      comment: `@rtc/${name} may import only ${allowed.length ? allowed.map((a) => `@rtc/${a}`).join(', ') : 'no other @rtc package'}`,
      severity: 'error',
      from: { path: `^packages/${name}/src/` },
      to: { path: `^(packages/(${alternatives(denied)})/|@rtc/(${alternatives(denied)})($|/))` },
    });
  }
  rules.push({
    name: 'relative-into-sibling',
    comment: 'cross-package imports go through the package name, never a relative path',
    severity: 'error',
    from: { path: '^packages/([^/]+)/' },
    to: { dependencyTypes: ['local'], path: '^packages/', pathNot: '^packages/$1/' },
  });
  rules.push({
    name: 'into-sibling-src',
    comment: "never reach into a sibling's src; use its exports map",
    severity: 'error',
    from: { path: '^packages/([^/]+)/src/' },
    to: { path: '^packages/([^/]+)/src/', pathNot: '^packages/$1/' },
  });
  rules.push({
    name: 'package-imports-tool',
    comment: 'published packages never import the private tools (tests may)',
    severity: 'error',
    from: { path: '^packages/[^/]+/src/' },
    to: { path: '^(tools/|@rtc-tools/)' },
  });
  rules.push({
    name: 'io-module-in-core',
    comment: `protocol cores own no socket or timer outside src/${driverFolder}/`,
    severity: 'error',
    from: {
      path: `^packages/(${alternatives(sansIoPackages)})/src/`,
      pathNot: `^packages/[^/]+/src/${driverFolder}/`,
    },
    to: { dependencyTypes: ['core'], path: `^(node:)?(${alternatives(ioModules)})$` },
  });
  return rules;
}

export async function checkImports(root: string, packages: readonly string[]): Promise<Violation[]> {
  const sources = packages.map((p) => `packages/${p}/src`);
  const result: IReporterOutput = await cruise(
    sources,
    {
      baseDir: root,
      validate: true,
      ruleSet: { forbidden: importRuleSet(packages) },
      doNotFollow: { path: 'node_modules|/dist/' },
      exclude: { path: '\\.d\\.ts$' },
      tsPreCompilationDeps: true,
      outputType: 'json',
    },
    { extensionAlias: { '.js': ['.ts', '.js'] } },
  );
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
  const violations: Violation[] = [];
  for (const v of output.summary.violations as Array<{ from: string; to: string; rule: { name: string } }>) {
    const rule = (v.rule.name.startsWith('not-below') ? 'not-below' : v.rule.name) as ViolationRule;
    violations.push({ rule, file: v.from, message: `imports ${v.to}` });
  }
  return violations;
}
