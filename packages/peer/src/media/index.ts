// The media building blocks of @rtc/peer (webrtc-pc §5 and the RTP path), re-exported for the
// RTCPeerConnection and for tests. The non-standard Node source/sink live in ./nonstandard/.
export {
  capabilityCodecs,
  codecName,
  defaultAudioCodecs,
  defaultCodecs,
  defaultHeaderExtensions,
  defaultVideoCodecs,
  fmtpMap,
  getRtpCapabilities,
  type HeaderExtensionCapability,
  type MediaCodec,
  type MediaKind,
  type NegotiatedExtension,
  type RtcpFeedback,
  type RtpCodecCapability,
} from './codecs/capabilities.js';
export {
  answerProfileLevelId,
  DEFAULT_PROFILE_LEVEL_ID,
  formatProfileLevelId,
  type H264Profile,
  type H264ProfileLevel,
  parseProfileLevelId,
} from './codecs/h264-profile.js';
export {
  acceptAnswerCodecs,
  fromSdpCodec,
  matchCodec,
  negotiateCodecs,
  negotiateHeaderExtensions,
  remoteCodecs,
} from './codecs/negotiate.js';
export {
  type LocalSendStream,
  type RemoteRtpParameters,
  type RtpSectionInit,
  readRemoteRtpParameters,
  rtxPayloadTypeFor,
  writeRtpSection,
} from './codecs/sdp-media.js';
export {
  type RTCRtpContributingSource,
  RTCRtpReceiver,
  type RTCRtpSynchronizationSource,
} from './receiver.js';
export type { MediaSessionEvent } from './rtp/events.js';
export {
  MediaSession,
  type MediaSessionExtensionIds,
  type MediaSessionOptions,
  type MediaSessionStats,
  type OutgoingRtp,
} from './rtp/media-session.js';
export { ReceiveStream, type ReceiveStreamInit } from './rtp/receive-stream.js';
export { rtcpIntervalMs } from './rtp/rtcp-interval.js';
export { type RemoteReceptionReport, SendStream, type SendStreamInit } from './rtp/send-stream.js';
export { DTLS_SRTP_EXPORTER_LABEL, srtpExporterLength, srtpSessionFromExporter } from './rtp/srtp-keys.js';
export { codecStats, type RtpStatsReport, receiveStreamStats, sendStreamStats } from './rtp/stats.js';
export {
  checkSendEncodings,
  type NegotiatedRtp,
  type RTCRtcpParameters,
  type RTCRtpCodecParameters,
  type RTCRtpEncodingParameters,
  type RTCRtpHeaderExtensionParameters,
  type RTCRtpParameters,
  type RTCRtpSendParameters,
} from './rtp-parameters.js';
export { RTCRtpSender } from './sender.js';
export { MediaStream, MediaStreamTrackEvent } from './stream.js';
export { MediaStreamTrack, type MediaStreamTrackState } from './track.js';
export { RTCTrackEvent } from './track-event.js';
export { RTCRtpTransceiver, type RTCRtpTransceiverDirection } from './transceiver.js';
