/**
 * Rollover counter (ROC) handling for SRTP (RFC 3711 §3.3.1). An SRTP packet index is the
 * 48-bit number ROC * 2^16 + SEQ; it fits a JS number exactly (< 2^53).
 */

export const MAX_ROC = 0xffffffff;

/**
 * RFC 3711 §3.3.1 and Appendix A: guess the index of a packet with sequence number `seq`
 * given the highest index seen so far (s_l and ROC). A packet within 2^15 of s_l is placed
 * next to it, so reordering across a SEQ wrap picks ROC-1 or ROC+1 as appropriate.
 * Returns -1 when the guess falls before index 0 or past the last ROC.
 */
export function estimateIndex(highest: number, seq: number): number {
  const roc = Math.floor(highest / 0x10000);
  const sl = highest - roc * 0x10000;
  let v = roc;
  if (sl < 0x8000) {
    if (seq - sl > 0x8000) v = roc - 1;
  } else if (sl - 0x8000 > seq) {
    v = roc + 1;
  }
  if (v < 0 || v > MAX_ROC) return -1;
  return v * 0x10000 + seq;
}

/** The ROC part of an index. */
export function rocOf(index: number): number {
  return Math.floor(index / 0x10000);
}
