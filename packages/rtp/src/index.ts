export { RtpError, type RtpErrorCode } from './errors.js';
export {
  isRtcp,
  isRtp,
  RTP_FIXED_HEADER_SIZE,
  rtcpPacketType,
  rtcpSsrc,
  rtpHeaderLength,
  rtpMarker,
  rtpPayloadType,
  rtpSequenceNumber,
  rtpSsrc,
  rtpTimestamp,
} from './packet/header.js';
