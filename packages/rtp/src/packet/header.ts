import { RtpError } from '../errors.js';

// Fast accessors on raw RTP/RTCP bytes for hot paths (SRTP, forwarding) that only need a field or two
// and must not allocate. RFC 3550 §5.1 fixed header layout:
//  0: V(2) P(1) X(1) CC(4)   1: M(1) PT(7)   2-3: sequence   4-7: timestamp   8-11: SSRC   12..: CSRCs

/** RFC 3550 §5.1: size of the fixed header. */
export const RTP_FIXED_HEADER_SIZE = 12;

/**
 * Length of the RTP header including CSRCs and the header extension block (RFC 3550 §5.3.1),
 * i.e. the offset of the payload. Validates version and that the header fits in `packet`.
 */
export function rtpHeaderLength(packet: Uint8Array): number {
  const len = packet.length;
  if (len < RTP_FIXED_HEADER_SIZE) throw new RtpError('truncated', 'RTP packet shorter than 12 bytes');
  const b0 = packet[0]!;
  if (b0 >> 6 !== 2) throw new RtpError('bad-version', 'RTP version is not 2');
  let offset = RTP_FIXED_HEADER_SIZE + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words (excluding this 4-byte header).
    if (offset + 4 > len) throw new RtpError('truncated', 'RTP extension header truncated');
    offset += 4 + ((packet[offset + 2]! << 8) | packet[offset + 3]!) * 4;
  }
  if (offset > len) throw new RtpError('truncated', 'RTP header longer than packet');
  return offset;
}

/** RTP sequence number (no validation beyond length). */
export function rtpSequenceNumber(packet: Uint8Array): number {
  if (packet.length < 4) throw new RtpError('truncated', 'RTP packet too short for sequence number');
  return (packet[2]! << 8) | packet[3]!;
}

/** RTP timestamp as an unsigned 32-bit number. */
export function rtpTimestamp(packet: Uint8Array): number {
  if (packet.length < 8) throw new RtpError('truncated', 'RTP packet too short for timestamp');
  return ((packet[4]! << 24) | (packet[5]! << 16) | (packet[6]! << 8) | packet[7]!) >>> 0;
}

/** RTP SSRC as an unsigned 32-bit number. */
export function rtpSsrc(packet: Uint8Array): number {
  if (packet.length < 12) throw new RtpError('truncated', 'RTP packet too short for SSRC');
  return ((packet[8]! << 24) | (packet[9]! << 16) | (packet[10]! << 8) | packet[11]!) >>> 0;
}

/** RTP payload type (7 bits). */
export function rtpPayloadType(packet: Uint8Array): number {
  if (packet.length < 2) throw new RtpError('truncated', 'RTP packet too short for payload type');
  return packet[1]! & 0x7f;
}

/** RTP marker bit. */
export function rtpMarker(packet: Uint8Array): boolean {
  if (packet.length < 2) throw new RtpError('truncated', 'RTP packet too short for marker');
  return (packet[1]! & 0x80) !== 0;
}

/**
 * RFC 5761 §4: when RTP and RTCP share a port, a packet whose second octet is in 192..223 is RTCP
 * (RTCP packet types 200-204 and the feedback types live there; RTP payload types 64-95 are avoided).
 * Returns false for anything shorter than 2 bytes or not version 2.
 */
export function isRtcp(packet: Uint8Array): boolean {
  if (packet.length < 2 || packet[0]! >> 6 !== 2) return false;
  const pt = packet[1]!;
  return pt >= 192 && pt <= 223;
}

/** RFC 5761 §4 counterpart of {@link isRtcp}: version 2, at least 12 bytes, second octet not RTCP. */
export function isRtp(packet: Uint8Array): boolean {
  if (packet.length < RTP_FIXED_HEADER_SIZE || packet[0]! >> 6 !== 2) return false;
  const pt = packet[1]!;
  return pt < 192 || pt > 223;
}

/** RTCP packet type (second octet) of the first packet of a compound packet. */
export function rtcpPacketType(packet: Uint8Array): number {
  if (packet.length < 2) throw new RtpError('truncated', 'RTCP packet too short for packet type');
  return packet[1]!;
}

/**
 * SSRC of the sender of the first RTCP packet in a compound packet (bytes 4-7; RFC 3550 §6.4,
 * RFC 4585 §6.1 all put the sender SSRC there). This is what SRTCP needs for its context lookup.
 */
export function rtcpSsrc(packet: Uint8Array): number {
  if (packet.length < 8) throw new RtpError('truncated', 'RTCP packet shorter than 8 bytes');
  if (packet[0]! >> 6 !== 2) throw new RtpError('bad-version', 'RTCP version is not 2');
  return ((packet[4]! << 24) | (packet[5]! << 16) | (packet[6]! << 8) | packet[7]!) >>> 0;
}
