// The codecs and RTP header extensions this stack offers by default (RFC 8829 §5.2.1: the offerer lists
// what it can send and receive, in preference order) and their W3C capability shape
// (webrtc-pc §5.2 RTCRtpSender.getCapabilities / RTCRtpCodecCapability).
import { ExtensionUri } from '@rtc/rtp';

export type MediaKind = 'audio' | 'video';

export interface RtcpFeedback {
  type: string;
  parameter?: string;
}

/** One codec as negotiated or offered: the W3C RTCRtpCodecParameters plus its rtcp-fb lines. */
export interface MediaCodec {
  payloadType: number;
  /** 'audio/opus', 'video/VP8', 'video/rtx' ... (webrtc-pc §5.2: type/subtype). */
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** The a=fmtp parameters as written, without the payload type. */
  sdpFmtpLine?: string;
  rtcpFeedback: RtcpFeedback[];
}

/** W3C RTCRtpCodecCapability (webrtc-pc §5.2 / RTCRtpCodec): no payload type. */
export interface RtpCodecCapability {
  mimeType: string;
  clockRate: number;
  channels?: number;
  sdpFmtpLine?: string;
}

export interface HeaderExtensionCapability {
  uri: string;
}

/** A negotiated header extension: its URI and the id used on the wire (RFC 8285 §5). */
export interface NegotiatedExtension {
  uri: string;
  id: number;
}

const VIDEO_FEEDBACK: readonly RtcpFeedback[] = [
  { type: 'goog-remb' },
  { type: 'transport-cc' },
  { type: 'ccm', parameter: 'fir' },
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
];

function video(payloadType: number, name: string, sdpFmtpLine?: string): MediaCodec[] {
  const main: MediaCodec = {
    payloadType,
    mimeType: `video/${name}`,
    clockRate: 90000,
    rtcpFeedback: VIDEO_FEEDBACK.map((f) => ({ ...f })),
  };
  if (sdpFmtpLine !== undefined) main.sdpFmtpLine = sdpFmtpLine;
  // RFC 4588 §8.1: each retransmission payload type names its original with apt=.
  const rtx: MediaCodec = {
    payloadType: payloadType + 1,
    mimeType: 'video/rtx',
    clockRate: 90000,
    sdpFmtpLine: `apt=${payloadType}`,
    rtcpFeedback: [],
  };
  return [main, rtx];
}

/** Default audio codecs: Opus (RFC 7587) with in-band FEC, on the payload type browsers use. */
export function defaultAudioCodecs(): MediaCodec[] {
  return [
    {
      payloadType: 111,
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
      sdpFmtpLine: 'minptime=10;useinbandfec=1',
      rtcpFeedback: [{ type: 'transport-cc' }],
    },
  ];
}

/** Default video codecs in preference order, each followed by its RTX (RFC 4588) payload type. */
export function defaultVideoCodecs(): MediaCodec[] {
  return [
    ...video(96, 'VP8'),
    ...video(98, 'VP9', 'profile-id=0'),
    ...video(102, 'H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f'),
    ...video(106, 'H264', 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f'),
    ...video(45, 'AV1'),
  ];
}

export function defaultCodecs(kind: MediaKind): MediaCodec[] {
  return kind === 'audio' ? defaultAudioCodecs() : defaultVideoCodecs();
}

/**
 * Default header extensions with the ids we offer. One id space serves both kinds, so a BUNDLE
 * group never maps one id to two URIs (RFC 8843 §9.2 requires the same mapping across the group).
 */
export function defaultHeaderExtensions(kind: MediaKind): NegotiatedExtension[] {
  const common = [
    { uri: ExtensionUri.absSendTime, id: 2 },
    { uri: ExtensionUri.transportWideCc, id: 3 },
    { uri: ExtensionUri.mid, id: 4 },
  ];
  if (kind === 'audio') return [{ uri: ExtensionUri.audioLevel, id: 1 }, ...common];
  return [...common, { uri: ExtensionUri.rid, id: 10 }, { uri: ExtensionUri.repairedRid, id: 11 }];
}

/** webrtc-pc §5.2 getCapabilities(kind): codecs (without payload types) and header extensions. */
export function getRtpCapabilities(kind: string): {
  codecs: RtpCodecCapability[];
  headerExtensions: HeaderExtensionCapability[];
} | null {
  if (kind !== 'audio' && kind !== 'video') return null;
  return {
    codecs: capabilityCodecs(kind),
    headerExtensions: defaultHeaderExtensions(kind).map((e) => ({ uri: e.uri })),
  };
}

/**
 * The codec capabilities of a kind: each media codec once, and RTX once without fmtp (as browsers
 * list it: one entry stands for every apt pairing).
 */
export function capabilityCodecs(kind: MediaKind): RtpCodecCapability[] {
  const out: RtpCodecCapability[] = [];
  let rtx = false;
  for (const c of defaultCodecs(kind)) {
    if (codecName(c.mimeType) === 'rtx') rtx = true;
    else out.push(toCapability(c));
  }
  if (rtx) out.push({ mimeType: `${kind}/rtx`, clockRate: 90000 });
  return out;
}

export function toCapability(c: MediaCodec): RtpCodecCapability {
  const cap: RtpCodecCapability = { mimeType: c.mimeType, clockRate: c.clockRate };
  if (c.channels !== undefined) cap.channels = c.channels;
  if (c.sdpFmtpLine !== undefined) cap.sdpFmtpLine = c.sdpFmtpLine;
  return cap;
}

/** The codec name after the slash, lower-cased ('video/VP8' -> 'vp8'). */
export function codecName(mimeType: string): string {
  const slash = mimeType.indexOf('/');
  return mimeType.slice(slash + 1).toLowerCase();
}

/** Parses 'a=1;b=2' fmtp parameters into a map with lower-cased keys. */
export function fmtpMap(line: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!line) return map;
  for (const part of line.split(';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key) map.set(key, eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return map;
}
