export {
  type ChromiumSession,
  chromiumArgs,
  chromiumPath,
  chromiumUnavailable,
  fakeMediaArgs,
  type LaunchOptions,
  launchChromium,
} from './chromium.js';
