/** Why a decode/encode failed. */
export type RtpErrorCode =
  | 'truncated' // input shorter than a length field or fixed layout says
  | 'bad-version' // RTP/RTCP version field is not 2
  | 'bad-padding' // padding count is zero or longer than the packet
  | 'bad-length' // a length field is inconsistent
  | 'bad-extension' // malformed RFC 8285 header extension
  | 'bad-value' // a field value is out of range (encode side or semantic decode)
  | 'buffer-too-small' // caller's output buffer cannot hold the result
  | 'bad-format' // codec payload / media file structure is malformed
  | 'bad-crc'; // Ogg page CRC mismatch

/** The only error type thrown by @rtc/rtp decoders and encoders. */
export class RtpError extends Error {
  readonly code: RtpErrorCode;
  constructor(code: RtpErrorCode, message: string) {
    super(message);
    this.name = 'RtpError';
    this.code = code;
  }
}
