export type { RTCSignalingState } from './jsep/signaling-state.js';
export type { RtpCodecCapability as RTCRtpCodecCapability } from './media/codecs/capabilities.js';
export {
  type RTCRtpContributingSource,
  RTCRtpReceiver,
  type RTCRtpSynchronizationSource,
} from './media/receiver.js';
export type {
  RTCRtcpParameters,
  RTCRtpCodecParameters,
  RTCRtpEncodingParameters,
  RTCRtpHeaderExtensionParameters,
  RTCRtpParameters,
  RTCRtpSendParameters,
} from './media/rtp-parameters.js';
export { RTCRtpSender } from './media/sender.js';
export { MediaStream, MediaStreamTrackEvent } from './media/stream.js';
export { MediaStreamTrack, type MediaStreamTrackState } from './media/track.js';
export { RTCTrackEvent, type RTCTrackEventInit } from './media/track-event.js';
export { RTCRtpTransceiver, type RTCRtpTransceiverDirection } from './media/transceiver.js';
export {
  type RTCIceConnectionState,
  type RTCIceGatheringState,
  RTCPeerConnection,
  type RTCPeerConnectionNodeOptions,
  type RTCPeerConnectionState,
  type RTCRtpTransceiverInit,
} from './peer-connection.js';
export type { Timeline } from './transport/transport-stack.js';
export { RTCCertificate, type RTCDtlsFingerprint } from './w3c/certificate.js';
export type {
  RTCBundlePolicy,
  RTCConfiguration,
  RTCIceServer,
  RTCIceTransportPolicy,
  RTCRtcpMuxPolicy,
} from './w3c/configuration.js';
export {
  type BinaryType,
  RTCDataChannel,
  type RTCDataChannelInit,
  type RTCDataChannelState,
} from './w3c/data-channel.js';
export {
  RTCDataChannelEvent,
  RTCPeerConnectionIceErrorEvent,
  RTCPeerConnectionIceEvent,
} from './w3c/events.js';
export { RTCIceCandidate, type RTCIceCandidateInit, type RTCIceCandidateType } from './w3c/ice-candidate.js';
export {
  type RTCSdpType,
  RTCSessionDescription,
  type RTCSessionDescriptionInit,
} from './w3c/session-description.js';
export type { RTCStats, RTCStatsReport } from './w3c/stats.js';
export {
  RTCDtlsTransport,
  type RTCDtlsTransportState,
  type RTCIceCandidatePair,
  RTCIceTransport,
  type RTCIceTransportState,
  RTCSctpTransport,
  type RTCSctpTransportState,
} from './w3c/transports.js';
