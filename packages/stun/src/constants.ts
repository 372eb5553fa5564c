/** RFC 8489 §5: the fixed value in bytes 4..7 of every STUN message. */
export const MAGIC_COOKIE = 0x2112a442;

/** RFC 8489 §5: the 20-byte header. */
export const HEADER_LENGTH = 20;

/** RFC 8489 §14.7: FINGERPRINT is the CRC-32 of the message XOR this value ("STUN"). */
export const FINGERPRINT_XOR = 0x5354554e;

/** STUN methods (RFC 8489 §18.2, RFC 8656 §17). */
export const StunMethod = {
  Binding: 0x001,
  Allocate: 0x003,
  Refresh: 0x004,
  Send: 0x006,
  Data: 0x007,
  CreatePermission: 0x008,
  ChannelBind: 0x009,
} as const;

/** RFC 8489 §5: the two class bits. */
export type StunClass = 'request' | 'indication' | 'success' | 'error';
