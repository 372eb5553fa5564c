// Chunk type codes (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1, RFC 8260 §2.1).
export const ChunkType = {
  DATA: 0,
  INIT: 1,
  INIT_ACK: 2,
  SACK: 3,
  HEARTBEAT: 4,
  HEARTBEAT_ACK: 5,
  ABORT: 6,
  SHUTDOWN: 7,
  SHUTDOWN_ACK: 8,
  ERROR: 9,
  COOKIE_ECHO: 10,
  COOKIE_ACK: 11,
  SHUTDOWN_COMPLETE: 14,
  I_DATA: 64,
  RE_CONFIG: 130,
  FORWARD_TSN: 192,
} as const;

/** DATA chunk flags (RFC 9260 §3.3.1, RFC 7053 for I). */
export const DataFlags = { END: 1, BEGIN: 2, UNORDERED: 4, IMMEDIATE: 8 } as const;

/** The T bit of ABORT and SHUTDOWN-COMPLETE: the tag is the receiver's own (RFC 9260 §3.3.7). */
export const T_BIT = 1;
