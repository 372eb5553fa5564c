import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';

/** RFC 3550 §6.7 application-defined packet. */
export interface ApplicationDefined {
  type: 'app';
  subtype: number;
  ssrc: number;
  /** Four ASCII characters. */
  name: string;
  data: Uint8Array;
}

export function decodeApp(subtype: number, body: Uint8Array): ApplicationDefined {
  if (body.length < 8) throw new RtpError('bad-length', 'RTCP APP packet shorter than 12 bytes');
  return {
    type: 'app',
    subtype,
    ssrc: readU32(body, 0),
    name: String.fromCharCode(body[4]!, body[5]!, body[6]!, body[7]!),
    data: body.subarray(8),
  };
}

export function encodeApp(app: ApplicationDefined): Uint8Array {
  if (app.name.length !== 4 || !/^[\x20-\x7e]{4}$/.test(app.name)) {
    throw new RtpError('bad-value', 'APP name must be 4 ASCII characters');
  }
  if (app.data.length % 4 !== 0) throw new RtpError('bad-value', 'APP data must be a multiple of 4 bytes');
  const out = allocRtcpPacket(app.subtype, RtcpPacketType.APP, 8 + app.data.length);
  writeU32(out, 4, app.ssrc);
  for (let i = 0; i < 4; i++) out[8 + i] = app.name.charCodeAt(i);
  out.set(app.data, 12);
  return out;
}
