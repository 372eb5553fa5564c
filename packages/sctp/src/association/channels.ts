import { type ChannelHooks, type ChannelInit, DataChannel } from '../channel.js';
import { DcepType, decodeDcep, encodeDcep, Ppid } from '../dcep/dcep.js';
import { SctpError } from '../errors.js';
import type { AssociationEvent } from './events.js';
import { OutMessage } from './outbound.js';
import type { InboundMessage } from './reassembly.js';
import type { Sender } from './sender.js';

/** What the channel table needs from its association. */
export interface ChannelHost {
  readonly sender: Sender | undefined;
  emit(e: AssociationEvent): void;
  /** Ask for an outgoing SSN reset of the stream (RFC 6525). */
  requestReset(streamId: number): void;
  /** A user message was delivered (stats, and window accounting until the application reads it). */
  delivered(bytes: number): void;
  dropped(): void;
  /**
   * Whether outgoing stream `id` may be used now ('ok'), after an Add Outgoing Streams request
   * completes ('wait', the request is queued), or never ('unsupported': the peer has no RE-CONFIG).
   */
  streamFor(id: number): 'ok' | 'wait' | 'unsupported';
}

const MAX_STREAM_ID = 65534;

/**
 * The data channels of one association (RFC 8831): stream ids by DTLS role, DCEP (RFC 8832),
 * PPIDs, and the close sequence driven by stream resets.
 */
export class ChannelTable implements ChannelHooks {
  readonly channels = new Map<number, DataChannel>();

  constructor(
    private readonly role: 'client' | 'server',
    private readonly host: ChannelHost,
  ) {}

  get(id: number): DataChannel | undefined {
    return this.channels.get(id);
  }

  create(init: ChannelInit, established: boolean): number {
    if (init.maxRetransmits !== undefined && init.maxPacketLifeTime !== undefined)
      throw new SctpError('invalid-argument', 'maxRetransmits and maxPacketLifeTime are exclusive');
    let id: number;
    if (init.negotiated) {
      if (init.id === undefined) throw new SctpError('invalid-argument', 'a negotiated channel needs an id');
      id = init.id;
    } else if (init.id !== undefined) id = init.id;
    else {
      // RFC 8832 §6: the DTLS client uses even stream ids, the server odd ones.
      id = this.role === 'client' ? 0 : 1;
      while (this.channels.has(id)) id += 2;
    }
    if (!Number.isInteger(id) || id < 0 || id > MAX_STREAM_ID)
      throw new SctpError('invalid-channel', `stream id ${id} out of range`);
    if (this.channels.has(id)) throw new SctpError('invalid-channel', `stream id ${id} in use`);
    // RFC 6525 §5.1.5: a stream beyond the negotiated count needs an Add Outgoing Streams request
    // first; without RE-CONFIG support on the peer it cannot be had at all.
    const streams = established ? this.host.streamFor(id) : 'wait';
    if (streams === 'unsupported')
      throw new SctpError(
        'invalid-channel',
        `stream id ${id} is beyond the negotiated outgoing streams and the peer cannot add streams`,
      );
    const ch = this.add(
      id,
      init.label ?? '',
      init.protocol ?? '',
      init.ordered ?? true,
      init.maxRetransmits,
      init.maxPacketLifeTime,
      init.negotiated ?? false,
      init.priority ?? 256,
    );
    if (streams === 'ok') this.open(ch);
    else ch.openPending = true;
    return id;
  }

  private add(
    id: number,
    label: string,
    protocol: string,
    ordered: boolean,
    maxRetransmits: number | undefined,
    maxPacketLifeTime: number | undefined,
    negotiated: boolean,
    priority: number,
  ): DataChannel {
    const ch = new DataChannel(
      id,
      label,
      protocol,
      ordered,
      maxRetransmits,
      maxPacketLifeTime,
      negotiated,
      priority,
      this,
    );
    this.channels.set(id, ch);
    return ch;
  }

  // ---- ChannelHooks (one table for all its channels: no closures per channel) ----

  bufferedLow(c: DataChannel): void {
    this.host.emit({ type: 'buffered-amount-low', channelId: c.id });
  }

  allQueuedAssigned(c: DataChannel): void {
    if (c.state === 'closing' && !c.resetRequested) this.requestReset(c);
  }

  /** Open every channel created before the association was up (or ask for the streams they need). */
  openPending(): void {
    for (const ch of [...this.channels.values()]) {
      if (!ch.openPending) continue;
      const streams = this.host.streamFor(ch.id);
      if (streams === 'ok') this.open(ch);
      else if (streams === 'unsupported')
        this.fail(
          ch,
          `stream id ${ch.id} is beyond the negotiated outgoing streams and the peer cannot add streams`,
        );
    }
  }

  /**
   * COOKIE-ECHO is about to go with a sender already built (RFC 9260 §5.1 C: DATA may follow it in
   * its packet): queue the DATA_CHANNEL_OPEN of each channel waiting to open whose stream exists, so
   * the peer has it one round trip earlier. Our side still opens once the association is up.
   */
  queueEarlyOpens(outbound: number): void {
    for (const ch of this.channels.values()) {
      if (!ch.openPending || ch.negotiated || ch.openQueued || ch.id >= outbound) continue;
      ch.openQueued = true;
      this.enqueueControl(ch.id, this.openMessage(ch));
    }
  }

  /** Whether a channel waits for the association to send its DATA_CHANNEL_OPEN. */
  get hasEarlyOpen(): boolean {
    for (const ch of this.channels.values()) if (ch.openPending && !ch.negotiated) return true;
    return false;
  }

  /**
   * The sender that held the early OPENs was dropped before the association came up (a COOKIE-ECHO
   * for a new peer tag, RFC 9260 §5.2.4 B): the peer never accepted them (it has no TCB for the
   * cookie they rode with). Queue them again when the association is up; a channel closed
   * meanwhile is just gone.
   */
  earlyOpensLost(): void {
    for (const ch of [...this.channels.values()]) {
      if (!ch.openQueued) continue;
      ch.openQueued = false;
      if (ch.state === 'closing') this.finish(ch);
    }
  }

  /**
   * An Add Outgoing Streams request completed (RFC 6525 §5.1.5): open the channels that now have a
   * stream; fail those that no request still outstanding can cover (the peer denied it).
   */
  streamsChanged(outbound: number, coverage: number): void {
    for (const ch of [...this.channels.values()]) {
      if (!ch.openPending) continue;
      if (ch.id < outbound) this.open(ch);
      else if (ch.id >= coverage)
        this.fail(ch, `the peer denied the streams for stream id ${ch.id} (Add Outgoing Streams)`);
    }
  }

  private fail(ch: DataChannel, message: string): void {
    this.host.emit({ type: 'error', message, channelId: ch.id });
    this.finish(ch);
  }

  private open(ch: DataChannel): void {
    ch.openPending = false;
    if (!ch.negotiated && !ch.openQueued) this.enqueueControl(ch.id, this.openMessage(ch));
    ch.openQueued = false;
    // RFC 8832 §6: the opener may send right after DATA_CHANNEL_OPEN (ordered until the ACK).
    ch.state = 'open';
    this.host.emit({ type: 'channel-open', channel: ch.info(), remote: false });
  }

  private openMessage(ch: DataChannel): Uint8Array {
    let channelType = ch.ordered ? 0x00 : 0x80;
    let param = 0;
    if (ch.maxRetransmits !== undefined) {
      channelType |= 0x01;
      param = ch.maxRetransmits;
    } else if (ch.maxPacketLifeTime !== undefined) {
      channelType |= 0x02;
      param = ch.maxPacketLifeTime;
    }
    return encodeDcep({
      type: DcepType.OPEN,
      channelType,
      priority: ch.priority,
      reliabilityParameter: param >>> 0,
      label: ch.label,
      protocol: ch.protocol,
    });
  }

  /** DCEP messages: ordered, reliable, PPID 50, on the channel's stream (RFC 8832 §6). */
  private enqueueControl(streamId: number, data: Uint8Array): void {
    this.host.sender!.enqueue(
      new OutMessage(streamId, Ppid.DCEP, data, false, -1, Number.POSITIVE_INFINITY, undefined, 0),
    );
  }

  /** Queue a user message: string (PPID 51/56) or binary (53/57) per RFC 8831 §8. */
  send(channelId: number, data: Uint8Array, binary: boolean, now: number, maxQueued: number): void {
    const ch = this.channels.get(channelId);
    const sender = this.host.sender;
    if (ch?.state !== 'open' || !sender)
      throw new SctpError('invalid-state', `channel ${channelId} is not open`);
    if (sender.queuedBytes + data.length > maxQueued) throw new SctpError('queue-full', 'send queue full');
    const empty = data.length === 0;
    const ppid = binary ? (empty ? Ppid.BINARY_EMPTY : Ppid.BINARY) : empty ? Ppid.STRING_EMPTY : Ppid.STRING;
    const expiresAt =
      ch.maxPacketLifeTime !== undefined ? now + ch.maxPacketLifeTime : Number.POSITIVE_INFINITY;
    const m = new OutMessage(
      channelId,
      ppid,
      empty ? Uint8Array.of(0) : data,
      !ch.ordered && ch.ackReceived,
      ch.maxRetransmits ?? -1,
      expiresAt,
      ch,
      data.length,
    );
    ch.bufferedAmount += data.length;
    ch.queuedMessages++;
    if (sender.flightSize === 0) sender.refillBurst();
    sender.enqueue(m);
  }

  /** Close: queued messages go first, then an outgoing stream reset (RFC 8831 §6.7). */
  close(channelId: number, established: boolean): void {
    const ch = this.channels.get(channelId);
    if (!ch || ch.state === 'closing' || ch.state === 'closed') return;
    if (ch.openQueued) {
      // Its OPEN already went with COOKIE-ECHO: the peer may open the channel, so it is closed the
      // usual way, by a stream reset sent once the association is up (RFC 8831 §6.7).
      ch.openPending = false;
      ch.state = 'closing';
      this.requestReset(ch);
      return;
    }
    if (!established || ch.openPending) {
      this.finish(ch);
      return;
    }
    ch.state = 'closing';
    if (ch.queuedMessages === 0) this.requestReset(ch);
  }

  private requestReset(ch: DataChannel): void {
    ch.resetRequested = true;
    this.host.requestReset(ch.id);
  }

  finish(ch: DataChannel): void {
    if (ch.state === 'closed') return;
    ch.state = 'closed';
    this.channels.delete(ch.id);
    this.host.emit({ type: 'channel-closed', channelId: ch.id });
  }

  finishAll(): void {
    for (const ch of [...this.channels.values()]) this.finish(ch);
  }

  /** Our outgoing streams were reset (the peer's success response). */
  outgoingReset(ids: readonly number[]): void {
    for (const id of ids) {
      const ch = this.channels.get(id);
      if (!ch) continue;
      ch.outReset = true;
      // RFC 8831 §6.7 has the peer reset its side in answer; some stacks (werift-sctp) only do so
      // for streams they sent on, so the channel is closed once our direction is reset.
      this.finish(ch);
    }
  }

  /** The peer reset its outgoing streams: the channel is closing; reset our side too (RFC 8831 §6.7). */
  incomingReset(ids: readonly number[]): void {
    for (const id of ids) {
      const ch = this.channels.get(id);
      if (!ch) continue;
      ch.inReset = true;
      if (ch.state === 'open' || ch.state === 'connecting') {
        ch.state = 'closing';
        // W3C webrtc-pc §6.2.5 (closing procedure): a close the peer started is announced.
        this.host.emit({ type: 'channel-closing', channelId: ch.id });
        if (ch.queuedMessages === 0) this.requestReset(ch);
      }
      if (ch.outReset) this.finish(ch);
    }
  }

  /** A complete message from the receiver: DCEP, or user data by PPID. */
  deliver(m: InboundMessage): void {
    if (m.ppid === Ppid.DCEP) {
      this.onDcep(m.streamId, m.data);
      return;
    }
    const ch = this.channels.get(m.streamId);
    if (!ch || ch.state === 'closed' || ch.inReset) {
      this.host.dropped();
      return;
    }
    let binary: boolean;
    let data = m.data;
    switch (m.ppid) {
      case Ppid.STRING:
      case Ppid.STRING_PARTIAL:
        binary = false;
        break;
      case Ppid.BINARY:
      case Ppid.BINARY_PARTIAL:
        binary = true;
        break;
      case Ppid.STRING_EMPTY:
        binary = false;
        data = new Uint8Array(0);
        break;
      case Ppid.BINARY_EMPTY:
        binary = true;
        data = new Uint8Array(0);
        break;
      default:
        this.host.dropped();
        return;
    }
    this.host.delivered(data.length);
    this.host.emit({ type: 'message', channelId: m.streamId, data, binary });
  }

  private onDcep(streamId: number, data: Uint8Array): void {
    let msg: ReturnType<typeof decodeDcep>;
    try {
      msg = decodeDcep(data);
    } catch (e) {
      this.host.emit({
        type: 'error',
        message: `bad DCEP message on stream ${streamId}: ${(e as Error).message}`,
      });
      return;
    }
    const existing = this.channels.get(streamId);
    if (msg.type === DcepType.ACK) {
      if (existing) existing.ackReceived = true;
      return;
    }
    if (existing) return; // RFC 8832 §6: an OPEN for a stream in use is ignored
    const unordered = (msg.channelType & 0x80) !== 0;
    const policy = msg.channelType & 0x7f;
    const ch = this.add(
      streamId,
      msg.label,
      msg.protocol,
      !unordered,
      policy === 0x01 ? msg.reliabilityParameter : undefined,
      policy === 0x02 ? msg.reliabilityParameter : undefined,
      false,
      msg.priority,
    );
    ch.ackReceived = true;
    this.enqueueControl(streamId, encodeDcep({ type: DcepType.ACK }));
    ch.state = 'open';
    this.host.emit({ type: 'channel-open', channel: ch.info(), remote: true });
  }
}
