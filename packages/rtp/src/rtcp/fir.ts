import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

export interface FirEntry {
  ssrc: number;
  /** Command sequence number, 8 bits (RFC 5104 §4.3.1.1). */
  sequenceNumber: number;
}

/** RFC 5104 §4.3.1 full intra request (PSFB FMT 4). The media SSRC field is 0 (§4.3.1.2). */
export interface FullIntraRequest {
  type: 'fir';
  senderSsrc: number;
  mediaSsrc: number;
  entries: FirEntry[];
}

export const FIR_FMT = 4;

export function decodeFir(body: Uint8Array): FullIntraRequest {
  if (body.length < 8 || (body.length - 8) % 8 !== 0) {
    throw new RtpError('bad-length', 'RTCP FIR length is invalid');
  }
  const entries: FirEntry[] = [];
  for (let o = 8; o < body.length; o += 8)
    entries.push({ ssrc: readU32(body, o), sequenceNumber: body[o + 4]! });
  return { type: 'fir', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4), entries };
}

export function encodeFir(fir: FullIntraRequest): Uint8Array {
  const out = allocRtcpPacket(FIR_FMT, RtcpPacketType.PSFB, 8 + fir.entries.length * 8);
  writeU32(out, 4, fir.senderSsrc);
  writeU32(out, 8, fir.mediaSsrc);
  for (let i = 0; i < fir.entries.length; i++) {
    const e = fir.entries[i]!;
    writeU32(out, 12 + i * 8, e.ssrc);
    out[16 + i * 8] = e.sequenceNumber & 0xff;
  }
  return out;
}
