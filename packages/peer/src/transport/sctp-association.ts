// Binds @rtc/sctp's Association (RFC 9260 over DTLS per RFC 8261, DCEP per RFC 8832) to the
// SctpLink the peer connection drives. Both sides call connect(): WebRTC peers open SCTP
// simultaneously once DTLS is up (RFC 8841 §9.3, the INIT collision is handled by the association).
import { Association, type AssociationEvent } from '@rtc/sctp';
import type { ChannelParameters, SctpEvent, SctpLink } from './sctp-link.js';

export interface SctpLinkOptions {
  role: 'client' | 'server';
  maxMessageSize: number;
  remoteMaxMessageSize: number;
  localPort: number;
  remotePort: number;
  send: (packet: Uint8Array) => void;
}

/** The base PLPMTU: SCTP packets that fit a 1280-byte IPv6 path after DTLS, UDP and IP headers. */
export const SCTP_BASE_MTU = 1191;

/** RFC 8831 §6.2 / browsers: 65535 streams are negotiated; ids run 0..65534. */
const MAX_CHANNELS = 65535;

/** RFC 9260 §3.1: the checksum is octets 8..11 of the common header. */
function zeroChecksumField(packet: Uint8Array): boolean {
  return packet.length >= 12 && (packet[8]! | packet[9]! | packet[10]! | packet[11]!) === 0;
}

export function createSctpLink(options: SctpLinkOptions): SctpLink {
  return new AssociationLink(options);
}

class AssociationLink implements SctpLink {
  readonly #association: Association;
  #connected = false;
  #zeroReceived = 0;
  #zeroSent = 0;
  readonly maxChannels = MAX_CHANNELS;

  constructor(options: SctpLinkOptions) {
    this.#association = new Association({
      role: options.role,
      localPort: options.localPort,
      remotePort: options.remotePort,
      maxMessageSize: options.maxMessageSize,
      remoteMaxMessageSize: options.remoteMaxMessageSize,
      // RFC 9653: SCTP over DTLS may skip the CRC32C, DTLS records being authenticated (error
      // detection method 1, §5.1). Used only when the peer's INIT/INIT-ACK offers the same method.
      zeroChecksum: true,
      mtu: SCTP_BASE_MTU,
    });
  }

  setPathMaxMtu(maxMtu: number | undefined, now: number): void {
    this.#association.setMaxMtu(Math.max(SCTP_BASE_MTU, maxMtu ?? SCTP_BASE_MTU), now);
  }

  setPathRtt(rttMs: number): void {
    this.#association.setPathRtt(rttMs);
  }

  /**
   * Association counters (retransmissions, cwnd, RTT...), for diagnostics, plus the packets seen on
   * the wire with a zero checksum field: the peer sends them, and so do we, only once both INIT
   * chunks offered RFC 9653 (§5.2), so they show that zero checksum is in use.
   */
  get stats(): Record<string, unknown> {
    return {
      ...this.#association.stats,
      zeroChecksumPacketsReceived: this.#zeroReceived,
      zeroChecksumPacketsSent: this.#zeroSent,
    };
  }

  get connected(): boolean {
    return this.#connected;
  }

  /**
   * Sends our INIT, unless the peer's INIT was answered first (its COOKIE-ECHO sets the association
   * up). If ours is still unanswered, it goes again now (it may have reached the peer before its
   * SCTP stack was up).
   */
  start(now: number): void {
    const a = this.#association;
    if (a.state === 'cookie-wait') a.resendInit(now);
    else if (!a.answeredInit) a.connect(now);
  }

  handlePacket(data: Uint8Array, now: number): void {
    if (zeroChecksumField(data)) this.#zeroReceived++;
    this.#association.handlePacket(data, now);
  }

  handleTimeout(now: number): void {
    this.#association.handleTimeout(now);
  }

  nextDeadline(): number | undefined {
    return this.#association.nextDeadline();
  }

  pollTransmit(): Uint8Array | undefined {
    const p = this.#association.pollTransmit();
    if (p && zeroChecksumField(p)) this.#zeroSent++;
    return p;
  }

  pollEvent(): SctpEvent | undefined {
    for (;;) {
      const e = this.#association.pollEvent();
      if (!e) return undefined;
      const mapped = this.#map(e);
      if (mapped) return mapped;
    }
  }

  #map(e: AssociationEvent): SctpEvent | undefined {
    switch (e.type) {
      case 'associated':
        this.#connected = true;
        return { type: 'connected' };
      case 'channel-open':
        if (!e.remote) return { type: 'channel-open', id: e.channel.id };
        return {
          type: 'channel-incoming',
          id: e.channel.id,
          parameters: {
            label: e.channel.label,
            protocol: e.channel.protocol,
            ordered: e.channel.ordered,
            maxRetransmits: e.channel.maxRetransmits,
            maxPacketLifeTime: e.channel.maxPacketLifeTime,
            negotiated: e.channel.negotiated,
            id: e.channel.id,
          },
        };
      case 'message':
        return { type: 'message', id: e.channelId, data: e.data, binary: e.binary };
      case 'buffered-amount-low':
        return { type: 'buffered-low', id: e.channelId };
      case 'channel-closing':
        return { type: 'channel-closing', id: e.channelId };
      case 'channel-closed':
        return { type: 'channel-closed', id: e.channelId };
      case 'closed':
        this.#connected = false;
        return { type: 'closed', reason: e.message ?? e.reason };
      default:
        // 'restart' closes every channel first (channel-closed events); 'error' is informational.
        return undefined;
    }
  }

  createChannel(p: ChannelParameters, now: number): number {
    return this.#association.createChannel(
      {
        label: p.label,
        protocol: p.protocol,
        ordered: p.ordered,
        negotiated: p.negotiated,
        ...(p.id !== undefined ? { id: p.id } : {}),
        ...(p.maxRetransmits !== undefined ? { maxRetransmits: p.maxRetransmits } : {}),
        ...(p.maxPacketLifeTime !== undefined ? { maxPacketLifeTime: p.maxPacketLifeTime } : {}),
      },
      now,
    );
  }

  send(id: number, data: Uint8Array, binary: boolean, now: number): void {
    this.#association.send(id, data, binary, now);
  }

  closeChannel(id: number, now: number): void {
    this.#association.closeChannel(id, now);
  }

  bufferedAmount(id: number): number {
    return this.#association.bufferedAmount(id);
  }

  setBufferedAmountLowThreshold(id: number, threshold: number): void {
    this.#association.setBufferedAmountLowThreshold(id, threshold);
  }

  /** RTCPeerConnection.close(): ABORT at once (RFC 9260 §9.1), the sockets close right after. */
  close(now: number): void {
    this.#association.abort(now, 'RTCPeerConnection closed');
  }
}
