// The RTP side of one RTCPeerConnection's bundled transport: a MediaSession keyed from the DTLS
// exporter (RFC 5764 §4.2) with the negotiated use_srtp profile, attached to the TransportStack as its
// media path (RFC 7983 'rtp' packets in, protected datagrams out, deadlines on the stack's one timer).
// After each negotiation `sync()` binds send streams to the senders' sources and receive streams to
// the receivers; session events reach receivers (unmute, sources lists), sinks and sources.
import { decodeAudioLevel, ExtensionUri, findHeaderExtension } from '@rtc/rtp';
import { receives, sends } from '../jsep/directions.js';
import { bundleExtensionIds } from '../jsep/media-sections.js';
import { codecName, fmtpMap, type MediaCodec } from '../media/codecs/capabilities.js';
import { rtxPayloadTypeFor } from '../media/codecs/sdp-media.js';
import { sourceOf, tapOf } from '../media/nonstandard/bindings.js';
import { TrackSink } from '../media/nonstandard/track-sink.js';
import { EncodedTrackSource, type SourceDriver } from '../media/nonstandard/track-source.js';
import { RTCRtpReceiver } from '../media/receiver.js';
import type { MediaSessionEvent } from '../media/rtp/events.js';
import { MediaSession, type MediaSessionExtensionIds } from '../media/rtp/media-session.js';
import type { ReceiveStream } from '../media/rtp/receive-stream.js';
import type { SendStream } from '../media/rtp/send-stream.js';
import {
  DTLS_SRTP_EXPORTER_LABEL,
  srtpExporterLength,
  srtpSessionFromExporter,
} from '../media/rtp/srtp-keys.js';
import { RTCRtpSender } from '../media/sender.js';
import { MediaStreamTrack } from '../media/track.js';
import { RTCRtpTransceiver } from '../media/transceiver.js';
import type { MediaPath, TransportStack } from '../transport/transport-stack.js';
import type { TransceiverEntry } from './media-state.js';
import type { PeerState } from './peer-state.js';

/** RFC 5764 §4.1.2 / RFC 7714 §14.2: what we offer, in the order browsers prefer them. */
export const SRTP_PROFILES = ['SRTP_AEAD_AES_128_GCM', 'SRTP_AES128_CM_HMAC_SHA1_80'] as const;
/** Key frame requests a sink's loss triggers, at most one per stream in this time (ms). */
const AUTO_KEYFRAME_INTERVAL = 250;

interface SendBinding {
  stream: SendStream;
  source: EncodedTrackSource | undefined;
  rtxPayloadType: number | undefined;
}
interface ReceiveBinding {
  streams: ReceiveStream[];
  key: string;
}

function extensionIds(uris: Map<string, number>): MediaSessionExtensionIds {
  const ids: MediaSessionExtensionIds = {};
  const set = (key: keyof MediaSessionExtensionIds, uri: string) => {
    const id = uris.get(uri);
    if (id !== undefined) ids[key] = id;
  };
  set('mid', ExtensionUri.mid);
  set('rid', ExtensionUri.rid);
  set('repairedRid', ExtensionUri.repairedRid);
  set('absSendTime', ExtensionUri.absSendTime);
  set('transportCc', ExtensionUri.transportWideCc);
  set('audioLevel', ExtensionUri.audioLevel);
  return ids;
}

/** The negotiated codec a source's frames are sent with (its codec by name; H.264 in mode 1). */
export function sendCodecFor(codecs: readonly MediaCodec[], sourceCodec: string): MediaCodec | undefined {
  const name = codecName(sourceCodec.includes('/') ? sourceCodec : `x/${sourceCodec}`);
  const candidates = codecs.filter((c) => codecName(c.mimeType) === name);
  if (name === 'h264')
    return candidates.find((c) => fmtpMap(c.sdpFmtpLine).get('packetization-mode') === '1') ?? candidates[0];
  return candidates[0];
}

export class MediaTransport implements MediaPath {
  readonly session: MediaSession;
  readonly #s: PeerState;
  readonly #stack: TransportStack;
  readonly #driver: SourceDriver;
  readonly #send = new Map<TransceiverEntry, SendBinding>();
  /** Streams that stopped sending (BYE sent), kept so that sending again continues their numbering. */
  readonly #retired = new Map<TransceiverEntry, SendStream>();
  readonly #receive = new Map<TransceiverEntry, ReceiveBinding>();
  readonly #bySendStream = new Map<SendStream, TransceiverEntry>();
  readonly #byReceiveStream = new Map<ReceiveStream, TransceiverEntry>();
  readonly #lastPayloadType = new Map<ReceiveStream, number>();
  readonly #autoKeyframeAt = new Map<ReceiveStream, number>();

  /** Keys SRTP from the DTLS exporter; undefined when the peer negotiated no use_srtp profile. */
  static create(s: PeerState, stack: TransportStack): MediaTransport | undefined {
    const dtls = stack.dtls;
    const profile = dtls?.srtpProfile;
    if (!dtls || !profile || !s.dtlsRole) return undefined;
    const material = dtls.exportKeyingMaterial(DTLS_SRTP_EXPORTER_LABEL, srtpExporterLength(profile));
    const session = new MediaSession({
      srtp: srtpSessionFromExporter(material, profile, s.dtlsRole),
      cname: s.media.cname,
      // The stack's clock is performance.now(): this offset turns it into Unix time for NTP fields.
      unixTimeOffsetMs: performance.timeOrigin,
    });
    return new MediaTransport(s, stack, session);
  }

  private constructor(s: PeerState, stack: TransportStack, session: MediaSession) {
    this.#s = s;
    this.#stack = stack;
    this.session = session;
    this.#driver = { now: () => stack.now(), flush: (now) => stack.pump(now) };
  }

  // ----- MediaPath (driven by the TransportStack) -----------------------------------------------

  handlePacket(datagram: Uint8Array, now: number): void {
    this.session.handlePacket(datagram, now);
    this.#drain(now);
  }

  handleTimeout(now: number): void {
    const due = this.session.nextDeadline();
    if (due !== undefined && due <= now) this.session.handleTimeout(now);
    this.#drain(now);
    for (const e of this.#receive.keys()) {
      const sinks = tapOf(e.transceiver.receiver.track)?.sinks;
      if (!sinks) continue;
      for (const sink of sinks) {
        const d = sink.nextDeadline();
        if (d === undefined || d > now) continue;
        // The jitter buffer gave up on a frame: the loss may now be decoder-visible.
        sink.handleTimeout(now);
        const stream = this.#streamFor(e, sink);
        if (stream && sink.needsKeyframe) this.#autoKeyframe(stream, now);
      }
    }
  }

  /** The receive stream a sink reads: its rid's layer, else the first. */
  #streamFor(e: TransceiverEntry, sink: TrackSink): ReceiveStream | undefined {
    const streams = this.#receive.get(e)?.streams ?? [];
    return sink.rid === undefined ? streams[0] : streams.find((x) => x.rid === sink.rid);
  }

  /** Decoder-visible loss (RFC 4585 §6.3.1): a PLI, not more often than the interval per stream. */
  #autoKeyframe(stream: ReceiveStream, now: number): void {
    const last = this.#autoKeyframeAt.get(stream);
    if (last !== undefined && now - last < AUTO_KEYFRAME_INTERVAL) return;
    if (this.session.requestKeyframe(stream, now, 'pli')) this.#autoKeyframeAt.set(stream, now);
  }

  nextDeadline(): number | undefined {
    let next = this.session.nextDeadline();
    // Sinks wait for missing packets (jitter buffer) only while a gap is open.
    for (const e of this.#receive.keys()) {
      const sinks = tapOf(e.transceiver.receiver.track)?.sinks;
      if (!sinks) continue;
      for (const sink of sinks) {
        const d = sink.nextDeadline();
        if (d !== undefined && (next === undefined || d < next)) next = d;
      }
    }
    return next;
  }

  pollTransmit(): Uint8Array | undefined {
    return this.session.pollTransmit();
  }

  // ----- bindings -------------------------------------------------------------------------------

  /** Binds send and receive streams to what is negotiated now (after each answer, track change, stop). */
  sync(): void {
    if (this.#stack.closed) return;
    const now = this.#stack.now();
    const entries = this.#s.media.entries;
    this.session.setExtensionIds(extensionIds(bundleExtensionIds(entries)));
    for (const e of [...this.#send.keys()]) if (!entries.includes(e)) this.#unbindSend(e, now);
    for (const e of [...this.#retired.keys()]) if (!entries.includes(e)) this.#retired.delete(e);
    for (const e of [...this.#receive.keys()]) if (!entries.includes(e)) this.#unbindReceive(e);
    for (const e of entries) {
      this.#syncSend(e, now);
      this.#syncReceive(e);
    }
    this.#stack.pump(now);
  }

  #syncSend(e: TransceiverEntry, now: number): void {
    const t = e.transceiver;
    const n = e.negotiated;
    if (!n || !sends(n.direction) || RTCRtpTransceiver.isStopping(t) || t.mid === null) {
      this.#unbindSend(e, now);
      return;
    }
    const source = sourceOf(t.sender.track);
    const codec = source ? sendCodecFor(n.codecs, source.codec) : undefined;
    // webrtc-pc §5.2: an encoding with active false sends nothing (one encoding is sent here).
    const enabled = RTCRtpSender.encodings(t.sender)[0]?.active !== false;
    let binding = this.#send.get(e);
    if (!source || !codec || !enabled) {
      // Paused (no source, a codec it cannot use, or inactive): the stream stays, silent, no BYE.
      binding?.source?.detach();
      if (binding) binding.source = undefined;
      return;
    }
    const rtxPayloadType = e.kind === 'video' ? rtxPayloadTypeFor(n.codecs, codec.payloadType) : undefined;
    if (binding && binding.rtxPayloadType !== rtxPayloadType) {
      this.#unbindSend(e, now);
      this.#retired.delete(e);
      binding = undefined;
    }
    if (!binding) {
      const retired = this.#retired.get(e);
      let stream: SendStream;
      if (retired && retired.rtxPayloadType === rtxPayloadType) {
        stream = retired;
        this.session.resumeSendStream(stream);
      } else {
        stream = this.session.addSendStream({
          kind: e.kind,
          ssrc: e.ssrc,
          payloadType: codec.payloadType,
          clockRate: codec.clockRate,
          mid: t.mid,
          ...(rtxPayloadType !== undefined && e.rtxSsrc !== undefined
            ? { rtxSsrc: e.rtxSsrc, rtxPayloadType }
            : {}),
        });
      }
      this.#retired.delete(e);
      binding = { stream, source: undefined, rtxPayloadType };
      this.#send.set(e, binding);
      this.#bySendStream.set(stream, e);
    }
    binding.stream.payloadType = codec.payloadType;
    if (binding.source !== source) {
      binding.source?.detach();
      binding.source = source;
    }
    source.attach(this.session, binding.stream, this.#driver);
  }

  #unbindSend(e: TransceiverEntry, now: number): void {
    const binding = this.#send.get(e);
    if (!binding) return;
    binding.source?.detach();
    // RFC 3550 §6.6: the stream leaves with a BYE; kept to resume with the same numbering.
    this.session.removeSendStream(binding.stream, now);
    this.#retired.set(e, binding.stream);
    this.#send.delete(e);
    this.#bySendStream.delete(binding.stream);
  }

  #syncReceive(e: TransceiverEntry): void {
    const t = e.transceiver;
    const n = e.negotiated;
    if (!n || !receives(n.direction) || RTCRtpTransceiver.isStopping(t) || t.mid === null) {
      this.#unbindReceive(e);
      return;
    }
    const rids = e.remote?.rids ?? [];
    const signalled = rids.length > 0 ? undefined : e.remote?.ssrcs[0];
    const key = JSON.stringify([
      t.mid,
      n.codecs.map((c) => [c.payloadType, c.mimeType, c.sdpFmtpLine]),
      rids,
      signalled,
    ]);
    if (this.#receive.get(e)?.key === key) return;
    this.#unbindReceive(e);
    const base = { kind: e.kind, codecs: n.codecs, mid: t.mid, reporterSsrc: e.ssrc };
    const streams =
      rids.length > 0
        ? rids.map((rid) => this.session.addReceiveStream({ ...base, rid }))
        : [
            this.session.addReceiveStream({
              ...base,
              ...(signalled ? { ssrc: signalled.ssrc } : {}),
              ...(signalled?.rtxSsrc !== undefined ? { rtxSsrc: signalled.rtxSsrc } : {}),
            }),
          ];
    for (const stream of streams) this.#byReceiveStream.set(stream, e);
    this.#receive.set(e, { streams, key });
  }

  #unbindReceive(e: TransceiverEntry): void {
    const binding = this.#receive.get(e);
    if (!binding) return;
    for (const stream of binding.streams) {
      this.session.removeReceiveStream(stream);
      this.#byReceiveStream.delete(stream);
      this.#lastPayloadType.delete(stream);
      this.#autoKeyframeAt.delete(stream);
    }
    this.#receive.delete(e);
  }

  /** The send and receive streams bound for a transceiver (for stats). */
  streamsOf(e: TransceiverEntry): { send: SendStream | undefined; receive: readonly ReceiveStream[] } {
    return { send: this.#send.get(e)?.stream, receive: this.#receive.get(e)?.streams ?? [] };
  }

  lastPayloadType(stream: ReceiveStream): number | undefined {
    return this.#lastPayloadType.get(stream);
  }

  // ----- events -----------------------------------------------------------------------------------

  #drain(now: number): void {
    for (let ev = this.session.pollEvent(); ev; ev = this.session.pollEvent()) this.#onEvent(ev, now);
  }

  #onEvent(ev: MediaSessionEvent, now: number): void {
    switch (ev.type) {
      case 'rtp': {
        const e = this.#byReceiveStream.get(ev.stream);
        if (!e) return;
        const p = ev.packet;
        this.#lastPayloadType.set(ev.stream, p.payloadType);
        const receiver = e.transceiver.receiver;
        const level = this.#audioLevel(ev);
        RTCRtpReceiver.recordPacket(
          receiver,
          {
            ssrc: p.ssrc,
            csrcs: p.csrcs,
            rtpTimestamp: p.timestamp,
            ...(level !== undefined ? { audioLevelDbov: level } : {}),
          },
          ev.now,
        );
        const sinks = tapOf(receiver.track)?.sinks;
        if (!sinks || sinks.size === 0) return;
        const codec = e.negotiated?.codecs.find((c) => c.payloadType === p.payloadType);
        if (!codec) return;
        let wantKeyframe = false;
        for (const sink of sinks) {
          if (this.#streamFor(e, sink) !== ev.stream) continue;
          TrackSink.deliver(sink, p, codec.mimeType, ev.now);
          if (sink.needsKeyframe) wantKeyframe = true;
        }
        if (wantKeyframe) this.#autoKeyframe(ev.stream, now);
        return;
      }
      case 'keyframe-request': {
        const e = this.#bySendStream.get(ev.stream);
        const source = e && this.#send.get(e)?.source;
        if (source) EncodedTrackSource.requestKeyframe(source, ev.method);
        return;
      }
      case 'bye': {
        // RFC 3550 §6.6: the source left; its track gets no more media (webrtc-pc: muted).
        for (const [stream, e] of this.#byReceiveStream) {
          if (stream.ssrc !== undefined && ev.ssrcs.includes(stream.ssrc))
            MediaStreamTrack.setMuted(e.transceiver.receiver.track, true);
        }
        return;
      }
      default:
        // unknown-ssrc (RFC 8843 §9.2: dropped, counted in session.stats), remb, transport-cc: no
        // congestion controller consumes them yet.
        return;
    }
  }

  #audioLevel(ev: Extract<MediaSessionEvent, { type: 'rtp' }>): number | undefined {
    const id = this.session.ids.audioLevel;
    const ext = ev.packet.extension;
    if (id === undefined || !ext || ev.stream.kind !== 'audio') return undefined;
    try {
      const data = findHeaderExtension(ext, id);
      return data ? decodeAudioLevel(data).level : undefined;
    } catch {
      return undefined;
    }
  }

  /** A key frame request from the application (sink or `requestKeyframe`). */
  requestKeyframe(e: TransceiverEntry, method: 'pli' | 'fir', rid?: string): boolean {
    const streams = this.#receive.get(e)?.streams ?? [];
    const stream =
      rid === undefined ? streams.find((x) => x.ssrc !== undefined) : streams.find((x) => x.rid === rid);
    if (!stream || this.#stack.closed) return false;
    const now = this.#stack.now();
    const sent = this.session.requestKeyframe(stream, now, method);
    this.#stack.pump(now);
    return sent;
  }

  /** RFC 3550 §6.6: BYE for our sources; the stack sends it as it closes. */
  close(): void {
    for (const b of this.#send.values()) b.source?.detach();
    this.session.close(this.#stack.now());
  }
}
