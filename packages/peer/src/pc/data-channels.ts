// webrtc-pc §6: the data channels of one RTCPeerConnection. createDataChannel's checks, the id
// registry, and the SCTP association's events turned into RTCDataChannel state changes and messages.
import type { SctpEvent, SctpLink } from '../transport/sctp-link.js';
import { type ChannelOwner, RTCDataChannel, type RTCDataChannelInit } from '../w3c/data-channel.js';
import { domError } from '../w3c/errors.js';
import { RTCDataChannelEvent } from '../w3c/events.js';
import type { ChannelCounters } from '../w3c/stats.js';

/** Our SCTP port (RFC 8841 a=sctp-port) and the largest message we accept (a=max-message-size). */
export const SCTP_PORT = 5000;
export const MAX_MESSAGE_SIZE = 262144;

export interface ChannelEntry {
  channel: RTCDataChannel;
  counters: ChannelCounters;
  statsId: number;
}

/** What the channels need from their connection. */
export interface ChannelHost {
  /** The transport clock, or undefined before the transport exists. */
  now(): number | undefined;
  /** Runs the transport after an input. */
  pump(now: number): void;
  readonly maxMessageSize: number;
  dispatchEvent(event: Event): boolean;
}

export class DataChannels implements ChannelOwner {
  readonly #host: ChannelHost;
  readonly #channels = new Map<RTCDataChannel, ChannelEntry>();
  readonly #byId = new Map<number, RTCDataChannel>();
  #statsIds = 0;
  opened = 0;
  closedCount = 0;
  link: SctpLink | undefined;

  constructor(host: ChannelHost) {
    this.#host = host;
  }

  get size(): number {
    return this.#channels.size;
  }

  entries(): ChannelEntry[] {
    return [...this.#channels.values()];
  }

  get maxMessageSize(): number {
    return this.#host.maxMessageSize;
  }

  /** webrtc-pc §4.9.1 createDataChannel: argument checks, then a channel in `connecting`. */
  create(label: string, init: RTCDataChannelInit): RTCDataChannel {
    label = String(label);
    if (Buffer.byteLength(label) > 65535) throw domError('TypeError', 'label is longer than 65535 bytes');
    const protocol = init.protocol ?? '';
    if (Buffer.byteLength(protocol) > 65535)
      throw domError('TypeError', 'protocol is longer than 65535 bytes');
    if (init.maxPacketLifeTime != null && init.maxRetransmits != null) {
      throw domError('TypeError', 'maxPacketLifeTime and maxRetransmits are mutually exclusive');
    }
    if (init.negotiated && init.id == null) throw domError('TypeError', 'A negotiated channel needs an id');
    if (init.id != null && (init.id < 0 || init.id > 65534 || !Number.isInteger(init.id))) {
      throw domError('TypeError', 'id must be an integer in 0..65534');
    }
    if (init.negotiated && init.id != null && this.#byId.has(init.id)) {
      throw domError('OperationError', `A channel with id ${init.id} exists`);
    }
    const channel = new RTCDataChannel(this, label, {
      ...init,
      id: init.negotiated ? (init.id ?? null) : null,
      maxPacketLifeTime: init.maxPacketLifeTime != null ? Math.min(init.maxPacketLifeTime, 65535) : undefined,
      maxRetransmits: init.maxRetransmits != null ? Math.min(init.maxRetransmits, 65535) : undefined,
    } as RTCDataChannelInit);
    this.#register(channel);
    if (this.link) this.#openOnLink(channel, this.link);
    return channel;
  }

  /** The association exists (DTLS role known): channels created before it get their ids now. */
  openAll(): void {
    // RFC 8832 §6: even ids for the DTLS client, odd for the server; the link picks them.
    if (this.link) for (const ch of this.#channels.keys()) this.#openOnLink(ch, this.link);
  }

  #register(channel: RTCDataChannel): void {
    this.#channels.set(channel, {
      channel,
      counters: { messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 },
      statsId: this.#statsIds++,
    });
    if (channel.id !== null) this.#byId.set(channel.id, channel);
  }

  #openOnLink(channel: RTCDataChannel, link: SctpLink): void {
    const now = this.#host.now()!;
    const id = link.createChannel(
      {
        label: channel.label,
        protocol: channel.protocol,
        ordered: channel.ordered,
        maxRetransmits: channel.maxRetransmits ?? undefined,
        maxPacketLifeTime: channel.maxPacketLifeTime ?? undefined,
        negotiated: channel.negotiated,
        id: channel.id ?? undefined,
      },
      now,
    );
    channel._setId(id);
    this.#byId.set(id, channel);
    if (channel.bufferedAmountLowThreshold > 0)
      link.setBufferedAmountLowThreshold(id, channel.bufferedAmountLowThreshold);
    this.#host.pump(now);
  }

  /** @internal ChannelOwner */
  sendOnChannel(channel: RTCDataChannel, data: Uint8Array, binary: boolean): void {
    const link = this.link;
    const id = channel.id;
    const now = this.#host.now();
    if (!link || id === null || now === undefined)
      throw domError('InvalidStateError', 'The channel is not open');
    link.send(id, data, binary, now);
    const entry = this.#channels.get(channel);
    if (entry) {
      entry.counters.messagesSent++;
      entry.counters.bytesSent += data.byteLength;
    }
    this.#host.pump(now);
  }

  /** @internal ChannelOwner */
  closeChannel(channel: RTCDataChannel): void {
    const link = this.link;
    const now = this.#host.now();
    if (!link || channel.id === null || now === undefined || !link.connected) {
      this.closed(channel);
      return;
    }
    link.closeChannel(channel.id, now);
    this.#host.pump(now);
  }

  /** @internal ChannelOwner */
  bufferedAmountOf(channel: RTCDataChannel): number {
    return channel.id !== null && this.link ? this.link.bufferedAmount(channel.id) : 0;
  }

  /** @internal ChannelOwner */
  setLowThreshold(channel: RTCDataChannel, threshold: number): void {
    if (channel.id !== null && this.link?.connected !== undefined) {
      this.link.setBufferedAmountLowThreshold(channel.id, threshold);
    }
  }

  /** The channel reached `closed` (fires close, or error then close). */
  closed(channel: RTCDataChannel, error?: string): void {
    if (channel.readyState === 'closed') return;
    if (channel.id !== null) this.#byId.delete(channel.id);
    this.#channels.delete(channel);
    this.closedCount++;
    channel._closed(error);
  }

  closeAll(error?: string): void {
    for (const ch of [...this.#channels.keys()]) this.closed(ch, error);
  }

  /** webrtc-pc §4.4.1.5 close(): channels go to closed without firing events. */
  closeSilently(): void {
    for (const ch of [...this.#channels.keys()]) {
      if (ch.id !== null) this.#byId.delete(ch.id);
      this.#channels.delete(ch);
      ch._closedSilently();
    }
  }

  /** SCTP association events (RFC 8831/8832) for the channels; `connected`/`closed` are the caller's too. */
  handleSctp(e: SctpEvent): void {
    switch (e.type) {
      case 'channel-open': {
        const ch = this.#byId.get(e.id);
        if (ch && ch.readyState === 'connecting') {
          this.opened++;
          ch._open();
        }
        return;
      }
      case 'channel-incoming': {
        const p = e.parameters;
        if (this.#byId.get(e.id)) return;
        const ch = new RTCDataChannel(this, p.label, {
          ordered: p.ordered,
          protocol: p.protocol,
          negotiated: false,
          id: e.id,
          ...(p.maxRetransmits !== undefined ? { maxRetransmits: p.maxRetransmits } : {}),
          ...(p.maxPacketLifeTime !== undefined ? { maxPacketLifeTime: p.maxPacketLifeTime } : {}),
        });
        this.#register(ch);
        this.opened++;
        ch._open();
        this.#host.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel: ch }));
        return;
      }
      case 'message': {
        const ch = this.#byId.get(e.id);
        if (!ch) return;
        const entry = this.#channels.get(ch);
        if (entry) {
          entry.counters.messagesReceived++;
          entry.counters.bytesReceived += e.data.byteLength;
        }
        ch._message(e.data, e.binary);
        return;
      }
      case 'buffered-low':
        this.#byId.get(e.id)?._bufferedAmountLow();
        return;
      case 'channel-closing':
        this.#byId.get(e.id)?._closing();
        return;
      case 'channel-closed': {
        const ch = this.#byId.get(e.id);
        if (ch) this.closed(ch);
        return;
      }
      case 'closed':
        this.closeAll();
        return;
      default:
        return;
    }
  }
}
