import type { BufferedOwner } from './association/outbound.js';

export type ChannelState = 'connecting' | 'open' | 'closing' | 'closed';

/** What createChannel accepts (the W3C RTCDataChannelInit plus label). */
export interface ChannelInit {
  label?: string;
  protocol?: string;
  ordered?: boolean;
  maxRetransmits?: number;
  /** Milliseconds. */
  maxPacketLifeTime?: number;
  negotiated?: boolean;
  id?: number;
  /** RFC 8832 priority: 128 very-low, 256 low (default), 512 medium, 1024 high. */
  priority?: number;
}

/** What a channel tells its table (buffered-amount-low crossing, all queued messages cut). */
export interface ChannelHooks {
  bufferedLow(ch: DataChannel): void;
  allQueuedAssigned(ch: DataChannel): void;
}

/** The channel parameters, as reported in the channel-open event. */
export interface ChannelInfo {
  id: number;
  label: string;
  protocol: string;
  ordered: boolean;
  maxRetransmits: number | undefined;
  maxPacketLifeTime: number | undefined;
  negotiated: boolean;
  priority: number;
}

/**
 * One data channel (RFC 8831) as the W3C RTCDataChannel needs it: readyState, bufferedAmount
 * (queued plus unacknowledged bytes) and the bufferedAmountLowThreshold crossing.
 */
export class DataChannel implements BufferedOwner, ChannelInfo {
  state: ChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  queuedMessages = 0;
  /** RFC 8832 §6: until the ACK arrives, the opener sends ordered. */
  ackReceived: boolean;
  /** Our outgoing stream was reset (RFC 6525 response received). */
  outReset = false;
  /** The peer reset its outgoing stream (our incoming direction). */
  inReset = false;
  /** The OPEN still has to be sent once the association is up. */
  openPending = false;
  /** Its DATA_CHANNEL_OPEN is already with the sender, sent after COOKIE-ECHO (RFC 9260 §5.1 C). */
  openQueued = false;
  resetRequested = false;

  constructor(
    readonly id: number,
    readonly label: string,
    readonly protocol: string,
    readonly ordered: boolean,
    readonly maxRetransmits: number | undefined,
    readonly maxPacketLifeTime: number | undefined,
    readonly negotiated: boolean,
    readonly priority: number,
    private readonly hooks: ChannelHooks,
  ) {
    this.ackReceived = negotiated;
  }

  onBufferedDecrease(before: number): void {
    if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold)
      this.hooks.bufferedLow(this);
  }

  onAllQueuedAssigned(): void {
    this.hooks.allQueuedAssigned(this);
  }

  info(): ChannelInfo {
    return {
      id: this.id,
      label: this.label,
      protocol: this.protocol,
      ordered: this.ordered,
      maxRetransmits: this.maxRetransmits,
      maxPacketLifeTime: this.maxPacketLifeTime,
      negotiated: this.negotiated,
      priority: this.priority,
    };
  }
}
