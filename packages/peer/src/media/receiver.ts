// webrtc-pc §5.3 RTCRtpReceiver: its remote track (created muted with the transceiver, §5.3 "create
// an RTCRtpReceiver"), negotiated parameters, and the contributing/synchronization sources seen in
// the last 10 s (§5.3.1, RTCRtpContributingSource).
import type { RTCStatsReport } from '../w3c/stats.js';
import type { RTCDtlsTransport } from '../w3c/transports.js';
import { getRtpCapabilities } from './codecs/capabilities.js';
import {
  codecParameters,
  headerExtensionParameters,
  type NegotiatedRtp,
  type RTCRtpParameters,
} from './rtp-parameters.js';
import { MediaStreamTrack } from './track.js';

export interface RTCRtpContributingSource {
  /** Time of the latest packet from this source (the caller's clock, in ms). */
  timestamp: number;
  source: number;
  /** RFC 6464 / RFC 6465 level as a linear value 0..1 (10^(-dBov/20)), when known. */
  audioLevel?: number;
  rtpTimestamp: number;
}

export type RTCRtpSynchronizationSource = RTCRtpContributingSource;

/** §5.3.1: sources are reported for 10 seconds after their last packet. */
const SOURCE_WINDOW_MS = 10_000;
/** Bound on remembered sources (an RTP packet lists at most 15 CSRCs). */
const MAX_SOURCES = 64;

export interface ReceivedPacketInfo {
  ssrc: number;
  csrcs: readonly number[];
  rtpTimestamp: number;
  /** RFC 6464 level in -dBov (0..127), when the audio-level extension was present. */
  audioLevelDbov?: number;
}

export class RTCRtpReceiver {
  readonly #track: MediaStreamTrack;
  #transport: RTCDtlsTransport | null = null;
  #negotiated: NegotiatedRtp = { codecs: [], headerExtensions: [] };
  readonly #ssrcs = new Map<number, RTCRtpSynchronizationSource>();
  readonly #csrcs = new Map<number, RTCRtpContributingSource>();
  #latest = Number.NEGATIVE_INFINITY;
  #stats: (() => Promise<RTCStatsReport>) | undefined;

  constructor(init: { kind: 'audio' | 'video'; trackId?: string }) {
    const trackInit: ConstructorParameters<typeof MediaStreamTrack>[0] = {
      kind: init.kind,
      label: `remote ${init.kind}`,
      muted: true,
    };
    if (init.trackId !== undefined) trackInit.id = init.trackId;
    this.#track = new MediaStreamTrack(trackInit);
  }

  static getCapabilities(kind: string): ReturnType<typeof getRtpCapabilities> {
    return getRtpCapabilities(kind);
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }
  get transport(): RTCDtlsTransport | null {
    return this.#transport;
  }

  getParameters(): RTCRtpParameters {
    return {
      headerExtensions: headerExtensionParameters(this.#negotiated.headerExtensions),
      rtcp: { cname: this.#negotiated.cname ?? '', reducedSize: this.#negotiated.reducedSize ?? true },
      codecs: codecParameters(this.#negotiated.codecs),
    };
  }

  /** §5.3 getStats: inbound-rtp, remote-outbound-rtp, codec and transport of this receiver. */
  getStats(): Promise<RTCStatsReport> {
    return this.#stats ? this.#stats() : Promise.resolve(new Map());
  }

  /** Sources are kept relative to the newest packet seen (sans-I/O: no clock is read here). */
  getContributingSources(): RTCRtpContributingSource[] {
    return this.#recent(this.#csrcs);
  }
  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return this.#recent(this.#ssrcs);
  }

  #recent(map: Map<number, RTCRtpContributingSource>): RTCRtpContributingSource[] {
    const floor = this.#latest - SOURCE_WINDOW_MS;
    return [...map.values()]
      .filter((s) => s.timestamp >= floor)
      .sort((a, b) => b.timestamp - a.timestamp)
      .map((s) => ({ ...s }));
  }

  // ----- internal hooks for the RTCPeerConnection (not W3C) -----------------------------------

  static setTransport(receiver: RTCRtpReceiver, transport: RTCDtlsTransport | null): void {
    receiver.#transport = transport;
  }
  static setStatsProvider(receiver: RTCRtpReceiver, f: () => Promise<RTCStatsReport>): void {
    receiver.#stats = f;
  }
  static setNegotiated(receiver: RTCRtpReceiver, negotiated: NegotiatedRtp): void {
    receiver.#negotiated = negotiated;
  }
  /** Records one received packet (for the source lists) and unmutes the track (webrtc-pc §5.3). */
  static recordPacket(receiver: RTCRtpReceiver, info: ReceivedPacketInfo, now: number): void {
    receiver.#latest = Math.max(receiver.#latest, now);
    const entry = (source: number): RTCRtpContributingSource => {
      const e: RTCRtpContributingSource = { timestamp: now, source, rtpTimestamp: info.rtpTimestamp };
      // RFC 6464: level in -dBov; W3C wants linear 0..1, with 127 meaning silence.
      if (info.audioLevelDbov !== undefined)
        e.audioLevel = info.audioLevelDbov >= 127 ? 0 : 10 ** (-info.audioLevelDbov / 20);
      return e;
    };
    RTCRtpReceiver.#put(receiver.#ssrcs, info.ssrc, entry(info.ssrc));
    for (const c of info.csrcs) RTCRtpReceiver.#put(receiver.#csrcs, c, entry(c));
    MediaStreamTrack.setMuted(receiver.#track, false);
  }

  static #put(
    map: Map<number, RTCRtpContributingSource>,
    key: number,
    value: RTCRtpContributingSource,
  ): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_SOURCES) map.delete(map.keys().next().value!);
  }
}
