// Writing one outgoing RTP packet of a SendStream (RFC 3550 §5.1): the next sequence number, the
// negotiated header extensions (RFC 8285), the NACK history (RFC 4585, RFC 4588) and the stream's
// sent counters. The caller protects and queues the bytes.
import {
  absSendTimeFromMs,
  encodeAbsSendTime,
  encodeHeaderExtensions,
  encodeMid,
  encodeRid,
  encodeRtpPacket,
  encodeTransportSequenceNumber,
  type HeaderExtension,
  type RtpPacket,
} from '@rtc/rtp';
import type { SendStream } from './send-stream.js';
import type { MediaSessionExtensionIds, OutgoingRtp } from './session-options.js';

/**
 * Encodes `rtp` as the next packet of `stream`: writes the mid, rid, abs-send-time (at Unix time
 * `unixMs`) and transport-wide sequence number (taken from `nextTransportSeq`) extensions whose ids
 * are negotiated, advances the stream's sequence number, keeps the packet for NACKs and counts it
 * as sent.
 */
export function writeOutgoingRtp(
  stream: SendStream,
  rtp: OutgoingRtp,
  ids: MediaSessionExtensionIds,
  nextTransportSeq: () => number,
  unixMs: number,
  now: number,
): Uint8Array {
  const elements: HeaderExtension[] = [];
  if (ids.mid !== undefined && stream.mid !== undefined)
    elements.push({ id: ids.mid, data: encodeMid(stream.mid) });
  if (ids.rid !== undefined && stream.rid !== undefined)
    elements.push({ id: ids.rid, data: encodeRid(stream.rid) });
  if (ids.absSendTime !== undefined)
    elements.push({ id: ids.absSendTime, data: encodeAbsSendTime(absSendTimeFromMs(unixMs)) });
  if (ids.transportCc !== undefined)
    elements.push({ id: ids.transportCc, data: encodeTransportSequenceNumber(nextTransportSeq()) });
  if (rtp.extensions) elements.push(...rtp.extensions);
  const packet: RtpPacket = {
    marker: rtp.marker,
    payloadType: rtp.payloadType ?? stream.payloadType,
    sequenceNumber: stream.sequenceNumber,
    timestamp: rtp.timestamp >>> 0,
    ssrc: stream.ssrc,
    csrcs: [],
    extension: elements.length > 0 ? encodeHeaderExtensions(elements) : undefined,
    payload: rtp.payload,
    paddingLength: 0,
  };
  stream.sequenceNumber = (stream.sequenceNumber + 1) & 0xffff;
  stream.history?.store(packet, now);
  const bytes = encodeRtpPacket(packet);
  stream.statistics.handleSent(rtp.payload.length);
  stream.counters.packetsSent++;
  stream.counters.bytesSent += rtp.payload.length;
  stream.counters.headerBytesSent += bytes.length - rtp.payload.length;
  stream.lastTimestamp = packet.timestamp;
  stream.lastSentAt = now;
  stream.sentSinceReport = true;
  return bytes;
}
