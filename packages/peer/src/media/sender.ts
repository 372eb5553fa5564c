// webrtc-pc §5.2 RTCRtpSender: the track being sent, replaceTrack without renegotiation,
// getParameters/setParameters with the transactionId rule, and the DTLS transport it sends on.
import { domError } from '../w3c/errors.js';
import type { RTCStatsReport } from '../w3c/stats.js';
import type { RTCDtlsTransport } from '../w3c/transports.js';
import { getRtpCapabilities } from './codecs/capabilities.js';
import {
  checkEncodingRanges,
  checkSendEncodings,
  codecParameters,
  headerExtensionParameters,
  type NegotiatedRtp,
  type RTCRtpEncodingParameters,
  type RTCRtpSendParameters,
} from './rtp-parameters.js';
import type { MediaStream } from './stream.js';
import { MediaStreamTrack } from './track.js';

export interface RTCRtpSenderInit {
  kind: 'audio' | 'video';
  track: MediaStreamTrack | null;
  streams?: readonly MediaStream[];
  sendEncodings?: readonly RTCRtpEncodingParameters[];
}

type TrackListener = (track: MediaStreamTrack | null) => void;

export class RTCRtpSender {
  readonly #kind: 'audio' | 'video';
  #track: MediaStreamTrack | null;
  #transport: RTCDtlsTransport | null = null;
  #encodings: RTCRtpEncodingParameters[];
  #negotiated: NegotiatedRtp = { codecs: [], headerExtensions: [] };
  #lastReturned: RTCRtpSendParameters | undefined;
  #transactionCounter = 0;
  #stopping = false;
  #streamIds: string[];
  readonly #trackListeners = new Set<TrackListener>();
  #stats: (() => Promise<RTCStatsReport>) | undefined;

  constructor(init: RTCRtpSenderInit) {
    this.#kind = init.kind;
    if (init.track && init.track.kind !== init.kind) throw domError('TypeError', 'track kind does not match');
    this.#track = init.track;
    this.#encodings = checkSendEncodings(init.kind, init.sendEncodings);
    this.#streamIds = (init.streams ?? []).map((s) => s.id);
  }

  /** §5.2 getCapabilities(kind): what we can send. */
  static getCapabilities(kind: string): ReturnType<typeof getRtpCapabilities> {
    return getRtpCapabilities(kind);
  }

  get track(): MediaStreamTrack | null {
    return this.#track;
  }
  get transport(): RTCDtlsTransport | null {
    return this.#transport;
  }

  /**
   * §5.2 replaceTrack: swaps the source without negotiation. TypeError for another kind;
   * InvalidStateError once the transceiver is stopping.
   */
  async replaceTrack(withTrack: MediaStreamTrack | null): Promise<void> {
    if (withTrack !== null && !(withTrack instanceof MediaStreamTrack))
      throw domError('TypeError', 'not a track');
    if (withTrack && withTrack.kind !== this.#kind)
      throw domError('TypeError', 'track kind does not match the sender');
    if (this.#stopping) throw domError('InvalidStateError', 'the transceiver is stopping');
    this.#track = withTrack;
    for (const f of this.#trackListeners) f(withTrack);
  }

  /** §5.2 getStats: outbound-rtp, remote-inbound-rtp, codec, media-source and transport of this sender. */
  getStats(): Promise<RTCStatsReport> {
    return this.#stats ? this.#stats() : Promise.resolve(new Map());
  }

  /** §5.2 setStreams: the msid stream ids for the next offer. */
  setStreams(...streams: MediaStream[]): void {
    if (this.#stopping) throw domError('InvalidStateError', 'the transceiver is stopping');
    this.#streamIds = [...new Set(streams.map((s) => s.id))];
  }

  /** §5.2 getParameters: a fresh transactionId each call; setParameters must return the latest one. */
  getParameters(): RTCRtpSendParameters {
    const params: RTCRtpSendParameters = {
      transactionId: `t${++this.#transactionCounter}`,
      encodings: this.#encodings.map((e) => ({ ...e })),
      headerExtensions: headerExtensionParameters(this.#negotiated.headerExtensions),
      rtcp: { cname: this.#negotiated.cname ?? '', reducedSize: this.#negotiated.reducedSize ?? true },
      codecs: codecParameters(this.#negotiated.codecs),
    };
    this.#lastReturned = structuredClone(params);
    return params;
  }

  /**
   * §5.2 setParameters: InvalidStateError without a previous getParameters (or when stopping);
   * InvalidModificationError when the transactionId differs or a read-only member (encoding count,
   * rid, codecs, headerExtensions, rtcp) changed; RangeError for bad values. Then the encodings apply.
   */
  async setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    if (this.#stopping) throw domError('InvalidStateError', 'the transceiver is stopping');
    const last = this.#lastReturned;
    if (!last) throw domError('InvalidStateError', 'getParameters() was not called first');
    if (!parameters || parameters.transactionId !== last.transactionId)
      throw domError('InvalidModificationError', 'transactionId does not match the last getParameters()');
    const encodings = parameters.encodings ?? [];
    if (encodings.length !== last.encodings.length)
      throw domError('InvalidModificationError', 'the number of encodings cannot change');
    encodings.forEach((e, i) => {
      if (e.rid !== last.encodings[i]!.rid) throw domError('InvalidModificationError', 'rid cannot change');
    });
    if (
      JSON.stringify(parameters.codecs ?? []) !== JSON.stringify(last.codecs) ||
      JSON.stringify(parameters.headerExtensions ?? []) !== JSON.stringify(last.headerExtensions) ||
      JSON.stringify(parameters.rtcp ?? {}) !== JSON.stringify(last.rtcp)
    )
      throw domError('InvalidModificationError', 'codecs, headerExtensions and rtcp are read-only');
    for (const e of encodings) checkEncodingRanges(e);
    this.#encodings = encodings.map((e) => ({ ...e, active: e.active ?? true }));
    this.#lastReturned = undefined;
    for (const f of this.#trackListeners) f(this.#track);
  }

  // ----- internal hooks for the RTCPeerConnection (not W3C) -----------------------------------

  /** The stream ids for a=msid (RFC 8830). */
  static streamIds(sender: RTCRtpSender): readonly string[] {
    return sender.#streamIds;
  }
  /** The current encodings (active flags, rids for simulcast). */
  static encodings(sender: RTCRtpSender): readonly RTCRtpEncodingParameters[] {
    return sender.#encodings;
  }
  static setTransport(sender: RTCRtpSender, transport: RTCDtlsTransport | null): void {
    sender.#transport = transport;
  }
  static setNegotiated(sender: RTCRtpSender, negotiated: NegotiatedRtp): void {
    sender.#negotiated = negotiated;
  }
  /** addTrack/removeTrack set the track directly (webrtc-pc §4.4.1.x), without replaceTrack's checks. */
  static setTrack(sender: RTCRtpSender, track: MediaStreamTrack | null): void {
    sender.#track = track;
    for (const f of sender.#trackListeners) f(track);
  }
  static setStatsProvider(sender: RTCRtpSender, f: () => Promise<RTCStatsReport>): void {
    sender.#stats = f;
  }
  static setStopping(sender: RTCRtpSender): void {
    sender.#stopping = true;
  }
  /** Called with the track on every replaceTrack and setParameters (the media source rebinds). */
  static onTrackReplaced(sender: RTCRtpSender, f: TrackListener): () => void {
    sender.#trackListeners.add(f);
    return () => sender.#trackListeners.delete(f);
  }
}
