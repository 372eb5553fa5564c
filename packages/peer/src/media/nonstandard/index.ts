// NON-STANDARD Node media source and sink, published as the `@rtc/peer/media` subpath export:
// encoded frames or RTP in, RTP packets and assembled frames out.
export type { AssembledFrame, RtpPacket } from '@rtc/rtp';
export { requestKeyframe } from './keyframe.js';
export { depacketizerFor, type PayloadFormatName, packetizerFor } from './payload-format.js';
export { TrackSink, TrackSinkFrameEvent, type TrackSinkOptions, TrackSinkPacketEvent } from './track-sink.js';
export {
  type EncodedFrame,
  EncodedTrackSource,
  type EncodedTrackSourceOptions,
  ivfFrames,
  KeyframeRequestEvent,
  oggOpusFrames,
  type SourceDriver,
} from './track-source.js';
export { type RtpTransportStats, rtpTransportStats } from './transport-stats.js';
