import { writeU16 } from '../big-endian.js';
import { RtpError } from '../errors.js';

/** RFC 3550 §12.1 and RFC 4585 §6.1 / RFC 3611 packet types. */
export const RtcpPacketType = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
  RTPFB: 205,
  PSFB: 206,
  XR: 207,
} as const;

/**
 * Allocates a packet of `bodyLength` bytes after the 4-byte common header (RFC 3550 §6.4.1:
 * V=2, P, RC/FMT(5), PT(8), length = 32-bit words - 1) and writes that header.
 * `bodyLength` must be a multiple of 4.
 */
export function allocRtcpPacket(countOrFmt: number, packetType: number, bodyLength: number): Uint8Array {
  if (bodyLength % 4 !== 0) throw new RtpError('bad-value', 'RTCP body must be a multiple of 4 bytes');
  if (countOrFmt < 0 || countOrFmt > 31) throw new RtpError('bad-value', 'RTCP count/FMT must be 0-31');
  const words = bodyLength / 4;
  if (words > 0xffff) throw new RtpError('bad-value', 'RTCP packet too long');
  const out = new Uint8Array(4 + bodyLength);
  out[0] = 0x80 | countOrFmt;
  out[1] = packetType;
  writeU16(out, 2, words);
  return out;
}

export function pad4(n: number): number {
  return (n + 3) & ~3;
}
