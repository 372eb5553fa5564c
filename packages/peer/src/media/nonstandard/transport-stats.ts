// NON-STANDARD: the RTP transport's own counters (W3C stats have no place for them): SRTP/SRTCP
// packets dropped and why (bad tag, replay, ...), RTP for no known stream, malformed RTCP.
import type { SrtpSessionStats } from '@rtc/srtp';
import { peerStateOf, type RTCPeerConnection } from '../../peer-connection.js';
import type { MediaSessionStats } from '../rtp/media-session.js';

export interface RtpTransportStats {
  /** RTP/RTCP session counters (rtpReceived, srtpDropped, unknownSsrc, malformedRtcp, ...). */
  session: MediaSessionStats;
  /** The SRTP layer's counts: protected/unprotected and drops by reason ('auth-failed', 'replayed', ...). */
  srtp: SrtpSessionStats;
  /** RTP/RTCP that arrived with no SRTP keys (before DTLS, or never negotiated) and was dropped. */
  rtpBeforeKeys: number;
}

/** Undefined until DTLS-SRTP keys exist on `pc`'s transport. */
export function rtpTransportStats(pc: RTCPeerConnection): RtpTransportStats | undefined {
  const s = peerStateOf(pc);
  const session = s?.media.transport?.session;
  if (!s || !session) return undefined;
  return {
    session: { ...session.stats },
    srtp: structuredClone(session.srtp.stats),
    rtpBeforeKeys: s.stack?.counters.rtpIgnored ?? 0,
  };
}
