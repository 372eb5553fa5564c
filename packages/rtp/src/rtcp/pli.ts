import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** RFC 4585 §6.3.1 picture loss indication (PSFB FMT 1, no FCI). */
export interface PictureLossIndication {
  type: 'pli';
  senderSsrc: number;
  mediaSsrc: number;
}

export const PLI_FMT = 1;

export function decodePli(body: Uint8Array): PictureLossIndication {
  if (body.length < 8) throw new RtpError('bad-length', 'RTCP payload-specific feedback length is invalid');
  return { type: 'pli', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4) };
}

export function encodePli(pli: PictureLossIndication): Uint8Array {
  const out = allocRtcpPacket(PLI_FMT, RtcpPacketType.PSFB, 8);
  writeU32(out, 4, pli.senderSsrc);
  writeU32(out, 8, pli.mediaSsrc);
  return out;
}
