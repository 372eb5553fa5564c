// NON-STANDARD: a key frame request from the receiving side, without a sink. Browsers have no such
// call (their decoder asks by itself); a Node application that forwards or records media needs one.
import type { RTCRtpReceiver } from '../receiver.js';
import { tapOf } from './bindings.js';

/**
 * Asks the sender of `receiver`'s track for a key frame: PLI (RFC 4585 §6.3.1, the default) or FIR
 * (RFC 5104 §4.3.1). False before the remote stream's SSRC is known (nothing received yet), or when
 * the receiver is not one of an open RTCPeerConnection.
 */
export function requestKeyframe(
  receiver: RTCRtpReceiver,
  method: 'pli' | 'fir' = 'pli',
  rid?: string,
): boolean {
  return tapOf(receiver.track)?.requestKeyframe(method, rid) ?? false;
}
