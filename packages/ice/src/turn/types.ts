import type { Address } from '../candidate/address.js';

/** Transport between the client and the TURN server (RFC 8656 §3.1). */
export type TurnTransport = 'udp' | 'tcp' | 'tls';

/** A TURN server with long-term credentials (RFC 8656 §9.2). `address` must be an IP literal. */
export interface TurnServerConfig {
  address: string;
  port: number;
  transport: TurnTransport;
  username: string;
  password: string;
  /** TLS server name (SNI and certificate check), for `tls`. */
  serverName?: string;
}

/** What the allocation asks its owner to send to the server. */
export interface TurnTransmit {
  data: Uint8Array;
}

export type TurnEvent =
  | { type: 'allocated'; relayed: Address; mapped: Address | undefined; lifetime: number }
  | { type: 'failed'; reason: string }
  | { type: 'permission'; peerIp: string }
  | { type: 'channel-bound'; peer: Address; channel: number }
  | { type: 'data'; peer: Address; data: Uint8Array };

/** RFC 8656 §9.2: permissions last 300 s; refreshed a minute early. */
export const PERMISSION_REFRESH_MS = 240_000;
/** RFC 8656 §12: channel bindings last 600 s; refreshed a minute early. */
export const CHANNEL_REFRESH_MS = 540_000;
/** RFC 8656 §7.2: default allocation lifetime (600 s) the client asks for. */
export const DEFAULT_LIFETIME_S = 600;
