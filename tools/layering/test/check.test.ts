import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkRepository, scanClockUse } from '../src/index.js';

let root: string;

function write(path: string, text: string): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

function pkg(name: string, deps: Record<string, string> = {}): void {
  write(`packages/${name}/package.json`, JSON.stringify({ name: `@rtc/${name}`, dependencies: deps }));
  write(`packages/${name}/src/index.ts`, 'export const x = 1;\n');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'layering-'));
  for (const name of ['sdp', 'stun', 'ice', 'dtls', 'srtp', 'rtp', 'sctp']) pkg(name);
  pkg('peer', { '@rtc/ice': 'workspace:^' });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test('a repository that follows the rules has no violations', async () => {
  write('packages/ice/src/agent.ts', "import { x } from '@rtc/stun';\nexport const y = x;\n");
  write('packages/srtp/src/session.ts', "import { x } from '@rtc/rtp';\nexport const y = x;\n");
  write('packages/peer/src/pc.ts', "import { x } from '@rtc/sctp';\nsetTimeout(() => x, 1);\n");
  write(
    'packages/dtls/src/node/socket.ts',
    "import { createSocket } from 'node:dgram';\nsetTimeout(() => createSocket, Date.now());\n",
  );
  write(
    'packages/dtls/src/timer.ts',
    '// a comment about setTimeout and Date.now() is fine\nexport const s = "setTimeout";\n',
  );
  expect(await checkRepository(root)).toEqual([]);
});

test('importing a package that is not below is a violation', async () => {
  write('packages/ice/src/agent.ts', "import { x } from '@rtc/dtls';\nexport const y = x;\n");
  write('packages/srtp/src/keys.ts', "import { x } from '@rtc/dtls';\nexport const y = x;\n");
  const v = await checkRepository(root);
  expect(v.map((e) => [e.rule, e.file])).toEqual(
    expect.arrayContaining([
      ['not-below', 'packages/ice/src/agent.ts'],
      ['not-below', 'packages/srtp/src/keys.ts'],
    ]),
  );
});

test("a relative path into a sibling's src is a violation", async () => {
  write('packages/stun/src/a.ts', "import { x } from '../../sdp/src/index.js';\nexport const y = x;\n");
  const rules = (await checkRepository(root)).map((e) => e.rule);
  expect(rules).toContain('relative-into-sibling');
  expect(rules).toContain('into-sibling-src');
});

test('a socket module inside a core, outside its driver folder, is a violation', async () => {
  write(
    'packages/sctp/src/association.ts',
    "import { createSocket } from 'node:dgram';\nexport const s = createSocket;\n",
  );
  write(
    'packages/sctp/src/node/driver.ts',
    "import { createSocket } from 'node:dgram';\nexport const s = createSocket;\n",
  );
  const v = await checkRepository(root);
  expect(v).toHaveLength(1);
  expect(v[0]).toMatchObject({ rule: 'io-module-in-core', file: 'packages/sctp/src/association.ts' });
});

test('clock and timer use inside a core is a violation, with its line', async () => {
  write(
    'packages/dtls/src/flight.ts',
    [
      'export function f() {',
      '  setTimeout(() => 1, 5);',
      '  return Date.now() + performance.now();',
      '}',
      'const d = new Date();',
      'const ok = new Date(0);',
      '',
    ].join('\n'),
  );
  const v = await checkRepository(root);
  expect(v.map((e) => [e.rule, e.line])).toEqual([
    ['clock-in-core', 2],
    ['clock-in-core', 3],
    ['clock-in-core', 3],
    ['clock-in-core', 5],
  ]);
});

test('a manifest dependency on a higher package is a violation', async () => {
  pkg('sdp', { '@rtc/peer': 'workspace:^' });
  const v = await checkRepository(root);
  expect(v).toEqual([
    expect.objectContaining({ rule: 'manifest-not-below', file: 'packages/sdp/package.json' }),
  ]);
});

test('a package that the layering does not know is reported', async () => {
  pkg('quic');
  const v = await checkRepository(root);
  expect(v).toEqual([expect.objectContaining({ file: 'packages/quic' })]);
});

test('member names that look like timers are not uses of the global', () => {
  const text =
    'class T { setTimeout() {} }\nconst o = { setInterval: 1 };\nexport const z = o.setInterval;\n';
  expect(scanClockUse('x.ts', text)).toEqual([]);
  expect(scanClockUse('x.ts', 'globalThis.setTimeout(() => 0, 1);\n')).toHaveLength(1);
});
