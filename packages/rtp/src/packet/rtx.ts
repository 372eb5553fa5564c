import { RtpError } from '../errors.js';
import type { RtpPacket } from './rtp-packet.js';

// RFC 4588 §4: an RTX packet carries the original sequence number (OSN, 16 bits) before the original
// payload, on its own SSRC, payload type and sequence space; timestamp, marker, CSRCs and header
// extensions are those of the original packet.

export interface RtxWrapParams {
  payloadType: number;
  ssrc: number;
  sequenceNumber: number;
}

/** Builds the retransmission packet for `original` (copies the payload behind the 2-byte OSN). */
export function wrapRtx(original: RtpPacket, rtx: RtxWrapParams): RtpPacket {
  const payload = new Uint8Array(original.payload.length + 2);
  payload[0] = original.sequenceNumber >>> 8;
  payload[1] = original.sequenceNumber & 0xff;
  payload.set(original.payload, 2);
  return {
    marker: original.marker,
    payloadType: rtx.payloadType,
    sequenceNumber: rtx.sequenceNumber & 0xffff,
    timestamp: original.timestamp,
    ssrc: rtx.ssrc,
    csrcs: original.csrcs,
    extension: original.extension,
    payload,
    paddingLength: 0,
  };
}

/**
 * Restores the original packet from an RTX packet: the OSN becomes the sequence number and the
 * payload a view after it. The original payload type and SSRC come from the SDP (a=fmtp apt, ssrc-group FID).
 */
export function unwrapRtx(
  rtxPacket: RtpPacket,
  originalPayloadType: number,
  originalSsrc: number,
): RtpPacket {
  const p = rtxPacket.payload;
  if (p.length < 2) throw new RtpError('truncated', 'RTX payload shorter than the 2-byte OSN');
  return {
    marker: rtxPacket.marker,
    payloadType: originalPayloadType,
    sequenceNumber: (p[0]! << 8) | p[1]!,
    timestamp: rtxPacket.timestamp,
    ssrc: originalSsrc,
    csrcs: rtxPacket.csrcs,
    extension: rtxPacket.extension,
    payload: p.subarray(2),
    paddingLength: 0,
  };
}
