// The RTP/RTCP session of one bundled transport (RFC 3550, RFC 8843 §9), sans-I/O: SRTP-protected
// datagrams and `now` in; protected datagrams, typed events and the next deadline out. It sends RTP
// for SendStreams (header extensions, history for NACK/RTX), receives RTP for ReceiveStreams (demux,
// RTX unwrap, statistics, NACK generation, transport-wide CC feedback), and runs RTCP (SR/RR/SDES on
// the RFC 3550 interval, NACK/PLI/FIR/REMB/TWCC feedback).
import { decodeRtpPacket, isRtcp, ntpFromUnixMs, type RtpPacket, TransportCcRecorder } from '@rtc/rtp';
import type { SrtpSession } from '@rtc/srtp';
import { RtpDemuxer } from './demux.js';
import type { MediaSessionEvent } from './events.js';
import { keyframeRequest, nackPacket, rembPacket } from './feedback-packets.js';
import { acceptIncomingRtp, transportSequenceOf } from './incoming-rtp.js';
import { writeOutgoingRtp } from './outgoing-rtp.js';
import { ReceiveStream, type ReceiveStreamInit } from './receive-stream.js';
import { RtcpReceiver } from './rtcp-receiver.js';
import { RtcpSender } from './rtcp-sender.js';
import { SendStream, type SendStreamInit } from './send-stream.js';
import type {
  MediaSessionExtensionIds,
  MediaSessionOptions,
  MediaSessionStats,
  OutgoingRtp,
} from './session-options.js';

export type {
  MediaSessionExtensionIds,
  MediaSessionOptions,
  MediaSessionStats,
  OutgoingRtp,
} from './session-options.js';

const MAX_REPORTED_UNKNOWN = 64;

export class MediaSession {
  readonly stats: MediaSessionStats = {
    rtpReceived: 0,
    rtcpReceived: 0,
    srtpDropped: 0,
    srtcpDropped: 0,
    malformedRtp: 0,
    malformedRtcp: 0,
    unknownSsrc: 0,
    rtxMalformed: 0,
    duplicates: 0,
    transmitOverflows: 0,
    eventOverflows: 0,
    rtpSent: 0,
    rtcpSent: 0,
  };
  readonly srtp: SrtpSession;
  readonly sendStreams: SendStream[] = [];
  readonly rtcpSsrc: number;
  readonly ids: MediaSessionExtensionIds;
  private readonly demux: RtpDemuxer;
  private readonly random: () => number;
  private readonly transmits: Uint8Array[] = [];
  private readonly events: MediaSessionEvent[] = [];
  private readonly maxTransmits: number;
  private readonly maxEvents: number;
  private readonly unixOffset: number;
  private readonly rtcpOut: RtcpSender;
  private readonly rtcpIn: RtcpReceiver;
  private transportSeq = 0;
  /** Takes the next transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). */
  private readonly nextTransportSeq = (): number => {
    const seq = this.transportSeq;
    this.transportSeq = (seq + 1) & 0xffff;
    return seq;
  };
  private twcc: TransportCcRecorder | undefined;
  private readonly reportedUnknown = new Set<number>();
  private closed = false;

  constructor(options: MediaSessionOptions) {
    this.srtp = options.srtp;
    this.random = options.random ?? Math.random;
    // A copy: the demultiplexer shares this object, and setExtensionIds updates it in place.
    this.ids = { ...options.extensions };
    this.rtcpSsrc = (options.rtcpSsrc ?? this.randomU32()) >>> 0;
    this.demux = new RtpDemuxer(this.ids);
    this.maxTransmits = options.maxQueuedTransmits ?? 4096;
    this.maxEvents = options.maxQueuedEvents ?? 4096;
    this.unixOffset = options.unixTimeOffsetMs ?? 0;
    this.rtcpOut = new RtcpSender({
      cname: options.cname,
      minIntervalMs: options.rtcpIntervalMs ?? 1000,
      sessionBandwidthKbps: options.sessionBandwidthKbps ?? 2000,
      reducedSize: options.reducedSizeRtcp ?? true,
      random: this.random,
      rtcpSsrc: this.rtcpSsrc,
    });
    this.rtcpIn = new RtcpReceiver();
  }

  /**
   * Renegotiation may change the bundle's header extension ids (RFC 8285 §6, RFC 8843 §9.1): the new
   * ids apply from the next packet sent or received.
   */
  setExtensionIds(ids: MediaSessionExtensionIds): void {
    const target = this.ids as Record<string, number | undefined>;
    for (const key of Object.keys(target)) delete target[key];
    Object.assign(target, ids);
  }

  get receiveStreams(): readonly ReceiveStream[] {
    return this.demux.streams;
  }

  // ----- streams -------------------------------------------------------------------------------

  addSendStream(init: SendStreamInit): SendStream {
    const stream = new SendStream(init, Math.floor(this.random() * 0x10000));
    this.sendStreams.push(stream);
    return stream;
  }

  /**
   * Puts back a stream removed earlier (the transceiver sends again): its sequence numbers, RTX
   * sequence numbers and history continue, so the SRTP index and the peer's replay window do too.
   */
  resumeSendStream(stream: SendStream): void {
    if (!this.sendStreams.includes(stream)) this.sendStreams.push(stream);
  }

  removeSendStream(stream: SendStream, now: number): void {
    const i = this.sendStreams.indexOf(stream);
    if (i < 0) return;
    this.sendStreams.splice(i, 1);
    // RFC 3550 §6.6: a source that leaves says BYE.
    this.queueRtcp(
      this.rtcpOut.bye(this.sendStreams, [
        stream.ssrc,
        ...(stream.rtxSsrc === undefined ? [] : [stream.rtxSsrc]),
      ]),
      now,
    );
  }

  addReceiveStream(init: ReceiveStreamInit): ReceiveStream {
    const stream = new ReceiveStream(init);
    this.demux.add(stream);
    return stream;
  }

  removeReceiveStream(stream: ReceiveStream): void {
    this.demux.remove(stream);
  }

  // ----- sending -------------------------------------------------------------------------------

  /**
   * Sends one RTP packet on `stream`: assigns the next sequence number, writes the negotiated mid,
   * rid, abs-send-time and transport-wide sequence number extensions, keeps it for NACKs, protects it.
   */
  sendRtp(stream: SendStream, rtp: OutgoingRtp, now: number): void {
    if (this.closed) return;
    const bytes = writeOutgoingRtp(stream, rtp, this.ids, this.nextTransportSeq, now + this.unixOffset, now);
    this.rtcpOut.noteSending(now);
    this.queueRtp(bytes);
  }

  // ----- receiving -----------------------------------------------------------------------------

  /** Feeds one SRTP or SRTCP datagram (RFC 5761 §4 tells them apart). Never throws on its content. */
  handlePacket(datagram: Uint8Array, now: number): void {
    if (isRtcp(datagram)) this.handleRtcp(datagram, now);
    else this.handleRtp(datagram, now);
  }

  handleRtp(datagram: Uint8Array, now: number): void {
    if (this.closed) return;
    const result = this.srtp.unprotectRtp(datagram);
    if (!result.ok) {
      this.stats.srtpDropped++;
      return;
    }
    let packet: RtpPacket;
    try {
      packet = decodeRtpPacket(result.packet);
    } catch {
      this.stats.malformedRtp++;
      return;
    }
    this.stats.rtpReceived++;
    const route = this.demux.route(packet);
    if (!route) {
      this.stats.unknownSsrc++;
      if (!this.reportedUnknown.has(packet.ssrc) && this.reportedUnknown.size < MAX_REPORTED_UNKNOWN) {
        this.reportedUnknown.add(packet.ssrc);
        this.pushEvent({
          type: 'unknown-ssrc',
          ssrc: packet.ssrc,
          payloadType: packet.payloadType,
          mid: this.demux.mid(packet),
        });
      }
      return;
    }
    this.recordTransportCc(packet, now);
    this.rtcpOut.noteSending(now); // RFC 3550 §6.2: members report, senders or not
    const { stream } = route;
    const isRtx = route.rtx || stream.rtxApt.has(packet.payloadType);
    const media = acceptIncomingRtp(stream, packet, isRtx, result.packet.length, now, this.stats);
    if (!media) return;
    this.pushEvent({ type: 'rtp', stream, packet: media, retransmission: isRtx, now });
  }

  handleRtcp(datagram: Uint8Array, now: number): void {
    if (this.closed) return;
    const result = this.srtp.unprotectRtcp(datagram);
    if (!result.ok) {
      this.stats.srtcpDropped++;
      return;
    }
    const packets = this.rtcpIn.decode(result.packet);
    if (!packets) {
      this.stats.malformedRtcp++;
      return;
    }
    this.stats.rtcpReceived++;
    this.rtcpIn.handle(packets, now, {
      sendStreams: this.sendStreams,
      receiveStreams: this.demux.streams,
      ntpNow: this.ntpAt(now),
      emit: (e) => this.pushEvent(e),
      retransmit: (bytes) => this.queueRtp(bytes),
    });
  }

  private recordTransportCc(packet: RtpPacket, now: number): void {
    const seq = transportSequenceOf(packet, this.ids.transportCc);
    if (seq === undefined) return;
    this.twcc ??= new TransportCcRecorder({ senderSsrc: this.feedbackSsrc(), mediaSsrc: packet.ssrc });
    this.twcc.handlePacket(seq, now);
  }

  // ----- feedback on request -------------------------------------------------------------------

  /**
   * Asks the sender of `stream` for a key frame: RFC 4585 §6.3.1 PLI, or RFC 5104 §4.3.1 FIR.
   * Returns false when the stream's SSRC is not known yet (nothing received).
   */
  requestKeyframe(stream: ReceiveStream, now: number, method: 'pli' | 'fir' = 'pli'): boolean {
    if (stream.ssrc === undefined || this.closed) return false;
    const packet = keyframeRequest(stream, stream.ssrc, this.feedbackSsrc(), method);
    this.queueRtcp(this.rtcpOut.feedback(this.sendStreams, [packet]), now);
    return true;
  }

  /** Sends REMB (draft-alvestrand-rmcat-remb) with our estimate for the given SSRCs. */
  sendRemb(bitrate: number, ssrcs: number[], now: number): void {
    const packet = rembPacket(this.feedbackSsrc(), bitrate, ssrcs);
    this.queueRtcp(this.rtcpOut.feedback(this.sendStreams, [packet]), now);
  }

  // ----- timers --------------------------------------------------------------------------------

  handleTimeout(now: number): void {
    if (this.closed) return;
    for (const stream of this.demux.streams) {
      const nack = stream.nack;
      if (!nack || stream.ssrc === undefined) continue;
      const due = nack.nextDeadline();
      if (due === undefined || due > now) continue;
      nack.handleTimeout(now);
      for (let lost = nack.pollNack(); lost; lost = nack.pollNack()) {
        stream.counters.nackCount++;
        const packet = nackPacket(this.feedbackSsrc(), stream.ssrc, lost);
        this.queueRtcp(this.rtcpOut.feedback(this.sendStreams, [packet]), now);
      }
    }
    if (this.twcc) {
      this.twcc.handleTimeout(now);
      for (let fb = this.twcc.pollFeedback(); fb; fb = this.twcc.pollFeedback())
        this.queueRtcp(this.rtcpOut.feedback(this.sendStreams, [fb]), now);
    }
    if (this.hasStreams()) {
      const report = this.rtcpOut.handleTimeout(now, this.ntpAt(now), this.sendStreams, this.demux.streams);
      if (report) this.queueRtcp(report, now);
    }
  }

  nextDeadline(): number | undefined {
    if (this.closed) return undefined;
    let next: number | undefined;
    const take = (t: number | undefined): void => {
      if (t !== undefined && (next === undefined || t < next)) next = t;
    };
    for (const s of this.demux.streams) if (s.ssrc !== undefined) take(s.nack?.nextDeadline());
    take(this.twcc?.nextDeadline());
    if (this.hasStreams()) take(this.rtcpOut.nextReportAt());
    return next;
  }

  pollTransmit(): Uint8Array | undefined {
    return this.transmits.shift();
  }

  pollEvent(): MediaSessionEvent | undefined {
    return this.events.shift();
  }

  /** RFC 3550 §6.6: BYE for all our sources, then stop. */
  close(now: number): void {
    if (this.closed) return;
    const ssrcs = this.sendStreams.flatMap((s) => (s.rtxSsrc === undefined ? [s.ssrc] : [s.ssrc, s.rtxSsrc]));
    if (ssrcs.length > 0) this.queueRtcp(this.rtcpOut.bye(this.sendStreams, ssrcs), now);
    this.closed = true;
  }

  // ----- internals -----------------------------------------------------------------------------

  private hasStreams(): boolean {
    return this.sendStreams.length > 0 || this.demux.streams.length > 0;
  }

  /** RFC 4585 §6.1: feedback's packet sender SSRC: one of our media SSRCs, else the RTCP SSRC. */
  private feedbackSsrc(): number {
    return this.sendStreams[0]?.ssrc ?? this.rtcpSsrc;
  }

  private ntpAt(now: number): bigint {
    return ntpFromUnixMs(now + this.unixOffset);
  }

  private randomU32(): number {
    return Math.floor(this.random() * 0x100000000) >>> 0;
  }

  private queueRtp(bytes: Uint8Array): void {
    if (this.transmits.length >= this.maxTransmits) {
      this.stats.transmitOverflows++;
      return;
    }
    this.transmits.push(this.srtp.protectRtp(bytes));
    this.stats.rtpSent++;
  }

  private queueRtcp(bytes: Uint8Array, now: number): void {
    if (this.closed) return;
    if (this.transmits.length >= this.maxTransmits) {
      this.stats.transmitOverflows++;
      return;
    }
    this.rtcpOut.noteSent(bytes.length, now);
    this.transmits.push(this.srtp.protectRtcp(bytes));
    this.stats.rtcpSent++;
  }

  private pushEvent(event: MediaSessionEvent): void {
    if (this.events.length >= this.maxEvents) {
      this.stats.eventOverflows++;
      return;
    }
    this.events.push(event);
  }
}
