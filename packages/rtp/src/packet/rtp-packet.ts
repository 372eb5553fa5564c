import { RtpError } from '../errors.js';
import { allocUninitialized } from './alloc.js';
import { RTP_FIXED_HEADER_SIZE } from './header.js';

/** RFC 3550 §5.3.1 header extension block: 16-bit profile-defined id and the raw data (a view). */
export interface RtpHeaderExtensionBlock {
  /** 0xBEDE one-byte form, 0x100X two-byte form (RFC 8285 §4), or any other profile. */
  profile: number;
  /** Extension data, a multiple of 4 bytes (without the 4-byte profile/length header). */
  data: Uint8Array;
}

/** An RTP packet (RFC 3550 §5.1). Decoding gives views into the input: nothing is copied. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: readonly number[];
  /** Present when the X bit is set. Parse elements with `parseHeaderExtensions`. */
  extension: RtpHeaderExtensionBlock | undefined;
  payload: Uint8Array;
  /** RFC 3550 §5.1 padding octets at the end including the count octet; 0 = P bit clear. */
  paddingLength: number;
}

const NO_CSRCS: readonly number[] = Object.freeze([]);

/**
 * Decodes an RTP packet. `payload` and `extension.data` are subarrays of `bytes` (zero-copy): copy
 * them if you keep them after the buffer is reused.
 */
export function decodeRtpPacket(bytes: Uint8Array): RtpPacket {
  const len = bytes.length;
  if (len < RTP_FIXED_HEADER_SIZE) throw new RtpError('truncated', 'RTP packet shorter than 12 bytes');
  const b0 = bytes[0]!;
  if (b0 >> 6 !== 2) throw new RtpError('bad-version', 'RTP version is not 2');
  const b1 = bytes[1]!;
  const cc = b0 & 0x0f;
  let offset = RTP_FIXED_HEADER_SIZE + cc * 4;
  if (offset > len) throw new RtpError('truncated', 'RTP CSRC list truncated');
  let csrcs = NO_CSRCS;
  if (cc > 0) {
    const list: number[] = new Array(cc);
    for (let i = 0, o = 12; i < cc; i++, o += 4) {
      list[i] = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
    }
    csrcs = list;
  }
  let extension: RtpHeaderExtensionBlock | undefined;
  if (b0 & 0x10) {
    if (offset + 4 > len) throw new RtpError('truncated', 'RTP extension header truncated');
    const profile = (bytes[offset]! << 8) | bytes[offset + 1]!;
    const extLen = ((bytes[offset + 2]! << 8) | bytes[offset + 3]!) * 4;
    offset += 4;
    if (offset + extLen > len) throw new RtpError('truncated', 'RTP extension data truncated');
    extension = { profile, data: bytes.subarray(offset, offset + extLen) };
    offset += extLen;
  }
  let end = len;
  let paddingLength = 0;
  if (b0 & 0x20) {
    // RFC 3550 §5.1: the last octet counts the padding octets including itself.
    paddingLength = bytes[len - 1]!;
    if (paddingLength === 0 || paddingLength > len - offset) {
      throw new RtpError('bad-padding', 'RTP padding count is zero or exceeds the payload');
    }
    end = len - paddingLength;
  }
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: (bytes[2]! << 8) | bytes[3]!,
    timestamp: ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0,
    ssrc: ((bytes[8]! << 24) | (bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!) >>> 0,
    csrcs,
    extension,
    payload: bytes.subarray(offset, end),
    paddingLength,
  };
}

/** Number of bytes `writeRtpPacket` will write for `packet`. */
export function rtpPacketSize(packet: RtpPacket): number {
  let size = RTP_FIXED_HEADER_SIZE + packet.csrcs.length * 4 + packet.payload.length + packet.paddingLength;
  if (packet.extension) size += 4 + packet.extension.data.length;
  return size;
}

/** RFC 3550 §5.1: serializes `packet` into `out` at `offset`; returns the number of bytes written. */
export function writeRtpPacket(packet: RtpPacket, out: Uint8Array, offset = 0): number {
  const cc = packet.csrcs.length;
  const ext = packet.extension;
  const pad = packet.paddingLength;
  if (cc > 15) throw new RtpError('bad-value', 'at most 15 CSRCs');
  if (packet.payloadType < 0 || packet.payloadType > 127) throw new RtpError('bad-value', 'payload type');
  if (pad < 0 || pad > 255) throw new RtpError('bad-value', 'padding length must be 0..255');
  if (ext && (ext.data.length % 4 !== 0 || ext.data.length > 0x3fffc)) {
    throw new RtpError('bad-value', 'extension data must be a multiple of 4 bytes');
  }
  const size = rtpPacketSize(packet);
  if (offset + size > out.length) throw new RtpError('buffer-too-small', 'output buffer too small');
  let o = offset;
  out[o] = 0x80 | (pad > 0 ? 0x20 : 0) | (ext ? 0x10 : 0) | cc;
  out[o + 1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  const seq = packet.sequenceNumber;
  out[o + 2] = (seq >>> 8) & 0xff;
  out[o + 3] = seq & 0xff;
  const ts = packet.timestamp;
  out[o + 4] = ts >>> 24;
  out[o + 5] = (ts >>> 16) & 0xff;
  out[o + 6] = (ts >>> 8) & 0xff;
  out[o + 7] = ts & 0xff;
  const ssrc = packet.ssrc;
  out[o + 8] = ssrc >>> 24;
  out[o + 9] = (ssrc >>> 16) & 0xff;
  out[o + 10] = (ssrc >>> 8) & 0xff;
  out[o + 11] = ssrc & 0xff;
  o += 12;
  for (let i = 0; i < cc; i++, o += 4) {
    const c = packet.csrcs[i]!;
    out[o] = c >>> 24;
    out[o + 1] = (c >>> 16) & 0xff;
    out[o + 2] = (c >>> 8) & 0xff;
    out[o + 3] = c & 0xff;
  }
  if (ext) {
    const words = ext.data.length >>> 2;
    out[o] = (ext.profile >>> 8) & 0xff;
    out[o + 1] = ext.profile & 0xff;
    out[o + 2] = words >>> 8;
    out[o + 3] = words & 0xff;
    out.set(ext.data, o + 4);
    o += 4 + ext.data.length;
  }
  out.set(packet.payload, o);
  o += packet.payload.length;
  if (pad > 0) {
    out.fill(0, o, o + pad - 1);
    out[o + pad - 1] = pad;
    o += pad;
  }
  return o - offset;
}

/** Allocating convenience around {@link writeRtpPacket} (every byte of the result is written). */
export function encodeRtpPacket(packet: RtpPacket): Uint8Array {
  const out = allocUninitialized(rtpPacketSize(packet));
  writeRtpPacket(packet, out, 0);
  return out;
}
