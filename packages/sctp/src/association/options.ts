import { randomFillSync } from 'node:crypto';

/** Options of an Association. Every number has a WebRTC-friendly default (see README). */
export interface AssociationOptions {
  /** The DTLS role: the DTLS client opens data channels on even stream ids, the server on odd (RFC 8832 §6). */
  role: 'client' | 'server';
  /** SCTP ports (from SDP a=sctp-port; RFC 8841). Default 5000. */
  localPort?: number;
  remotePort?: number;
  /** Largest message we accept (the a=max-message-size we advertise). Default 262144. */
  maxMessageSize?: number;
  /** Largest message the peer accepts (its a=max-message-size). Default 262144. */
  remoteMaxMessageSize?: number;
  /** SCTP packet size limit (common header included). Default 1191: 1200 minus DTLS overhead, as libwebrtc. */
  mtu?: number;
  /**
   * Largest SCTP packet size worth probing for with PLPMTUD (RFC 8899 §6.2: HEARTBEAT + PAD probes
   * once established). Default = mtu: no probing. The caller knows the path (e.g. loopback) and the
   * record limit of the layer below (DTLS: 16384 bytes of plaintext per record).
   */
  maxMtu?: number;
  /** Receive buffer / advertised window in bytes. Default 1 MiB. */
  receiveWindow?: number;
  /** Initial cwnd in packets. Default 10 (RFC 6928 style, as dcSCTP). */
  initialCwndPackets?: number;
  /** RTO bounds in ms (RFC 9260 §6.3.1). Defaults: initial 1000, min 200, max 60000. */
  rtoInitial?: number;
  rtoMin?: number;
  rtoMax?: number;
  /** Delayed SACK timer in ms (RFC 9260 §6.2 allows up to 500). Default 20. */
  delayedAckTime?: number;
  /** HEARTBEAT interval in ms when idle (RFC 9260 §8.3). Default 30000; 0 disables. */
  heartbeatInterval?: number;
  /** Association.Max.Retrans (RFC 9260 §8.1). Default 10. */
  maxRetransmissions?: number;
  /** Max.Init.Retransmits (RFC 9260 §5.1). Default 8. */
  maxInitRetransmits?: number;
  /** Valid.Cookie.Life in ms (RFC 9260 §5.1.3). Default 60000. */
  cookieLifespan?: number;
  /** Max.Burst packets of new data per send opportunity (RFC 9260 §6.1). Default 4; 0 disables. */
  maxBurst?: number;
  /** Offer and use zero checksums (RFC 9653, DTLS method) when the peer offers them too. Default false. */
  zeroChecksum?: boolean;
  /** Bound on bytes waiting in the send queue; send() throws 'queue-full' beyond. Default 64 MiB. */
  maxQueuedBytes?: number;
  /** Randomness source (tags, initial TSN, cookie secret). Default node:crypto. */
  random?: (n: number) => Uint8Array;
}

export type ResolvedOptions = Required<AssociationOptions>;

/** Fill in the defaults documented above. */
export function defaults(o: AssociationOptions): ResolvedOptions {
  return {
    role: o.role,
    localPort: o.localPort ?? 5000,
    remotePort: o.remotePort ?? 5000,
    maxMessageSize: o.maxMessageSize ?? 262144,
    remoteMaxMessageSize: o.remoteMaxMessageSize ?? 262144,
    mtu: o.mtu ?? 1191,
    maxMtu: o.maxMtu ?? o.mtu ?? 1191,
    receiveWindow: o.receiveWindow ?? 1024 * 1024,
    initialCwndPackets: o.initialCwndPackets ?? 10,
    rtoInitial: o.rtoInitial ?? 1000,
    rtoMin: o.rtoMin ?? 200,
    rtoMax: o.rtoMax ?? 60000,
    delayedAckTime: o.delayedAckTime ?? 20,
    heartbeatInterval: o.heartbeatInterval ?? 30000,
    maxRetransmissions: o.maxRetransmissions ?? 10,
    maxInitRetransmits: o.maxInitRetransmits ?? 8,
    cookieLifespan: o.cookieLifespan ?? 60000,
    maxBurst: o.maxBurst ?? 4,
    zeroChecksum: o.zeroChecksum ?? false,
    maxQueuedBytes: o.maxQueuedBytes ?? 64 * 1024 * 1024,
    random: o.random ?? ((n: number) => randomFillSync(new Uint8Array(n))),
  };
}
