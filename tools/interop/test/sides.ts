// Side providers for the interop tables: Chromium and Firefox (one browser per test file), libwebrtc
// and werift.
import {
  type ChromiumSession,
  chromiumUnavailable,
  type FirefoxSession,
  firefoxUnavailable,
  launchChromium,
  launchFirefox,
  loadLibwebrtc,
  loadWerift,
} from '../src/index.js';
import { browserEndpoint, nodeEndpoint, type PeerConnectionCtor } from '../src/scenarios/index.js';
import type { SideProvider } from './pair-suite.js';

export function chromiumSide(): SideProvider {
  let session: ChromiumSession | undefined;
  return {
    name: 'chromium',
    unavailable: chromiumUnavailable,
    async setup() {
      session = await launchChromium();
      const page = session.page;
      return { name: 'chromium', config: {}, make: (config) => browserEndpoint('chromium', page, config) };
    },
    async teardown() {
      await session?.close();
    },
  };
}

export function firefoxSide(): SideProvider {
  let session: FirefoxSession | undefined;
  return {
    name: 'firefox',
    unavailable: firefoxUnavailable,
    async setup() {
      session = await launchFirefox();
      console.log(`firefox ${session.version}`);
      const page = session.page;
      return { name: 'firefox', config: {}, make: (config) => browserEndpoint('firefox', page, config) };
    },
    async teardown() {
      await session?.close();
    },
  };
}

export function libwebrtcSide(): SideProvider {
  const stack = loadLibwebrtc();
  return {
    name: 'libwebrtc',
    unavailable: () => (typeof stack === 'string' ? stack : undefined),
    async setup() {
      if (typeof stack === 'string') throw new Error(stack);
      return {
        name: 'libwebrtc',
        config: stack.configuration,
        make: async (config) => nodeEndpoint('libwebrtc', stack.RTCPeerConnection, config),
      };
    },
    async teardown() {},
  };
}

export async function weriftSide(): Promise<SideProvider> {
  const stack = await loadWerift();
  return {
    name: 'werift',
    quirks: { dcepDropsUnorderedBit: true },
    unavailable: () => (typeof stack === 'string' ? stack : undefined),
    async setup() {
      if (typeof stack === 'string') throw new Error(stack);
      return {
        name: 'werift',
        config: stack.configuration,
        make: async (config) => nodeEndpoint('werift', stack.RTCPeerConnection, config),
      };
    },
    async teardown() {},
  };
}

/** A Node side around any W3C-shaped constructor (used for @rtc/peer). */
export function nodeSide(
  name: string,
  Ctor: PeerConnectionCtor,
  config: Record<string, unknown> = {},
): SideProvider {
  return {
    name,
    unavailable: () => undefined,
    async setup() {
      return { name, config, make: async (c) => nodeEndpoint(name, Ctor, c) };
    },
    async teardown() {},
  };
}
