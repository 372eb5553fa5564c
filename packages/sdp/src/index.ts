export { DIRECTIONS, type Direction } from './attributes/direction.js';
export type { Fingerprint, Setup } from './attributes/dtls.js';
export type { Extmap } from './attributes/extmap.js';
export type { Group, MsidSemantic } from './attributes/group.js';
export type { Msid } from './attributes/msid.js';
export type { Rid, RidDirection } from './attributes/rid.js';
export type { Rtcp } from './attributes/rtcp.js';
export {
  type Fmtp,
  formatFmtpParameters,
  parseFmtpParameters,
  type RtcpFeedback,
  type RtpMap,
} from './attributes/rtp-map.js';
export type { Sctpmap } from './attributes/sctp.js';
export type { Simulcast, SimulcastStream, SimulcastStreams } from './attributes/simulcast.js';
export type { SsrcAttribute, SsrcGroup } from './attributes/ssrc.js';
export type { Codec, CodecFeedback, CodecInit } from './codecs.js';
export { type SdpErrorCode, SdpParseError } from './errors.js';
export type { Bandwidth } from './fields/bandwidth.js';
export type { Connection } from './fields/connection.js';
export type { MediaLine } from './fields/media-line.js';
export type { Origin } from './fields/origin.js';
export type { Timing } from './fields/timing.js';
export type { Attribute, SdpLine } from './line.js';
export { MediaDescription, type MediaDescriptionInit } from './media.js';
export { type ParseOptions, parseSdp, serializeSdp } from './parse.js';
export { Section } from './section.js';
export { SessionDescription, type SessionDescriptionInit } from './session.js';
