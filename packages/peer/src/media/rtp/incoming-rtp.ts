// Accepting one routed incoming RTP packet for a ReceiveStream: RTX unwrapping (RFC 4588 §4),
// duplicate suppression, reception statistics (RFC 3550 §6.4.1, A.8), NACK tracking (RFC 4585) and
// the stream's inbound counters. Also reads the transport-wide sequence number for TWCC feedback.
import { decodeTransportSequenceNumber, findHeaderExtension, type RtpPacket, unwrapRtx } from '@rtc/rtp';
import type { ReceiveStream } from './receive-stream.js';
import type { MediaSessionStats } from './session-options.js';

/**
 * Accepts `packet` (decoded from `unprotectedLength` bytes) for `stream`; `isRtx` when it is an RTX
 * packet to unwrap. Returns the media packet for the track, or undefined when it was dropped (and
 * counted in `stats`).
 */
export function acceptIncomingRtp(
  stream: ReceiveStream,
  packet: RtpPacket,
  isRtx: boolean,
  unprotectedLength: number,
  now: number,
  stats: MediaSessionStats,
): RtpPacket | undefined {
  let media = packet;
  if (isRtx) {
    const apt = stream.rtxApt.get(packet.payloadType);
    if (apt === undefined || stream.ssrc === undefined) {
      stats.rtxMalformed++;
      return undefined;
    }
    if (packet.payload.length === 0) return undefined; // RFC 4588 §4: padding-only RTX probes carry no OSN
    try {
      media = unwrapRtx(packet, apt, stream.ssrc);
    } catch {
      stats.rtxMalformed++;
      return undefined;
    }
  } else if (!stream.clockRates.has(packet.payloadType)) {
    stats.malformedRtp++; // a payload type this section did not negotiate
    return undefined;
  }
  // A packet already received (an RTX copy sent to probe bandwidth, RFC 4588, or a network
  // duplicate) is counted apart: it must not make the loss negative or reach the track twice.
  if (!stream.accept(media.sequenceNumber)) {
    stats.duplicates++;
    return undefined;
  }
  if (isRtx) {
    stream.counters.retransmittedPacketsReceived++;
    stream.counters.retransmittedBytesReceived += media.payload.length;
  }
  stream
    .statisticsFor(media.ssrc, media.payloadType)
    ?.handlePacket(media.sequenceNumber, media.timestamp, now);
  stream.nack?.handlePacket(media.sequenceNumber, now);
  stream.counters.packetsReceived++;
  stream.counters.bytesReceived += media.payload.length;
  stream.counters.headerBytesReceived += unprotectedLength - packet.payload.length;
  stream.counters.lastPacketReceivedAt = now;
  return media;
}

/** The transport-wide sequence number (extension `id`) of `packet`, if it carries a valid one. */
export function transportSequenceOf(packet: RtpPacket, id: number | undefined): number | undefined {
  if (id === undefined || !packet.extension) return undefined;
  try {
    const data = findHeaderExtension(packet.extension, id);
    if (!data) return undefined;
    return decodeTransportSequenceNumber(data);
  } catch {
    return undefined;
  }
}
