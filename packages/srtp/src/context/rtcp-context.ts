import { SRTCP_INDEX_MASK } from '../transform/transform.js';
import { ReplayWindow } from './replay-window.js';

/** Sender state of one SSRC for SRTCP: the explicit 31-bit SRTCP index (RFC 3711 §3.4). */
export class RtcpSendContext {
  #next = 0;

  /**
   * RFC 3711 §3.4: the index starts at zero and grows by one per packet. It MUST NOT wrap under
   * one key, so -1 is returned once 2^31 packets were sent (the keys must be renewed).
   */
  index(): number {
    const index = this.#next;
    if (index > SRTCP_INDEX_MASK) return -1;
    this.#next = index + 1;
    return index;
  }
}

/** Receiver state of one SSRC for SRTCP: the replay window over SRTCP indices. */
export class RtcpReceiveContext {
  readonly window: ReplayWindow;

  constructor(windowSize: number) {
    this.window = new ReplayWindow(windowSize);
  }
}
