// RFC 3550 §6.3.1 / Appendix A.7: the deterministic RTCP interval from the session's RTCP bandwidth
// and membership, then randomized to [0.5, 1.5] x and divided by e - 3/2 for timer reconsideration.

export interface RtcpIntervalInput {
  /** Members of the session (us included). */
  members: number;
  /** Members that sent RTP recently (us included if we did). */
  senders: number;
  /** RTCP bandwidth in octets per second (RFC 3550 §6.2: 5% of the session bandwidth). */
  rtcpBandwidth: number;
  /** Whether we sent RTP since the last report. */
  weSent: boolean;
  /** Running average of compound RTCP packet size in octets (RFC 3550 §6.3.3). */
  avgRtcpSize: number;
  /** Before the first report: half the minimum (§6.2). */
  initial: boolean;
  /**
   * Minimum interval in ms. RFC 3550 §6.2 names 5 s; RFC 8829 §5.1.1 and browsers use less for
   * WebRTC (libwebrtc: 1 s video, 5 s audio), which §6.2's "scaled minimum" permits.
   */
  minIntervalMs: number;
}

const COMPENSATION = Math.E - 1.5;

/** RFC 3550 A.7 rtcp_interval(), in milliseconds; `random` returns a uniform value in [0, 1). */
export function rtcpIntervalMs(input: RtcpIntervalInput, random: () => number): number {
  const senderFraction = 0.25;
  const tmin = input.initial ? input.minIntervalMs / 2 : input.minIntervalMs;
  let n = input.members;
  let bw = input.rtcpBandwidth;
  // §6.3.1: senders share a quarter of the RTCP bandwidth when they are at most a quarter of members.
  if (input.senders > 0 && input.senders <= input.members * senderFraction) {
    if (input.weSent) {
      bw *= senderFraction;
      n = input.senders;
    } else {
      bw *= 1 - senderFraction;
      n -= input.senders;
    }
  }
  let t = bw > 0 ? ((input.avgRtcpSize * n) / bw) * 1000 : tmin;
  if (t < tmin) t = tmin;
  return (t * (random() + 0.5)) / COMPENSATION;
}
