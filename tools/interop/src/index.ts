export { BidiConnection, type BidiEvent } from './bidi.js';
export type { BrowserPage } from './browser-page.js';
export {
  type ChromiumSession,
  chromiumArgs,
  chromiumPath,
  chromiumUnavailable,
  fakeMediaArgs,
  type LaunchOptions,
  launchChromium,
} from './chromium.js';
export {
  type FirefoxLaunchOptions,
  type FirefoxSession,
  firefoxPath,
  firefoxPrefs,
  firefoxUnavailable,
  launchFirefox,
} from './firefox.js';
export { type ForeignStack, loadLibwebrtc, loadWerift, type PeerConnectionConstructor } from './foreign.js';
export * from './scenarios/index.js';
