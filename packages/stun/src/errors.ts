/**
 * Every failure in @rtc/stun is a StunError with one of these codes. Decoders never throw anything else.
 */
export type StunErrorCode =
  /** Fewer bytes than the header or the header's length field needs. */
  | 'truncated'
  /** The first two bits are not zero (RFC 8489 §5), so this is not a STUN message. */
  | 'not-stun'
  /** The magic cookie is not 0x2112A442 (RFC 8489 §5). */
  | 'bad-cookie'
  /** The length field is not a multiple of 4, or the datagram has bytes past the message. */
  | 'bad-length'
  /** An attribute's length runs past the end of the message. */
  | 'attribute-overflow'
  /** A known attribute's value is malformed (wrong size, bad family...) or cannot be encoded. */
  | 'invalid-attribute'
  /** Two MESSAGE-INTEGRITY (or two MESSAGE-INTEGRITY-SHA256) attributes. */
  | 'duplicate-integrity'
  /** FINGERPRINT is not the last attribute (RFC 8489 §14.7). */
  | 'fingerprint-not-last'
  /** The encoded message would exceed the 16-bit length field. */
  | 'too-large'
  /** A password (or other credential string) contains characters SASLprep prohibits. */
  | 'invalid-credential'
  /** A ChannelData message is malformed (RFC 8656 §12.4). */
  | 'invalid-channel-data'
  /** An argument passed by the caller is out of range (e.g. a transaction id that is not 12 bytes). */
  | 'invalid-argument'
  /** A bounded table (e.g. pending transactions) is full. */
  | 'limit-exceeded';

export class StunError extends Error {
  override readonly name = 'StunError';
  readonly code: StunErrorCode;

  constructor(code: StunErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
