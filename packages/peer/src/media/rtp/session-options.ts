// The options, counters and outgoing-packet shape of a MediaSession (media-session.ts).
import type { HeaderExtension } from '@rtc/rtp';
import type { SrtpSession } from '@rtc/srtp';

/** Negotiated header extension ids of the bundle (RFC 8285 §5); omit what was not negotiated. */
export interface MediaSessionExtensionIds {
  mid?: number;
  rid?: number;
  repairedRid?: number;
  absSendTime?: number;
  transportCc?: number;
  audioLevel?: number;
}

export interface MediaSessionOptions {
  /** Keyed from the DTLS exporter (see `srtpSessionFromExporter`). */
  srtp: SrtpSession;
  /** RFC 3550 §6.5.1 CNAME for our SDES. */
  cname: string;
  extensions?: MediaSessionExtensionIds;
  /** SSRC for RTCP when we have no send stream (RFC 3550 §6.4.2 RR sender). Drawn when omitted. */
  rtcpSsrc?: number;
  /** Minimum RTCP report interval in ms (default 1000; RFC 3550 §6.2 scaled minimum). */
  rtcpIntervalMs?: number;
  /** Session bandwidth in kbit/s for the RTCP share (RFC 3550 §6.2: 5%); default 2000. */
  sessionBandwidthKbps?: number;
  /** Add to `now` to get Unix time in ms, for NTP timestamps in SRs and RTT (default 0). */
  unixTimeOffsetMs?: number;
  /** RFC 5506 reduced-size feedback (negotiated with a=rtcp-rsize); default true. */
  reducedSizeRtcp?: boolean;
  /** Uniform [0, 1) source for SSRCs, sequence numbers and the RTCP interval; default Math.random. */
  random?: () => number;
  /** Protected datagrams waiting in `pollTransmit` at most (further ones dropped, counted). Default 4096. */
  maxQueuedTransmits?: number;
  /** Events waiting in `pollEvent` at most (further ones dropped, counted). Default 4096. */
  maxQueuedEvents?: number;
}

/** Drop and activity counters. `srtp.stats` holds the SRTP layer's own per-reason counts. */
export interface MediaSessionStats {
  rtpReceived: number;
  rtcpReceived: number;
  srtpDropped: number;
  srtcpDropped: number;
  malformedRtp: number;
  malformedRtcp: number;
  unknownSsrc: number;
  rtxMalformed: number;
  /** Media packets (RTX unwrapped) with a sequence number already received, dropped. */
  duplicates: number;
  transmitOverflows: number;
  eventOverflows: number;
  rtpSent: number;
  rtcpSent: number;
}

/** An RTP packet to send on a stream; the session fills in SSRC, sequence number and extensions. */
export interface OutgoingRtp {
  payload: Uint8Array;
  timestamp: number;
  marker: boolean;
  payloadType?: number;
  /** Extra header extensions (e.g. audio level) besides the ones the session writes. */
  extensions?: HeaderExtension[];
}
