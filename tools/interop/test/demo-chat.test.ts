// The chat demo (tools/demo, `pnpm --filter @rtc-tools/demo chat`) with a real browser on the other
// end, Chromium and Firefox: the page it serves connects to the Node process, which greets; a
// message typed in the page is printed by Node and answered; a line typed in Node's terminal
// reaches the page. Only the demo's own page code runs in the browser.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  type BrowserPage,
  chromiumUnavailable,
  firefoxUnavailable,
  launchChromium,
  launchFirefox,
} from '../src/index.js';

const require = createRequire(import.meta.url);
const chatScript = join(dirname(require.resolve('@rtc-tools/demo/package.json')), 'dist/chat.js');

interface Chat {
  url: string;
  output(): string;
  type(line: string): void;
  stop(): Promise<void>;
}

/** Starts the demo's chat server on a free port and waits for the line that names it. */
async function startChat(): Promise<Chat> {
  const child: ChildProcess = spawn(process.execPath, [chatScript], {
    env: { ...process.env, PORT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await until(() => /open (http:\/\/127\.0\.0\.1:\d+\/)/.test(out) || child.exitCode !== null, 10_000);
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    if (!url) throw new Error(`the chat demo did not start: ${out}`);
    return { url, output: () => out, type: (line) => child.stdin!.write(`${line}\n`), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

/** The page's chat log, a line per entry. */
const pageLog = (page: BrowserPage) =>
  page.evaluate(() =>
    Array.from(document.getElementById('log')?.children ?? [], (line) => line.textContent).join('\n'),
  );

async function chatWith(browser: string, page: BrowserPage, chat: Chat): Promise<void> {
  const greeted = await until(async () => (await pageLog(page)).includes('node: hello from Node.js'), 20_000);
  expect([greeted, await pageLog(page)]).toEqual([true, expect.stringContaining('data channel open')]);
  const text = `hi from ${browser}`;
  await page.evaluate((t: string) => {
    const input = document.getElementById('text') as HTMLInputElement;
    input.value = t;
    (document.getElementById('f') as HTMLFormElement).requestSubmit();
  }, text);
  const answered = await until(
    async () =>
      chat.output().includes(`browser: ${text}`) && (await pageLog(page)).includes(`you said "${text}"`),
    10_000,
  );
  chat.type('hello from the terminal');
  const reached = await until(
    async () => (await pageLog(page)).includes('node: hello from the terminal'),
    10_000,
  );
  console.log(`chat demo with ${browser}:\n${await pageLog(page)}\n--- node:\n${chat.output()}`);
  expect([answered, reached]).toEqual([true, true]);
  expect(chat.output()).toContain('[peer] connection connected');
}

const browsers = [
  {
    name: 'chromium',
    missing: chromiumUnavailable(),
    async run(chat: Chat) {
      const session = await launchChromium();
      try {
        await session.page.goto(chat.url);
        await chatWith('chromium', session.page, chat);
      } finally {
        await session.close();
      }
    },
  },
  {
    name: 'firefox',
    missing: firefoxUnavailable(),
    async run(chat: Chat) {
      const session = await launchFirefox();
      try {
        await session.goto(chat.url);
        await chatWith('firefox', session.page, chat);
      } finally {
        await session.close();
      }
    },
  },
];

for (const b of browsers) {
  if (b.missing) console.warn(`SKIPPED chat demo with ${b.name}: ${b.missing}`);
  (b.missing ? test.skip : test)(
    `chat demo: ${b.name} opens the served page, chats both ways with the Node peer`,
    async () => {
      const chat = await startChat();
      try {
        await b.run(chat);
      } finally {
        await chat.stop();
      }
    },
    60_000,
  );
}
