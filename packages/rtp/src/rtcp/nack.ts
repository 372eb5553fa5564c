import { readU16, readU32, writeU16, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** RFC 4585 §6.2.1 generic NACK (RTPFB FMT 1), expanded to the lost sequence numbers. */
export interface GenericNack {
  type: 'nack';
  senderSsrc: number;
  mediaSsrc: number;
  /** Lost sequence numbers in FCI order (PID then the BLP bits, low bit first). */
  lost: number[];
}

export const NACK_FMT = 1;

export function decodeNack(body: Uint8Array): GenericNack {
  if (body.length < 8 || (body.length - 8) % 4 !== 0) {
    throw new RtpError('bad-length', 'RTCP RTP feedback length is invalid');
  }
  const lost: number[] = [];
  for (let o = 8; o < body.length; o += 4) {
    const pid = readU16(body, o);
    const blp = readU16(body, o + 2);
    lost.push(pid);
    // RFC 4585 §6.2.1: bit i of BLP set means PID+i+1 is lost too.
    for (let i = 0; i < 16; i++) if (blp & (1 << i)) lost.push((pid + i + 1) & 0xffff);
  }
  return { type: 'nack', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4), lost };
}

/** Packs the lost list greedily into PID/BLP pairs (a sequence number within PID+1..PID+16 joins its BLP). */
export function encodeNack(nack: GenericNack): Uint8Array {
  const pairs: number[] = [];
  let i = 0;
  const lost = nack.lost;
  while (i < lost.length) {
    const pid = lost[i]! & 0xffff;
    let blp = 0;
    i++;
    while (i < lost.length) {
      const d = ((lost[i]! & 0xffff) - pid - 1) & 0xffff;
      if (d >= 16) break;
      blp |= 1 << d;
      i++;
    }
    pairs.push(pid, blp);
  }
  const out = allocRtcpPacket(NACK_FMT, RtcpPacketType.RTPFB, 8 + pairs.length * 2);
  writeU32(out, 4, nack.senderSsrc);
  writeU32(out, 8, nack.mediaSsrc);
  for (let k = 0; k < pairs.length; k++) writeU16(out, 12 + k * 2, pairs[k]!);
  return out;
}
