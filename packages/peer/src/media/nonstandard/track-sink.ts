// NON-STANDARD: the receiving side of a track for Node, where there is no decoder or renderer. It
// takes the RTP packets the MediaSession routed to a receive stream and yields them (copied) and the
// frames the jitter buffer assembles (@rtc/rtp JitterBuffer). Sans-I/O: `now` in, drain with poll*.
import { type AssembledFrame, JitterBuffer, type JitterBufferOptions, type RtpPacket } from '@rtc/rtp';
import { depacketizerFor, isAudioFormat } from './payload-format.js';

export interface TrackSinkOptions {
  /** Negotiated codec mimeType or name. */
  codec: string;
  /** Packets waiting in `pollPacket` at most; older ones are dropped (counted). Default 1024. */
  maxQueuedPackets?: number;
  /** Keep packets for `pollPacket` (default true); false when only frames are wanted. */
  keepPackets?: boolean;
  jitterBuffer?: Omit<JitterBufferOptions, 'depacketizer'>;
}

export class TrackSink {
  readonly jitterBuffer: JitterBuffer;
  readonly stats = { packets: 0, packetsDropped: 0, frames: 0, framesAfterGap: 0 };
  private readonly packets: RtpPacket[] = [];
  private readonly maxQueued: number;
  private readonly keepPackets: boolean;
  private keyframeWanted = false;
  private droppedSeen = 0;

  constructor(options: TrackSinkOptions) {
    const audio = isAudioFormat(options.codec);
    this.jitterBuffer = new JitterBuffer({
      waitForKeyframe: !audio,
      ...options.jitterBuffer,
      depacketizer: depacketizerFor(options.codec),
    });
    this.maxQueued = options.maxQueuedPackets ?? 1024;
    this.keepPackets = options.keepPackets ?? true;
  }

  /** One packet from a MediaSession `rtp` event (views are copied before returning). */
  handlePacket(packet: RtpPacket, now: number): void {
    this.stats.packets++;
    if (this.keepPackets) {
      if (this.packets.length >= this.maxQueued) {
        this.packets.shift();
        this.stats.packetsDropped++;
      }
      this.packets.push({
        ...packet,
        payload: packet.payload.slice(),
        extension: packet.extension && {
          profile: packet.extension.profile,
          data: packet.extension.data.slice(),
        },
      });
    }
    this.jitterBuffer.handlePacket(packet, now);
  }

  handleTimeout(now: number): void {
    this.jitterBuffer.handleTimeout(now);
  }

  nextDeadline(): number | undefined {
    return this.jitterBuffer.nextDeadline();
  }

  pollPacket(): RtpPacket | undefined {
    return this.packets.shift();
  }

  /** The next complete frame in order. A frame after a gap marks a key frame as wanted. */
  pollFrame(): AssembledFrame | undefined {
    this.noteDrops();
    const frame = this.jitterBuffer.pollFrame();
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
   * should `MediaSession.requestKeyframe` for the stream. Cleared by the next key frame polled.
   */
  get needsKeyframe(): boolean {
    this.noteDrops();
    return this.keyframeWanted;
  }

  private noteDrops(): void {
    const dropped = this.jitterBuffer.stats.framesDropped;
    if (dropped > this.droppedSeen) {
      this.droppedSeen = dropped;
      this.keyframeWanted = true;
    }
  }
}
