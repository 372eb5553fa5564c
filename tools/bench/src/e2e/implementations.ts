// The RTCPeerConnection implementations the end-to-end bench compares, loaded by name. Each is
// configured to stay on loopback with no STUN/TURN servers.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type ImplName = 'libwebrtc' | 'werift' | 'rtc';
export const IMPLS: ImplName[] = ['libwebrtc', 'werift', 'rtc'];

// biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection
export type PeerConnectionCtor = new (config?: any) => any;

export interface Impl {
  name: ImplName;
  Ctor: PeerConnectionCtor;
  config: Record<string, unknown>;
}

/** Loads an implementation, or returns why it cannot be loaded here. */
export async function loadImpl(name: ImplName): Promise<Impl | string> {
  try {
    if (name === 'libwebrtc') {
      const wrtc = require('@roamhq/wrtc') as { RTCPeerConnection: PeerConnectionCtor };
      return { name, Ctor: wrtc.RTCPeerConnection, config: { iceServers: [] } };
    }
    if (name === 'werift') {
      const werift = (await import('werift')) as unknown as { RTCPeerConnection: PeerConnectionCtor };
      // werift skips loopback addresses unless told to add them.
      return {
        name,
        Ctor: werift.RTCPeerConnection,
        config: { iceServers: [], iceAdditionalHostAddresses: ['127.0.0.1'] },
      };
    }
    const peer = (await import('@rtc/peer')) as unknown as { RTCPeerConnection?: PeerConnectionCtor };
    if (typeof peer.RTCPeerConnection !== 'function') return '@rtc/peer does not export RTCPeerConnection';
    return { name, Ctor: peer.RTCPeerConnection, config: { iceServers: [] } };
  } catch (error) {
    return `${name} could not load: ${(error as Error).message}`;
  }
}
