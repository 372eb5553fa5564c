// NON-STANDARD Node media source and sink (a future `@rtc/peer/media` subpath export): encoded
// frames or RTP in, RTP packets and assembled frames out.
export { depacketizerFor, type PayloadFormatName, packetizerFor } from './payload-format.js';
export { TrackSink, type TrackSinkOptions } from './track-sink.js';
export {
  type EncodedFrame,
  EncodedTrackSource,
  type EncodedTrackSourceOptions,
  ivfFrames,
  oggOpusFrames,
} from './track-source.js';
