// NON-STANDARD (Node has no camera, microphone or encoder): a sending track's source fed with
// encoded frames, which it packetizes for the negotiated codec with RTP timestamps on the codec's
// clock (RFC 3550 §5.1: random initial timestamp), or with ready-made RTP payloads. It writes into a
// MediaSession send stream; sans-I/O, the caller passes `now` and paces the frames.
import { IvfReader, opusPacketSamples, type RtpPacket, type RtpPacketizer, readOggOpus } from '@rtc/rtp';
import type { MediaSession } from '../rtp/media-session.js';
import type { SendStream } from '../rtp/send-stream.js';
import { MediaStreamTrack } from '../track.js';
import { isAudioFormat, packetizerFor } from './payload-format.js';

export interface EncodedTrackSourceOptions {
  /** Negotiated codec mimeType ('video/VP8', 'audio/opus', ...) or its name. */
  codec: string;
  /** Codec clock rate; default 90000 for video, 48000 for Opus, 8000 for G.711. */
  clockRate?: number;
  /** Largest RTP payload; default 1200 octets (fits a 1280-octet IPv6 path with SRTP and headers). */
  maxPayloadSize?: number;
  /** The track this source feeds; a new live track of the codec's kind when omitted. */
  track?: MediaStreamTrack;
  /** First RTP timestamp; random when omitted (RFC 3550 §5.1). */
  initialTimestamp?: number;
}

/** One encoded frame with its presentation time in milliseconds from the start of the media. */
export interface EncodedFrame {
  data: Uint8Array;
  timestampMs: number;
}

export class EncodedTrackSource {
  readonly track: MediaStreamTrack;
  readonly clockRate: number;
  readonly stats = { framesSent: 0, packetsSent: 0, framesDropped: 0 };
  private readonly packetizer: RtpPacketizer;
  private readonly maxPayloadSize: number;
  private readonly base: number;
  private target: { session: MediaSession; stream: SendStream } | undefined;
  private forwardBase: { in: number; out: number } | undefined;

  constructor(options: EncodedTrackSourceOptions) {
    const audio = isAudioFormat(options.codec);
    this.packetizer = packetizerFor(options.codec);
    const name = options.codec.toLowerCase();
    this.clockRate = options.clockRate ?? (audio ? (name.includes('opus') ? 48000 : 8000) : 90000);
    this.maxPayloadSize = options.maxPayloadSize ?? 1200;
    this.track =
      options.track ??
      new MediaStreamTrack({ kind: audio ? 'audio' : 'video', label: `${options.codec} source` });
    this.base = (options.initialTimestamp ?? Math.floor(Math.random() * 0x100000000)) >>> 0;
  }

  /** Where the packets go (the RTCPeerConnection binds this once the transceiver's stream exists). */
  attach(session: MediaSession, stream: SendStream): void {
    this.target = { session, stream };
  }
  detach(): void {
    this.target = undefined;
  }

  /** The RTP timestamp for a presentation time (the codec clock, offset by the random base). */
  rtpTimestamp(timestampMs: number): number {
    return (this.base + Math.round((timestampMs * this.clockRate) / 1000)) >>> 0;
  }

  /**
   * Packetizes and sends one encoded frame. Frames are dropped (and counted) while the track is
   * ended, disabled or not attached. The last packet of a frame carries the marker bit (RFC 3550 §5.1).
   */
  writeFrame(frame: EncodedFrame, now: number): boolean {
    const t = this.target;
    if (!t || this.track.readyState !== 'live' || !this.track.enabled) {
      this.stats.framesDropped++;
      return false;
    }
    const payloads = this.packetizer.packetize(frame.data, this.maxPayloadSize);
    const timestamp = this.rtpTimestamp(frame.timestampMs);
    payloads.forEach((payload, i) => {
      t.session.sendRtp(t.stream, { payload, timestamp, marker: i === payloads.length - 1 }, now);
    });
    this.stats.framesSent++;
    this.stats.packetsSent += payloads.length;
    return true;
  }

  /**
   * Forwards an RTP packet's payload (e.g. from another session): marker and payload are kept, the
   * timestamp is rebased onto this source's clock; SSRC, sequence number and extensions are ours.
   */
  writeRtp(packet: RtpPacket, now: number): boolean {
    const t = this.target;
    if (!t || this.track.readyState !== 'live' || !this.track.enabled) {
      this.stats.framesDropped++;
      return false;
    }
    this.forwardBase ??= { in: packet.timestamp, out: this.base };
    const timestamp = (this.forwardBase.out + ((packet.timestamp - this.forwardBase.in) >>> 0)) >>> 0;
    t.session.sendRtp(t.stream, { payload: packet.payload, timestamp, marker: packet.marker }, now);
    this.stats.packetsSent++;
    return true;
  }
}

/** Frames of an IVF file (VP8/VP9/AV1) with presentation times from its time base. */
export function* ivfFrames(bytes: Uint8Array): Generator<EncodedFrame> {
  const reader = new IvfReader(bytes);
  const { timebaseNumerator: num, timebaseDenominator: den } = reader.header;
  for (let f = reader.readFrame(); f; f = reader.readFrame())
    yield { data: f.data, timestampMs: (f.timestamp * num * 1000) / den };
}

/** Packets of an Ogg Opus file with presentation times from each packet's duration (RFC 7845 §4). */
export function* oggOpusFrames(bytes: Uint8Array): Generator<EncodedFrame> {
  const file = readOggOpus(bytes);
  let samples = 0;
  for (const p of file.packets) {
    yield { data: p.data, timestampMs: (samples * 1000) / 48000 };
    samples += opusPacketSamples(p.data);
  }
}
