/**
 * The one error class of @rtc/srtp. It is thrown only for caller mistakes (bad configuration,
 * wrong key sizes, an outgoing packet that is not RTP/RTCP, key exhaustion); packets received
 * from the network never throw - they are dropped with a {@link DropReason} and counted.
 */
export type SrtpErrorCode =
  | 'invalid-config'
  | 'invalid-key'
  | 'invalid-packet'
  | 'ssrc-limit'
  | 'key-exhausted';

export class SrtpError extends Error {
  readonly code: SrtpErrorCode;

  constructor(code: SrtpErrorCode, message: string) {
    super(message);
    this.name = 'SrtpError';
    this.code = code;
  }
}

/** Why an incoming SRTP/SRTCP packet was dropped. */
export type DropReason =
  /** Shorter than header + tag (+ SRTCP index), or a header that runs past the packet. */
  | 'truncated'
  /** Not RTP/RTCP version 2, or an RTP header that does not parse. */
  | 'malformed'
  /** The authentication tag (HMAC-SHA1 or GCM) did not verify. */
  | 'auth-failed'
  /** The index was already received (RFC 3711 §3.3.2). */
  | 'replayed'
  /** The index is older than the replay window reaches (RFC 3711 §3.3.2). */
  | 'too-old'
  /** A new SSRC would exceed the session's `maxSsrcs` bound. */
  | 'ssrc-limit';
