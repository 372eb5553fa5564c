// Retransmission timeout estimation (RFC 9260 §6.3.1, the Jacobson/Karels algorithm with
// RTO.Alpha = 1/8 and RTO.Beta = 1/4).

export class RtoEstimator {
  srtt: number | undefined;
  rttvar = 0;
  rto: number;
  /** A round trip of the path measured below SCTP (setPathRtt), kept across reset(). */
  private pathRtt: number | undefined;
  constructor(
    private readonly initial: number,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.rto = initial;
  }

  /** Feed one RTT measurement R (ms), taken only from chunks sent once (Karn's rule, §6.3.1 C5). */
  measure(r: number): void {
    if (r < 0) return;
    if (this.srtt === undefined) {
      // §6.3.1 C2: first measurement.
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      // §6.3.1 C3: RTTVAR first, with the old SRTT.
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    // §6.3.1 C3 (G term): a zero RTTVAR is replaced by the clock granularity, 1 ms here.
    this.rto = this.clamp(this.srtt + 4 * Math.max(this.rttvar, 1));
  }

  /**
   * A round trip of this association's path measured by the layer below (for SCTP over DTLS over
   * ICE, a connectivity check on the very 5-tuple the packets take). §6.3.1 C1 keeps RTO.Initial
   * only until a measurement has been made for the destination; this is one, and it becomes the
   * first (C2) when SCTP has none of its own yet. A later SCTP measurement refines it as usual.
   */
  seed(r: number): void {
    this.pathRtt = r;
    if (this.srtt === undefined) this.measure(r);
  }

  /** §6.3.3 E2: exponential back-off when T3-rtx (or T1/T2) expires. */
  backoff(): void {
    this.rto = this.clamp(this.rto * 2);
  }

  private clamp(v: number): number {
    return Math.min(this.max, Math.max(this.min, v));
  }

  reset(): void {
    this.srtt = undefined;
    this.rttvar = 0;
    this.rto = this.initial;
    if (this.pathRtt !== undefined) this.measure(this.pathRtt);
  }
}
