import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** draft-alvestrand-rmcat-remb-03 §2.2: REMB is a PSFB application layer feedback (FMT 15). */
export interface ReceiverEstimatedMaxBitrate {
  type: 'remb';
  senderSsrc: number;
  mediaSsrc: number;
  /** Bits per second (mantissa * 2^exp; may exceed 2^53 for the largest exponents). */
  bitrate: number;
  ssrcs: number[];
}

export const AFB_FMT = 15;
const REMB_ID = 0x52454d42; // 'REMB'

export function isRembFci(body: Uint8Array): boolean {
  return body.length >= 12 && readU32(body, 8) === REMB_ID;
}

export function decodeRemb(body: Uint8Array): ReceiverEstimatedMaxBitrate {
  if (body.length < 16) throw new RtpError('bad-length', 'RTCP REMB is truncated');
  const num = body[12]!;
  if (body.length < 16 + num * 4) throw new RtpError('bad-length', 'RTCP REMB SSRC list is truncated');
  const exp = body[13]! >> 2;
  const mantissa = ((body[13]! & 0x03) << 16) | (body[14]! << 8) | body[15]!;
  const ssrcs: number[] = [];
  for (let i = 0; i < num; i++) ssrcs.push(readU32(body, 16 + i * 4));
  return {
    type: 'remb',
    senderSsrc: readU32(body, 0),
    mediaSsrc: readU32(body, 4),
    bitrate: mantissa * 2 ** exp,
    ssrcs,
  };
}

export function encodeRemb(remb: ReceiverEstimatedMaxBitrate): Uint8Array {
  if (!(remb.bitrate >= 0) || remb.ssrcs.length > 255) throw new RtpError('bad-value', 'REMB bitrate/SSRCs');
  // Smallest exponent whose mantissa fits 18 bits (exact for values representable that way).
  let exp = 0;
  while (exp < 63 && remb.bitrate / 2 ** exp >= 0x40000) exp++;
  const mantissa = Math.min(Math.floor(remb.bitrate / 2 ** exp), 0x3ffff);
  const out = allocRtcpPacket(AFB_FMT, RtcpPacketType.PSFB, 16 + remb.ssrcs.length * 4);
  writeU32(out, 4, remb.senderSsrc);
  writeU32(out, 8, remb.mediaSsrc);
  writeU32(out, 12, REMB_ID);
  out[16] = remb.ssrcs.length;
  out[17] = (exp << 2) | (mantissa >>> 16);
  out[18] = (mantissa >>> 8) & 0xff;
  out[19] = mantissa & 0xff;
  for (let i = 0; i < remb.ssrcs.length; i++) writeU32(out, 20 + i * 4, remb.ssrcs[i]!);
  return out;
}
