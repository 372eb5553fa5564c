import { ReplayWindow } from './replay-window.js';
import { estimateIndex } from './roc.js';

/** Sender state of one SSRC: the highest index sent, which carries the ROC (RFC 3711 §3.3.1). */
export class RtpSendContext {
  #highest = -1;

  /**
   * The index to protect a packet with sequence number `seq`, and advance the ROC when SEQ
   * wraps. A retransmission of an older SEQ gets its original index back. Returns -1 when the
   * ROC is exhausted (2^48 packets: the keys must be renewed, RFC 3711 §9.2).
   */
  index(seq: number): number {
    if (this.#highest < 0) {
      // RFC 3711 §3.3.1: the ROC starts at 0.
      this.#highest = seq;
      return seq;
    }
    let index = estimateIndex(this.#highest, seq);
    // A SEQ just "before" the first one sent cannot have index < 0; it is a fresh index in ROC 0.
    if (index < 0 && this.#highest < 0x10000) index = seq;
    if (index > this.#highest) this.#highest = index;
    return index;
  }
}

/** Receiver state of one SSRC: ROC and s_l (as the highest index) plus the replay window. */
export class RtpReceiveContext {
  readonly window: ReplayWindow;

  constructor(windowSize: number) {
    this.window = new ReplayWindow(windowSize);
  }

  /** RFC 3711 §3.3.1: the packet's index, or -1 if it cannot be placed. */
  estimate(seq: number): number {
    const highest = this.window.highest;
    return highest < 0 ? seq : estimateIndex(highest, seq);
  }
}
