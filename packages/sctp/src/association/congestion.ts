import { tsnLt } from './serial.js';

/**
 * SCTP congestion control as RFC 9260 §7.2 specifies it (TCP Reno with byte counting): slow start,
 * congestion avoidance with partial_bytes_acked, one cwnd reduction per Fast Recovery, and the T3-rtx
 * reset to one MTU. `mtu` is the payload MTU (path MTU less the common header).
 */
export class CongestionControl {
  cwnd: number;
  ssthresh: number;
  private partialBytesAcked = 0;
  /** In Fast Recovery until the cumulative TSN ack reaches `recoveryExit` (RFC 9260 §7.2.4 6). */
  inFastRecovery = false;
  private recoveryExit = 0;

  constructor(
    private mtu: number,
    initialCwnd: number,
    peerRwnd: number,
  ) {
    this.cwnd = initialCwnd;
    // RFC 9260 §7.2.1: the initial ssthresh MAY be arbitrarily high; use the peer's window.
    this.ssthresh = Math.max(peerRwnd, 4 * mtu);
  }

  /** The payload MTU changed (PLPMTUD, RFC 8899): later increments and resets use the new size. */
  setMtu(mtu: number): void {
    this.mtu = mtu;
  }

  /**
   * A SACK arrived (RFC 9260 §7.2.1, §7.2.2). `flightBefore` is the flight size before it,
   * `bytesAcked` the bytes it newly acknowledged, `cum` its cumulative TSN ack, `advanced` whether
   * that moved, `allAcked` whether nothing is outstanding now.
   */
  onSack(cum: number, advanced: boolean, bytesAcked: number, flightBefore: number, allAcked: boolean): void {
    // §7.2.4 6: Fast Recovery ends when the cumulative ack reaches or passes the exit point.
    if (this.inFastRecovery && !tsnLt(cum, this.recoveryExit)) this.inFastRecovery = false;
    const mtu = this.mtu;
    // "Fully utilized": the flight before this SACK filled cwnd (within one MTU of rounding).
    const fullyUtilized = flightBefore + mtu >= this.cwnd;
    if (advanced && bytesAcked > 0) {
      if (this.cwnd <= this.ssthresh) {
        // §7.2.1: slow start, only with the window in full use and not in Fast Recovery.
        if (!this.inFastRecovery && fullyUtilized) this.cwnd += Math.min(bytesAcked, mtu);
      } else {
        // §7.2.2: congestion avoidance, one MTU per cwnd of acknowledged bytes.
        this.partialBytesAcked += bytesAcked;
        if (this.partialBytesAcked >= this.cwnd && fullyUtilized) {
          this.partialBytesAcked -= this.cwnd;
          this.cwnd += mtu;
        }
      }
    }
    // §7.2.2: partial_bytes_acked restarts once everything sent has been acknowledged.
    if (allAcked) this.partialBytesAcked = 0;
  }

  /**
   * Chunks were marked by Fast Retransmit (§7.2.4 2 and 6). Returns true when this entered Fast
   * Recovery (and so the first retransmission may ignore cwnd, §7.2.4 3); inside Fast Recovery the
   * window is not reduced again.
   */
  onFastRetransmit(highestOutstanding: number): boolean {
    if (this.inFastRecovery) return false;
    this.inFastRecovery = true;
    this.recoveryExit = highestOutstanding;
    // §7.2.3: ssthresh = max(cwnd/2, 4*MTU), cwnd = ssthresh.
    this.ssthresh = Math.max(this.cwnd >> 1, 4 * this.mtu);
    this.cwnd = this.ssthresh;
    this.partialBytesAcked = 0;
    return true;
  }

  /**
   * A retransmission sent after the last reduction was lost too (sender.ts): congestion persisted
   * through that reduction, so the window is halved again (down to 4 MTU) and a new recovery runs
   * to `highestOutstanding`, whether or not one was under way. Returns true, like entering recovery.
   */
  onLostRetransmission(highestOutstanding: number): boolean {
    this.inFastRecovery = false;
    return this.onFastRetransmit(highestOutstanding);
  }

  /** T3-rtx expired (§7.2.3): ssthresh = max(cwnd/2, 4*MTU), cwnd = 1 MTU; Fast Recovery ends. */
  onT3(): void {
    this.ssthresh = Math.max(this.cwnd >> 1, 4 * this.mtu);
    this.cwnd = this.mtu;
    this.partialBytesAcked = 0;
    this.inFastRecovery = false;
  }
}
