// webrtc-pc §4.7.3 "check if negotiation is needed": the steps about transceivers.
import { answerDirection, sends } from '../jsep/directions.js';
import { RTCRtpSender } from '../media/sender.js';
import { RTCRtpTransceiver } from '../media/transceiver.js';
import type { PeerState } from './peer-state.js';

/** webrtc-pc §4.7.3 "check if negotiation is needed", the media steps. */
export function mediaNegotiationNeeded(s: PeerState): boolean {
  const local = s.currentLocal;
  for (const e of s.media.entries) {
    const t = e.transceiver;
    if (RTCRtpTransceiver.isStopped(t)) continue;
    if (RTCRtpTransceiver.isStopping(t)) return true;
    if (t.mid === null) return true;
    const section = local?.input.sections.find((x) => x.type === 'rtp' && x.transceiver === t);
    if (section?.type !== 'rtp') continue;
    // A sender's stream ids changed since they were signalled (RFC 8830 a=msid).
    if (sends(t.direction) && sends(section.rtp.direction)) {
      const signalled = section.rtp.msid?.streamIds ?? [];
      const now = RTCRtpSender.streamIds(t.sender);
      if (signalled.length !== now.length || signalled.some((id, i) => id !== now[i])) return true;
    }
    if (local!.type === 'offer') {
      if (section.rtp.direction !== t.direction) return true;
    } else if (answerDirection(t.direction, e.remote?.direction ?? 'inactive') !== section.rtp.direction) {
      // In an answer the direction is ours intersected with the offer's (RFC 8829 §5.3.1).
      return true;
    }
  }
  return false;
}
