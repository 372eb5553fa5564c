// Headless Chromium (Debian's `chromium`) driven by playwright-core, with a page served from 127.0.0.1
// (about:blank has no getUserMedia and no secure-context APIs). The flags are the ones seen working on
// these machines; without --allow-loopback-in-peer-connection Chromium gathers no loopback candidates.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { closeServer, EMPTY_PAGE, type PageRoutes, servePage } from './page-server.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
];

export const fakeMediaArgs = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Why Chromium cannot run here, or undefined when it can. */
export function chromiumUnavailable(): string | undefined {
  if (!existsSync(chromiumPath)) {
    return `Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`;
  }
  return undefined;
}

export interface ChromiumSession {
  page: Page;
  context: BrowserContext;
  /** The http://127.0.0.1:port/ origin the page was loaded from. */
  origin: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** HTML served at `/`; defaults to an empty page. */
  html?: string;
  /** Extra routes served by the local http server (path -> body). */
  routes?: PageRoutes;
  fakeMedia?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ChromiumSession> {
  const missing = chromiumUnavailable();
  if (missing) throw new Error(missing);
  const server = await servePage(options.html ?? EMPTY_PAGE, options.routes ?? {});
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'rtc-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumArgs, ...(options.fakeMedia ? fakeMediaArgs : [])],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${origin}/`);
    const ctx = context;
    return {
      page,
      context: ctx,
      origin,
      async close() {
        await ctx.close().catch(() => undefined);
        await closeServer(server);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
