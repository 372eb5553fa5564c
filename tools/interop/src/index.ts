export {
  type ChromiumSession,
  chromiumArgs,
  chromiumPath,
  chromiumUnavailable,
  fakeMediaArgs,
  type LaunchOptions,
  launchChromium,
} from './chromium.js';
export { type ForeignStack, loadLibwebrtc, loadWerift, type PeerConnectionConstructor } from './foreign.js';
export * from './scenarios/index.js';
