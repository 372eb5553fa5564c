import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** RFC 4585 §6.1 feedback message of a FMT this package has no typed form for; FCI kept as bytes. */
export interface GenericFeedback {
  type: 'rtpfb' | 'psfb';
  fmt: number;
  senderSsrc: number;
  mediaSsrc: number;
  fci: Uint8Array;
}

export function decodeGenericFeedback(
  kind: 'rtpfb' | 'psfb',
  fmt: number,
  body: Uint8Array,
): GenericFeedback {
  if (body.length < 8) throw new RtpError('bad-length', 'RTCP feedback length is invalid');
  return {
    type: kind,
    fmt,
    senderSsrc: readU32(body, 0),
    mediaSsrc: readU32(body, 4),
    fci: body.subarray(8),
  };
}

export function encodeGenericFeedback(fb: GenericFeedback): Uint8Array {
  if (fb.fci.length % 4 !== 0) throw new RtpError('bad-value', 'FCI must be a multiple of 4 bytes');
  const pt = fb.type === 'rtpfb' ? RtcpPacketType.RTPFB : RtcpPacketType.PSFB;
  const out = allocRtcpPacket(fb.fmt, pt, 8 + fb.fci.length);
  writeU32(out, 4, fb.senderSsrc);
  writeU32(out, 8, fb.mediaSsrc);
  out.set(fb.fci, 12);
  return out;
}
