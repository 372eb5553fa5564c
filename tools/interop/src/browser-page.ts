// What the harness needs of a browser tab: run a function in the page and call back into Node.
// Playwright's Page (Chromium) has this shape; firefox.ts implements it over WebDriver BiDi.

// biome-ignore lint/suspicious/noExplicitAny: callbacks from the page take JSON values
type PageCallback = (...args: any[]) => unknown;

export interface BrowserPage {
  /** Runs `fn(arg)` in the page and resolves with its (awaited, JSON-serializable) result. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  /** Defines `window[name]` in the page; calling it calls `fn` in Node with the same JSON arguments. */
  exposeFunction(name: string, fn: PageCallback): Promise<unknown>;
}
