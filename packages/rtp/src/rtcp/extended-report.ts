import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** RFC 3611 extended report; the report blocks stay opaque bytes. */
export interface ExtendedReport {
  type: 'xr';
  ssrc: number;
  blocks: Uint8Array;
}

export function decodeXr(body: Uint8Array): ExtendedReport {
  if (body.length < 4) throw new RtpError('bad-length', 'RTCP XR shorter than 8 bytes');
  return { type: 'xr', ssrc: readU32(body, 0), blocks: body.subarray(4) };
}

export function encodeXr(xr: ExtendedReport): Uint8Array {
  if (xr.blocks.length % 4 !== 0) throw new RtpError('bad-value', 'XR blocks must be a multiple of 4 bytes');
  const out = allocRtcpPacket(0, RtcpPacketType.XR, 4 + xr.blocks.length);
  writeU32(out, 4, xr.ssrc);
  out.set(xr.blocks, 8);
  return out;
}
