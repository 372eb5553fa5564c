// Media directions (RFC 3264 §6.1, RFC 8829 §5.3.1, webrtc-pc §5.4): whether a direction sends or
// receives, the reverse of a remote one, and what an answer may say to an offer.
import type { RTCRtpTransceiverDirection } from '../media/transceiver.js';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export function sends(d: RTCRtpTransceiverDirection | null | undefined): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

export function receives(d: RTCRtpTransceiverDirection | null | undefined): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

export function direction(send: boolean, recv: boolean): MediaDirection {
  if (send) return recv ? 'sendrecv' : 'sendonly';
  return recv ? 'recvonly' : 'inactive';
}

/** A remote m-section's direction seen from our side (its sendonly is our recvonly). */
export function reverse(d: MediaDirection): MediaDirection {
  return direction(receives(d), sends(d));
}

/** RFC 3264 §6.1: the answer sends only what the offer receives and receives only what it sends. */
export function answerDirection(ours: RTCRtpTransceiverDirection, offered: MediaDirection): MediaDirection {
  return direction(sends(ours) && receives(offered), receives(ours) && sends(offered));
}
