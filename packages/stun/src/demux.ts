import { HEADER_LENGTH } from './constants.js';

/**
 * RFC 7983 §7 demultiplexing plus the STUN header checks of RFC 8489 §5: first byte 0..3, magic cookie,
 * length a multiple of 4 matching the datagram. Cheap enough to run on every received datagram.
 */
export function isStunPacket(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_LENGTH || bytes[0]! > 3) return false;
  if (bytes[4] !== 0x21 || bytes[5] !== 0x12 || bytes[6] !== 0xa4 || bytes[7] !== 0x42) return false;
  const length = (bytes[2]! << 8) | bytes[3]!;
  return (length & 3) === 0 && HEADER_LENGTH + length === bytes.length;
}

/** RFC 7983 §7 / RFC 8656 §12.4: a first byte of 64..79 marks a TURN ChannelData message. */
export function isChannelData(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0]! >= 64 && bytes[0]! <= 79;
}

/**
 * For stream transports (TCP/TLS, RFC 8656 §12.4 framing): how many bytes the frame starting at
 * bytes[0] occupies (STUN: 20 + length; ChannelData: 4 + length padded to 4), or undefined when fewer
 * than 4 bytes are available or the first byte is neither STUN nor ChannelData.
 */
export function streamFrameLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4) return undefined;
  const first = bytes[0]!;
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (first <= 3) return HEADER_LENGTH + length;
  if (first >= 64 && first <= 79) return 4 + ((length + 3) & ~3);
  return undefined;
}
