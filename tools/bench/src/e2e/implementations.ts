// The RTCPeerConnection implementations the end-to-end bench compares, loaded by name. Each is
// configured to stay on loopback with no STUN/TURN servers.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * 'rtc-base' is @rtc/peer with SCTP path MTU discovery off: 1191-byte SCTP packets like the others
 * (by default two @rtc peers on one host move to 16 KiB packets, see @rtc/peer's README).
 */
export type ImplName = 'libwebrtc' | 'werift' | 'rtc' | 'rtc-base';
export const IMPLS: ImplName[] = ['libwebrtc', 'werift', 'rtc', 'rtc-base'];

// biome-ignore lint/suspicious/noExplicitAny: any W3C-shaped RTCPeerConnection
export type PeerConnectionCtor = new (config?: any, nodeOptions?: any) => any;

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
    const Base = peer.RTCPeerConnection;
    if (typeof Base !== 'function') return '@rtc/peer does not export RTCPeerConnection';
    if (name === 'rtc') return { name, Ctor: Base, config: { iceServers: [] } };
    const Ctor = class extends Base {
      // biome-ignore lint/suspicious/noExplicitAny: the W3C configuration, passed through
      constructor(config?: any) {
        super(config, { sctpPathMtuDiscovery: 'off' });
      }
    };
    return { name, Ctor, config: { iceServers: [] } };
  } catch (error) {
    return `${name} could not load: ${(error as Error).message}`;
  }
}
