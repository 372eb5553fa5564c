/**
 * Every failure in @rtc/sctp is an SctpError with one of these codes. Decoders never throw anything else.
 */
export type SctpErrorCode =
  /** Fewer bytes than a header or a length field needs. */
  | 'truncated'
  /** The CRC32C checksum does not match (RFC 9260 §6.8). */
  | 'bad-checksum'
  /** A chunk or parameter length field is impossible (too short, or runs past the packet end). */
  | 'bad-length'
  /** A chunk's or parameter's fields are malformed. */
  | 'invalid-chunk'
  /** A DCEP message is malformed (RFC 8832 §5). */
  | 'invalid-dcep'
  /** A message is larger than the negotiated max-message-size. */
  | 'message-too-large'
  /** The channel id is unknown, taken, or not usable in the current state. */
  | 'invalid-channel'
  /** The association is not in a state where the call is allowed. */
  | 'invalid-state'
  /** A caller argument is out of range. */
  | 'invalid-argument'
  /** The outbound queue is full (bounded by `maxQueuedBytes`). */
  | 'queue-full';

export class SctpError extends Error {
  readonly code: SctpErrorCode;
  constructor(code: SctpErrorCode, message: string) {
    super(message);
    this.name = 'SctpError';
    this.code = code;
  }
}
