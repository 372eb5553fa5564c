import { StunError } from './errors.js';

/** RFC 8656 §12: channel numbers 0x4000 through 0x4FFF. */
export const MIN_CHANNEL_NUMBER = 0x4000;
export const MAX_CHANNEL_NUMBER = 0x4fff;

export interface ChannelData {
  channelNumber: number;
  /** The application data (a view into the decoded bytes, not a copy). */
  data: Uint8Array;
}

/**
 * RFC 8656 §12.4: channel number (16), length (16), data. `pad` rounds the message up to a multiple of
 * 4 bytes, which is required over TCP/TLS and optional over UDP.
 */
export function encodeChannelData(channelNumber: number, data: Uint8Array, pad = false): Uint8Array {
  if (
    !Number.isInteger(channelNumber) ||
    channelNumber < MIN_CHANNEL_NUMBER ||
    channelNumber > MAX_CHANNEL_NUMBER
  ) {
    throw new StunError('invalid-channel-data', `channel number ${channelNumber} is not 0x4000..0x4FFF`);
  }
  if (data.length > 0xffff) throw new StunError('too-large', 'ChannelData carries at most 65535 bytes');
  const size = 4 + (pad ? (data.length + 3) & ~3 : data.length);
  const out = new Uint8Array(size);
  out[0] = channelNumber >>> 8;
  out[1] = channelNumber & 0xff;
  out[2] = data.length >>> 8;
  out[3] = data.length & 0xff;
  out.set(data, 4);
  return out;
}

/**
 * Decodes a ChannelData message filling `bytes` (up to 3 padding bytes after the data are accepted and
 * ignored). Throws StunError('invalid-channel-data') for a reserved channel number or a bad length.
 */
export function decodeChannelData(bytes: Uint8Array): ChannelData {
  if (bytes.length < 4) throw new StunError('invalid-channel-data', 'ChannelData shorter than 4 bytes');
  const channelNumber = (bytes[0]! << 8) | bytes[1]!;
  if (channelNumber < MIN_CHANNEL_NUMBER || channelNumber > MAX_CHANNEL_NUMBER) {
    throw new StunError('invalid-channel-data', `channel number 0x${channelNumber.toString(16)} is reserved`);
  }
  const length = (bytes[2]! << 8) | bytes[3]!;
  const end = 4 + length;
  if (end > bytes.length) throw new StunError('invalid-channel-data', 'ChannelData length runs past the end');
  if (bytes.length > ((end + 3) & ~3))
    throw new StunError('invalid-channel-data', 'bytes after ChannelData padding');
  return { channelNumber, data: bytes.subarray(4, end) };
}
