// TEMPORARY (not committed): waiting for @rtc/sctp's Association.
import type { SctpLink } from './sctp-link.js';

export interface SctpLinkOptions {
  role: 'client' | 'server';
  maxMessageSize: number;
  remoteMaxMessageSize: number;
  localPort: number;
  remotePort: number;
  send: (packet: Uint8Array) => void;
}

export function createSctpLink(_options: SctpLinkOptions): SctpLink {
  const events: never[] = [];
  return {
    start() {},
    handlePacket() {},
    handleTimeout() {},
    nextDeadline: () => undefined,
    pollTransmit: () => undefined,
    pollEvent: () => events.shift(),
    createChannel: () => 0,
    send() {},
    closeChannel() {},
    bufferedAmount: () => 0,
    setBufferedAmountLowThreshold() {},
    close() {},
    connected: false,
    maxChannels: 65535,
  };
}
