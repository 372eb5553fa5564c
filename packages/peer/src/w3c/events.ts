// webrtc-pc §4.8.2 RTCPeerConnectionIceEvent, §4.8.3 RTCPeerConnectionIceErrorEvent,
// §6.3 RTCDataChannelEvent.
import type { RTCDataChannel } from './data-channel.js';
import type { RTCIceCandidate } from './ice-candidate.js';

export class RTCPeerConnectionIceEvent extends Event {
  readonly candidate: RTCIceCandidate | null;
  readonly url: string | null;
  constructor(type: string, init: { candidate?: RTCIceCandidate | null; url?: string | null } = {}) {
    super(type);
    this.candidate = init.candidate ?? null;
    this.url = init.url ?? null;
  }
}

export class RTCPeerConnectionIceErrorEvent extends Event {
  readonly address: string | null;
  readonly port: number | null;
  readonly url: string;
  readonly errorCode: number;
  readonly errorText: string;
  constructor(
    type: string,
    init: {
      address?: string | null;
      port?: number | null;
      url?: string;
      errorCode: number;
      errorText?: string;
    },
  ) {
    super(type);
    this.address = init.address ?? null;
    this.port = init.port ?? null;
    this.url = init.url ?? '';
    this.errorCode = init.errorCode;
    this.errorText = init.errorText ?? '';
  }
}

export class RTCDataChannelEvent extends Event {
  readonly channel: RTCDataChannel;
  constructor(type: string, init: { channel: RTCDataChannel }) {
    super(type);
    this.channel = init.channel;
  }
}
