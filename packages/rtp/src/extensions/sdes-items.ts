import { RtpError } from '../errors.js';

// RFC 8843 §15 (mid) and RFC 8852 §3 (rid, repaired-rid): the value is the SDES item text, no
// terminator. RFC 8852 limits rid to alphanumerics, '-' and '_'; decoding stays liberal (any UTF-8).

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function decodeText(data: Uint8Array, what: string): string {
  if (data.length === 0) throw new RtpError('bad-extension', `${what} is empty`);
  try {
    return decoder.decode(data);
  } catch {
    throw new RtpError('bad-extension', `${what} is not UTF-8`);
  }
}

function encodeText(value: string, what: string): Uint8Array {
  const b = encoder.encode(value);
  if (b.length === 0 || b.length > 255) throw new RtpError('bad-value', `${what} must be 1-255 bytes`);
  return b;
}

export const decodeMid = (data: Uint8Array): string => decodeText(data, 'mid');
export const encodeMid = (mid: string): Uint8Array => encodeText(mid, 'mid');
export const decodeRid = (data: Uint8Array): string => decodeText(data, 'rid');
export const encodeRid = (rid: string): Uint8Array => encodeText(rid, 'rid');
export const decodeRepairedRid = (data: Uint8Array): string => decodeText(data, 'repaired-rid');
export const encodeRepairedRid = (rid: string): Uint8Array => encodeText(rid, 'repaired-rid');
