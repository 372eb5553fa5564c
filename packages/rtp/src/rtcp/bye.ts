import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, pad4, RtcpPacketType } from './common-header.js';

/** RFC 3550 §6.6 goodbye. */
export interface Goodbye {
  type: 'bye';
  sources: number[];
  reason?: string;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function decodeBye(count: number, body: Uint8Array): Goodbye {
  if (body.length < count * 4) throw new RtpError('bad-length', 'RTCP bye length is invalid');
  const sources: number[] = [];
  for (let i = 0; i < count; i++) sources.push(readU32(body, i * 4));
  const bye: Goodbye = { type: 'bye', sources };
  const o = count * 4;
  if (o < body.length) {
    const len = body[o]!;
    if (o + 1 + len > body.length) throw new RtpError('truncated', 'RTCP bye reason is truncated');
    if (len > 0) bye.reason = decoder.decode(body.subarray(o + 1, o + 1 + len));
  }
  return bye;
}

export function encodeBye(bye: Goodbye): Uint8Array {
  const reason = bye.reason === undefined ? undefined : encoder.encode(bye.reason);
  if (reason && reason.length > 255) throw new RtpError('bad-value', 'BYE reason longer than 255 bytes');
  const size = bye.sources.length * 4 + (reason ? pad4(1 + reason.length) : 0);
  const out = allocRtcpPacket(bye.sources.length, RtcpPacketType.BYE, size);
  for (let i = 0; i < bye.sources.length; i++) writeU32(out, 4 + i * 4, bye.sources[i]!);
  if (reason) {
    const o = 4 + bye.sources.length * 4;
    out[o] = reason.length;
    out.set(reason, o + 1);
  }
  return out;
}
