// Loaders for the foreign RTCPeerConnection implementations used as interop peers from Node:
// libwebrtc through @roamhq/wrtc and werift. Each returns a constructor with the W3C shape (close
// enough for the scenarios), or a reason it cannot load here.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the foreign libraries are untyped at this boundary.
export type PeerConnectionConstructor = new (config?: any) => any;

export interface ForeignStack {
  name: 'libwebrtc' | 'werift';
  RTCPeerConnection: PeerConnectionConstructor;
  /** Configuration that keeps the stack on loopback and off the internet. */
  configuration: Record<string, unknown>;
}

export function loadLibwebrtc(): ForeignStack | string {
  try {
    const wrtc = require('@roamhq/wrtc') as { RTCPeerConnection: PeerConnectionConstructor };
    return {
      name: 'libwebrtc',
      RTCPeerConnection: wrtc.RTCPeerConnection,
      configuration: { iceServers: [] },
    };
  } catch (error) {
    return `@roamhq/wrtc could not load: ${(error as Error).message}`;
  }
}

export async function loadWerift(): Promise<ForeignStack | string> {
  try {
    const werift = (await import('werift')) as unknown as { RTCPeerConnection: PeerConnectionConstructor };
    return {
      name: 'werift',
      RTCPeerConnection: werift.RTCPeerConnection,
      // werift skips loopback unless told to add it; give it no STUN server.
      configuration: { iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] },
    };
  } catch (error) {
    return `werift could not load: ${(error as Error).message}`;
  }
}
