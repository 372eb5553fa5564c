// NON-STANDARD (Node has no camera, microphone or encoder): a sending track's source fed with
// encoded frames, which it packetizes for the negotiated codec with RTP timestamps on the codec's
// clock (RFC 3550 §5.1: random initial timestamp), or with ready-made RTP payloads. It writes into a
// MediaSession send stream: one an RTCPeerConnection binds once the track's m-section is negotiated
// (then `now` may be omitted: the connection's clock is used), or one the caller attaches itself.
import { IvfReader, opusPacketSamples, type RtpPacket, type RtpPacketizer, readOggOpus } from '@rtc/rtp';
import { defineEventHandlers } from '../../w3c/event-handlers.js';
import type { MediaSession } from '../rtp/media-session.js';
import type { SendStream } from '../rtp/send-stream.js';
import { MediaStreamTrack } from '../track.js';
import { registerSource } from './bindings.js';
import { isAudioFormat, packetizerFor } from './payload-format.js';

export interface EncodedTrackSourceOptions {
  /** Codec of the frames: mimeType ('video/VP8', 'audio/opus', ...) or its name ('vp8'). */
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

/** How a driver (the RTCPeerConnection) runs an attached source: its clock, and sending what was queued. */
export interface SourceDriver {
  now(): number;
  flush(now: number): void;
}

/** `keyframerequest`: the receiver asked for a key frame (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR). */
export class KeyframeRequestEvent extends Event {
  readonly method: 'pli' | 'fir';
  constructor(type: string, init: { method: 'pli' | 'fir' }) {
    super(type);
    this.method = init.method;
  }
}

interface Target {
  session: MediaSession;
  stream: SendStream;
  driver: SourceDriver | undefined;
}

export class EncodedTrackSource extends EventTarget {
  declare onkeyframerequest: ((this: EncodedTrackSource, ev: KeyframeRequestEvent) => unknown) | null;
  readonly track: MediaStreamTrack;
  /** The codec the frames are in, as given. */
  readonly codec: string;
  readonly clockRate: number;
  readonly stats = { framesSent: 0, packetsSent: 0, framesDropped: 0, keyframeRequests: 0 };
  private readonly packetizer: RtpPacketizer;
  private readonly maxPayloadSize: number;
  private readonly base: number;
  private target: Target | undefined;
  private forwardBase: { in: number; out: number } | undefined;

  constructor(options: EncodedTrackSourceOptions) {
    super();
    const audio = isAudioFormat(options.codec);
    this.packetizer = packetizerFor(options.codec);
    this.codec = options.codec;
    const name = options.codec.toLowerCase();
    this.clockRate = options.clockRate ?? (audio ? (name.includes('opus') ? 48000 : 8000) : 90000);
    this.maxPayloadSize = options.maxPayloadSize ?? 1200;
    this.track =
      options.track ??
      new MediaStreamTrack({ kind: audio ? 'audio' : 'video', label: `${options.codec} source` });
    if (this.track.kind !== (audio ? 'audio' : 'video'))
      throw new TypeError(`a ${options.codec} source cannot feed a ${this.track.kind} track`);
    this.base = (options.initialTimestamp ?? Math.floor(Math.random() * 0x100000000)) >>> 0;
    registerSource(this.track, this);
  }

  /** True while a send stream takes the frames (for a peer connection: the m-section negotiated sending). */
  get attached(): boolean {
    return this.target !== undefined;
  }

  /**
   * Where the packets go. An RTCPeerConnection calls this itself (with its driver) once the track's
   * m-section negotiated sending; call it yourself only when running a MediaSession directly.
   */
  attach(session: MediaSession, stream: SendStream, driver?: SourceDriver): void {
    this.target = { session, stream, driver };
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
   * `now` is the sending time on the session's clock; with a peer connection it may be omitted.
   */
  writeFrame(frame: EncodedFrame, now?: number): boolean {
    const t = this.sendable();
    if (!t) return false;
    const at = this.timeOf(t, now);
    const payloads = this.packetizer.packetize(frame.data, this.maxPayloadSize);
    const timestamp = this.rtpTimestamp(frame.timestampMs);
    payloads.forEach((payload, i) => {
      t.session.sendRtp(t.stream, { payload, timestamp, marker: i === payloads.length - 1 }, at);
    });
    this.stats.framesSent++;
    this.stats.packetsSent += payloads.length;
    t.driver?.flush(at);
    return true;
  }

  /**
   * Forwards an RTP packet's payload (e.g. from another session): marker and payload are kept, the
   * timestamp is rebased onto this source's clock; SSRC, sequence number and extensions are ours.
   */
  writeRtp(packet: RtpPacket, now?: number): boolean {
    const t = this.sendable();
    if (!t) return false;
    const at = this.timeOf(t, now);
    this.forwardBase ??= { in: packet.timestamp, out: this.base };
    const timestamp = (this.forwardBase.out + ((packet.timestamp - this.forwardBase.in) >>> 0)) >>> 0;
    t.session.sendRtp(t.stream, { payload: packet.payload, timestamp, marker: packet.marker }, at);
    this.stats.packetsSent++;
    t.driver?.flush(at);
    return true;
  }

  private sendable(): Target | undefined {
    const t = this.target;
    if (!t || this.track.readyState !== 'live' || !this.track.enabled) {
      this.stats.framesDropped++;
      return undefined;
    }
    return t;
  }

  private timeOf(t: Target, now: number | undefined): number {
    const at = now ?? t.driver?.now();
    if (at === undefined) throw new TypeError('now is required for a source attached without a driver');
    return at;
  }

  /**
   * Internal hook: the remote asked for a key frame on the stream this source feeds (a MediaSession
   * `keyframe-request` event). Fires `keyframerequest`; the application should encode a key frame.
   */
  static requestKeyframe(source: EncodedTrackSource, method: 'pli' | 'fir'): void {
    source.stats.keyframeRequests++;
    source.dispatchEvent(new KeyframeRequestEvent('keyframerequest', { method }));
  }
}
defineEventHandlers(EncodedTrackSource.prototype, ['keyframerequest']);

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
