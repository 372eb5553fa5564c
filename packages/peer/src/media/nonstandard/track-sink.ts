// NON-STANDARD: the receiving side of a track for Node, where there is no decoder or renderer. It
// takes the RTP packets routed to a receive stream and yields them (copied) and the frames the jitter
// buffer assembles (@rtc/rtp JitterBuffer).
// - Bound to a remote track of an RTCPeerConnection (`new TrackSink({ track })`): the connection feeds
//   it, and it fires `packet` and `frame` events; the codec follows each packet's negotiated payload type.
// - Unbound (`new TrackSink({ codec })`): sans-I/O, the caller feeds MediaSession `rtp` events with
//   `handlePacket` and drains with `pollPacket`/`pollFrame`.
import { type AssembledFrame, JitterBuffer, type JitterBufferOptions, type RtpPacket } from '@rtc/rtp';
import { defineEventHandlers } from '../../w3c/event-handlers.js';
import { MediaStreamTrack } from '../track.js';
import { type ReceiveTap, tapOf } from './bindings.js';
import { depacketizerFor, isAudioFormat } from './payload-format.js';

export interface TrackSinkOptions {
  /** Codec mimeType or name; required unbound, optional bound (the negotiated codec is used). */
  codec?: string;
  /** A remote track (RTCRtpReceiver.track, RTCTrackEvent.track) of an RTCPeerConnection to read. */
  track?: MediaStreamTrack;
  /** Bound to a simulcast reception: the layer to read (RFC 8851 rid); default the first announced. */
  rid?: string;
  /** Packets waiting in `pollPacket` at most; older ones are dropped (counted). Default 1024. */
  maxQueuedPackets?: number;
  /** Keep packets for `pollPacket` / `packet` events (default true); false when only frames are wanted. */
  keepPackets?: boolean;
  jitterBuffer?: Omit<JitterBufferOptions, 'depacketizer'>;
}

/** `packet`: one RTP packet of the track (RTX already unwrapped), a copy the listener may keep. */
export class TrackSinkPacketEvent extends Event {
  readonly packet: RtpPacket;
  constructor(type: string, init: { packet: RtpPacket }) {
    super(type);
    this.packet = init.packet;
  }
}

/** `frame`: one complete frame, in order, assembled from the packets. */
export class TrackSinkFrameEvent extends Event {
  readonly frame: AssembledFrame;
  constructor(type: string, init: { frame: AssembledFrame }) {
    super(type);
    this.frame = init.frame;
  }
}

export class TrackSink extends EventTarget {
  declare onpacket: ((this: TrackSink, ev: TrackSinkPacketEvent) => unknown) | null;
  declare onframe: ((this: TrackSink, ev: TrackSinkFrameEvent) => unknown) | null;
  readonly stats = { packets: 0, packetsDropped: 0, frames: 0, framesAfterGap: 0 };
  /** The simulcast layer read when bound (undefined: the first one). */
  readonly rid: string | undefined;
  private buffer: JitterBuffer | undefined;
  private currentCodec: string | undefined;
  private readonly packets: RtpPacket[] = [];
  private readonly maxQueued: number;
  private readonly keepPackets: boolean;
  private readonly jitterOptions: Omit<JitterBufferOptions, 'depacketizer'> | undefined;
  private readonly tap: ReceiveTap | undefined;
  private keyframeWanted = false;
  private droppedSeen = 0;
  private closed = false;

  constructor(options: TrackSinkOptions) {
    super();
    this.maxQueued = options.maxQueuedPackets ?? 1024;
    this.keepPackets = options.keepPackets ?? true;
    this.jitterOptions = options.jitterBuffer;
    this.rid = options.rid;
    if (options.track !== undefined) {
      if (!(options.track instanceof MediaStreamTrack))
        throw new TypeError('track must be a MediaStreamTrack');
      const tap = tapOf(options.track);
      if (!tap) throw new TypeError('track is not the remote track of an RTCRtpReceiver');
      this.tap = tap;
      tap.sinks.add(this);
      MediaStreamTrack.onEnded(options.track, () => this.close());
    } else if (options.codec === undefined) throw new TypeError('a TrackSink needs a codec or a track');
    if (options.codec !== undefined) this.useCodec(options.codec);
  }

  /** The jitter buffer (bound sinks create it at the first packet, for its codec). */
  get jitterBuffer(): JitterBuffer | undefined {
    return this.buffer;
  }

  /** The codec being depacketized (mimeType or name), once known. */
  get codec(): string | undefined {
    return this.currentCodec;
  }

  /** True when bound to a remote track of a peer connection (events, not polling). */
  get bound(): boolean {
    return this.tap !== undefined;
  }

  private useCodec(codec: string): JitterBuffer {
    this.buffer = new JitterBuffer({
      waitForKeyframe: !isAudioFormat(codec),
      ...this.jitterOptions,
      depacketizer: depacketizerFor(codec),
    });
    this.currentCodec = codec;
    this.droppedSeen = 0;
    return this.buffer;
  }

  /** One packet from a MediaSession `rtp` event (views are copied before returning). */
  handlePacket(packet: RtpPacket, now: number): void {
    const buffer = this.buffer;
    if (!buffer || this.closed) return;
    this.stats.packets++;
    if (this.keepPackets) {
      if (this.packets.length >= this.maxQueued) {
        this.packets.shift();
        this.stats.packetsDropped++;
      }
      this.packets.push({
        ...packet,
        csrcs: [...packet.csrcs],
        payload: packet.payload.slice(),
        extension: packet.extension && {
          profile: packet.extension.profile,
          data: packet.extension.data.slice(),
        },
      });
    }
    buffer.handlePacket(packet, now);
    if (this.tap) this.emit();
  }

  handleTimeout(now: number): void {
    if (!this.buffer || this.closed) return;
    this.buffer.handleTimeout(now);
    if (this.tap) this.emit();
  }

  nextDeadline(): number | undefined {
    return this.closed ? undefined : this.buffer?.nextDeadline();
  }

  pollPacket(): RtpPacket | undefined {
    return this.packets.shift();
  }

  /** The next complete frame in order. A frame after a gap marks a key frame as wanted. */
  pollFrame(): AssembledFrame | undefined {
    this.noteDrops();
    const frame = this.buffer?.pollFrame();
    if (frame) {
      this.stats.frames++;
      if (frame.afterGap) {
        this.stats.framesAfterGap++;
        // The jitter buffer flags the first frame after a drop: a key frame there repairs the loss;
        // a key frame without the flag was assembled before the drop and does not.
        this.keyframeWanted = !frame.keyframe;
      }
    }
    return frame;
  }

  /**
   * True when frames were lost and no key frame has arrived since (decoder-visible loss): the caller
   * should `MediaSession.requestKeyframe` for the stream. Cleared by the next key frame polled. A bound
   * sink's connection asks for one by itself.
   */
  get needsKeyframe(): boolean {
    this.noteDrops();
    return this.keyframeWanted;
  }

  /**
   * Bound only: asks the remote sender for a key frame now (PLI, RFC 4585 §6.3.1; or FIR, RFC 5104
   * §4.3.1). False when unbound, closed, or before the stream's SSRC is known.
   */
  requestKeyframe(method: 'pli' | 'fir' = 'pli'): boolean {
    if (!this.tap || this.closed) return false;
    return this.tap.requestKeyframe(method, this.rid);
  }

  /** Stops a bound sink: no more packets, frames or events (the track ending does this too). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.tap?.sinks.delete(this);
  }

  private noteDrops(): void {
    const dropped = this.buffer?.stats.framesDropped ?? 0;
    if (dropped > this.droppedSeen) {
      this.droppedSeen = dropped;
      this.keyframeWanted = true;
    }
  }

  /** Bound: hands what is ready to the listeners. */
  private emit(): void {
    for (let p = this.packets.shift(); p; p = this.packets.shift())
      this.dispatchEvent(new TrackSinkPacketEvent('packet', { packet: p }));
    for (let f = this.pollFrame(); f; f = this.pollFrame()) {
      this.dispatchEvent(new TrackSinkFrameEvent('frame', { frame: f }));
      if (this.closed) return;
    }
  }

  /**
   * Internal hook for the peer connection: one packet of the bound track, in `codec` (the mimeType
   * its payload type negotiated). A codec change starts a new jitter buffer.
   */
  static deliver(sink: TrackSink, packet: RtpPacket, codec: string, now: number): void {
    if (sink.closed) return;
    if (sink.currentCodec !== codec) sink.useCodec(codec);
    sink.handlePacket(packet, now);
  }
}
defineEventHandlers(TrackSink.prototype, ['packet', 'frame']);
