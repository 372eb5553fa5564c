import type { ReceiverEstimatedMaxBitrate, RtpPacket, TransportCcFeedback } from '@rtc/rtp';
import type { ReceiveStream } from './receive-stream.js';
import type { SendStream } from './send-stream.js';

/** Events drained with `MediaSession.pollEvent()` (a discriminated union on `type`). */
export type MediaSessionEvent =
  /**
   * An RTP packet for a receive stream, RTX already unwrapped (`retransmission` tells). `packet` holds
   * views into the session's decryption buffer: consume or copy it before the next `handle*` call.
   */
  | { type: 'rtp'; stream: ReceiveStream; packet: RtpPacket; retransmission: boolean; now: number }
  /** The remote asked for a key frame on one of our send streams (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR). */
  | { type: 'keyframe-request'; stream: SendStream; method: 'pli' | 'fir' }
  /** REMB (draft-alvestrand-rmcat-remb): the receiver's bandwidth estimate for the listed SSRCs. */
  | { type: 'remb'; bitrate: number; ssrcs: number[]; remb: ReceiverEstimatedMaxBitrate }
  /** Transport-wide CC feedback about packets we sent (for a congestion controller). */
  | { type: 'transport-cc'; feedback: TransportCcFeedback }
  /** RFC 3550 §6.6 BYE for these SSRCs. */
  | { type: 'bye'; ssrcs: number[] }
  /** An RTP packet no receive stream claims (RFC 8843 §9.2: dropped); reported once per SSRC. */
  | { type: 'unknown-ssrc'; ssrc: number; payloadType: number; mid: string | undefined };
