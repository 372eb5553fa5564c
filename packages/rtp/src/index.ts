export {
  type Av1AggregationHeader,
  Av1Depacketizer,
  Av1ObuType,
  Av1Packetizer,
  parseAv1AggregationHeader,
  parseAv1Elements,
  splitAv1Obus,
} from './codecs/av1.js';
export type { RtpDepacketizer, RtpPacketizer } from './codecs/codec.js';
export {
  decodeALaw,
  decodeMuLaw,
  encodeALaw,
  encodeMuLaw,
  G711_CLOCK_RATE,
  G711Depacketizer,
  G711Packetizer,
} from './codecs/g711.js';
export { H264Depacketizer, H264NalType, H264Packetizer, splitAnnexB } from './codecs/h264.js';
export { leb128Size, readLeb128, writeLeb128 } from './codecs/leb128.js';
export { OPUS_CLOCK_RATE, OpusDepacketizer, OpusPacketizer, opusPacketSamples } from './codecs/opus.js';
export { parseVp8Descriptor, Vp8Depacketizer, type Vp8Descriptor, Vp8Packetizer } from './codecs/vp8.js';
export {
  isVp9KeyframeBitstream,
  parseVp9Descriptor,
  Vp9Depacketizer,
  type Vp9Descriptor,
  Vp9Packetizer,
} from './codecs/vp9.js';
export { TransportCcRecorder, type TransportCcRecorderOptions } from './congestion/transport-cc-recorder.js';
export { RtpError, type RtpErrorCode } from './errors.js';
export {
  type AbsCaptureTime,
  decodeAbsCaptureTime,
  encodeAbsCaptureTime,
} from './extensions/abs-capture-time.js';
export {
  absSendTimeFromMs,
  absSendTimeToMs,
  decodeAbsSendTime,
  encodeAbsSendTime,
} from './extensions/abs-send-time.js';
export { type AudioLevel, decodeAudioLevel, encodeAudioLevel } from './extensions/audio-level.js';
export {
  encodeHeaderExtensions,
  findHeaderExtension,
  type HeaderExtension,
  type HeaderExtensionForm,
  isOneByteProfile,
  isTwoByteProfile,
  ONE_BYTE_PROFILE,
  parseHeaderExtensions,
  TWO_BYTE_PROFILE,
} from './extensions/header-extensions.js';
export { decodePlayoutDelay, encodePlayoutDelay, type PlayoutDelay } from './extensions/playout-delay.js';
export {
  decodeMid,
  decodeRepairedRid,
  decodeRid,
  encodeMid,
  encodeRepairedRid,
  encodeRid,
} from './extensions/sdes-items.js';
export {
  decodeTransportSequenceNumber,
  encodeTransportSequenceNumber,
} from './extensions/transport-sequence-number.js';
export { ExtensionUri } from './extensions/uris.js';
export {
  decodeVideoOrientation,
  encodeVideoOrientation,
  type VideoOrientation,
} from './extensions/video-orientation.js';
export {
  type AssembledFrame,
  JitterBuffer,
  type JitterBufferOptions,
  type JitterBufferStats,
} from './jitter/jitter-buffer.js';
export {
  NackGenerator,
  type NackGeneratorOptions,
  type NackGeneratorStats,
} from './jitter/nack-generator.js';
export {
  PacketHistory,
  type PacketHistoryOptions,
  type PacketHistoryStats,
} from './jitter/packet-history.js';
export {
  encodeIvfFrame,
  encodeIvfHeader,
  type IvfFrame,
  type IvfHeader,
  IvfReader,
  IvfWriter,
  parseIvfHeader,
} from './media-files/ivf.js';
export {
  encodeOggPage,
  encodeOpusHead,
  encodeOpusTags,
  OggHeaderType,
  type OggOpusFile,
  type OggOpusPacket,
  OggOpusWriter,
  type OggOpusWriterOptions,
  type OggPage,
  type OpusHead,
  type OpusTags,
  oggCrc32,
  parseOggPage,
  parseOpusHead,
  parseOpusTags,
  readOggOpus,
} from './media-files/ogg.js';
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
export {
  NTP_UNIX_OFFSET_SECONDS,
  ntpFromUnixMs,
  ntpMiddle32,
  roundTripTimeMs,
  unixMsFromNtp,
} from './packet/ntp.js';
export {
  decodeRtpPacket,
  encodeRtpPacket,
  type RtpHeaderExtensionBlock,
  type RtpPacket,
  rtpPacketSize,
  writeRtpPacket,
} from './packet/rtp-packet.js';
export { type RtxWrapParams, unwrapRtx, wrapRtx } from './packet/rtx.js';
export {
  seqDelta,
  seqNewer,
  timestampDelta,
  timestampNewer,
  Unwrapper,
} from './packet/sequence.js';
export type { ApplicationDefined } from './rtcp/app.js';
export type { Goodbye } from './rtcp/bye.js';
export { RtcpPacketType } from './rtcp/common-header.js';
export {
  decodeRtcp,
  encodeRtcp,
  encodeRtcpPacket,
  type RtcpPacket,
  type UnknownRtcpPacket,
} from './rtcp/compound.js';
export type { ExtendedReport } from './rtcp/extended-report.js';
export type { FirEntry, FullIntraRequest } from './rtcp/fir.js';
export type { GenericFeedback } from './rtcp/generic-feedback.js';
export type { GenericNack } from './rtcp/nack.js';
export type { PictureLossIndication } from './rtcp/pli.js';
export type { ReceiverReport } from './rtcp/receiver-report.js';
export type { ReceiverEstimatedMaxBitrate } from './rtcp/remb.js';
export type { ReportBlock } from './rtcp/report-block.js';
export { type SdesChunk, type SdesItem, SdesItemType, type SourceDescription } from './rtcp/sdes.js';
export type { SenderReport } from './rtcp/sender-report.js';
export {
  buildTransportCc,
  type TransportCcBuildOptions,
  type TransportCcFeedback,
  type TwccChunk,
  type TwccPacketResult,
  TwccStatus,
  transportCcResults,
} from './rtcp/transport-cc.js';
export { ReceiveStatistics } from './statistics/receive-statistics.js';
export { SendStatistics } from './statistics/send-statistics.js';
