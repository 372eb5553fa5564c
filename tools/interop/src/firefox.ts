// Headless Firefox (Debian's `firefox-esr`) driven over WebDriver BiDi (bidi.ts), which Firefox speaks
// itself: Playwright's Firefox needs Playwright's own patched build, which cannot be downloaded here.
// A fresh profile per launch carries the prefs below; the page is served from 127.0.0.1 as for
// Chromium. Firefox runs in its own process group so that close() ends its content processes too.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BidiConnection } from './bidi.js';
import type { BrowserPage } from './browser-page.js';
import { closeServer, EMPTY_PAGE, type PageRoutes, servePage } from './page-server.js';

export const firefoxPath =
  process.env.FIREFOX_PATH ??
  (existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : '/usr/bin/firefox');

/**
 * Prefs for an offline test browser: loopback and plain host candidates (no mDNS names: nobody
 * answers mDNS here), fake media without a permission prompt, and no background traffic (the
 * machine reaches no internet; BiDi also sets its own recommended automation prefs).
 */
export const firefoxPrefs: Record<string, boolean | number | string> = {
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** Why Firefox cannot run here, or undefined when it can. */
export function firefoxUnavailable(): string | undefined {
  if (!existsSync(firefoxPath)) {
    return `Firefox not found at ${firefoxPath}: install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`;
  }
  return undefined;
}

export interface FirefoxSession {
  page: BrowserPage;
  /** The http://127.0.0.1:port/ origin the page was loaded from. */
  origin: string;
  /** As the browser reports it, e.g. "140.12.0". */
  version: string;
  /** Loads another address in the page (functions exposed before are gone with the old document). */
  goto(url: string): Promise<void>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** HTML served at `/`; defaults to an empty page. */
  html?: string;
  routes?: PageRoutes;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxSession> {
  const missing = firefoxUnavailable();
  if (missing) throw new Error(missing);
  const server = await servePage(options.html ?? EMPTY_PAGE, options.routes ?? {});
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'rtc-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(firefoxPrefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );
  let child: ChildProcess | undefined;
  let bidi: BidiConnection | undefined;
  const cleanup = async () => {
    bidi?.close();
    if (child) await stopProcessGroup(child);
    await closeServer(server);
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    child = spawn(
      firefoxPath,
      ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    const url = await bidiUrl(child, 30_000);
    bidi = await BidiConnection.connect(`${url}/session`);
    const session = await bidi.command<{ capabilities: { browserVersion: string } }>('session.new', {
      capabilities: {},
    });
    const tree = await bidi.command<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', {});
    const context = tree.contexts[0]!.context;
    await bidi.command('browsingContext.navigate', { context, url: `${origin}/`, wait: 'complete' });
    const page = await bidiPage(bidi, context);
    const conn = bidi;
    return {
      page,
      origin,
      version: session.capabilities.browserVersion,
      async goto(url) {
        await conn.command('browsingContext.navigate', { context, url, wait: 'complete' });
      },
      async close() {
        await conn.command('session.end', {}, 5_000).catch(() => undefined);
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Firefox prints "WebDriver BiDi listening on ws://127.0.0.1:<port>" on stderr once it listens. */
function bidiUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error?: Error, url?: string) => {
      clearTimeout(timer);
      child.stderr?.removeListener('data', onData);
      child.removeListener('exit', onExit);
      child.stderr?.resume(); // keep draining what Firefox writes later
      if (error) reject(error);
      else resolve(url!);
    };
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4000);
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(seen);
      if (m) done(undefined, m[1]);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(new Error(`Firefox exited (${code ?? signal}) before listening: ${seen.slice(-1000)}`));
    const timer = setTimeout(
      () =>
        done(new Error(`Firefox did not open WebDriver BiDi within ${timeoutMs} ms: ${seen.slice(-1000)}`)),
      timeoutMs,
    );
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  kill('SIGKILL'); // content processes left in the group
}

interface RemoteValue {
  type: string;
  value?: unknown;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: RemoteValue;
  exceptionDetails?: { text: string };
}

/** A BrowserPage over one browsing context: arguments and results cross as JSON strings. */
async function bidiPage(bidi: BidiConnection, context: string): Promise<BrowserPage> {
  const exposed = new Map<string, (...args: unknown[]) => unknown>();
  await bidi.command('session.subscribe', { events: ['script.message'], contexts: [context] });
  bidi.onEvent((e) => {
    if (e.method !== 'script.message') return;
    const fn = exposed.get(e.params.channel as string);
    const data = e.params.data as RemoteValue;
    if (!fn || data.type !== 'string') return;
    // A callback that throws must not take down the WebSocket's event handler (Playwright's
    // exposeFunction rejects in the page instead; here nothing waits for the result).
    try {
      fn(...(JSON.parse(data.value as string) as unknown[]));
    } catch (error) {
      console.error(`Firefox page callback ${String(e.params.channel)} threw:`, error);
    }
  });
  const call = async (declaration: string, args: RemoteValue[]): Promise<RemoteValue> => {
    const r = await bidi.command<EvaluateResult>('script.callFunction', {
      functionDeclaration: declaration,
      awaitPromise: true,
      target: { context },
      arguments: args,
      resultOwnership: 'none',
    });
    if (r.type === 'exception') throw new Error(`in Firefox: ${r.exceptionDetails?.text ?? 'exception'}`);
    return r.result ?? { type: 'undefined' };
  };
  const evaluate = async (fn: (arg?: unknown) => unknown, ...rest: unknown[]): Promise<unknown> => {
    const declaration = `async (json) => {
      const f = (${fn.toString()});
      const r = await (json === undefined ? f() : f(JSON.parse(json)));
      return r === undefined ? undefined : JSON.stringify(r);
    }`;
    const arg: RemoteValue =
      rest.length === 0 ? { type: 'undefined' } : { type: 'string', value: JSON.stringify(rest[0]) };
    const result = await call(declaration, [arg]);
    return result.type === 'string' ? JSON.parse(result.value as string) : undefined;
  };
  return {
    evaluate: evaluate as BrowserPage['evaluate'],
    async exposeFunction(name, fn) {
      const channel = `rtc-expose-${name}`;
      exposed.set(channel, fn);
      await call('(send, name) => { window[name] = (...args) => { send(JSON.stringify(args)); }; }', [
        { type: 'channel', value: { channel } },
        { type: 'string', value: name },
      ]);
    },
  };
}
