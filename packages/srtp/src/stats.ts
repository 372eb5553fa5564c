import type { DropReason } from './errors.js';

export type DropCounts = Record<DropReason, number>;

/** Counters of one SrtpSession; drops are counted by reason (nothing is thrown for bad input). */
export interface SrtpSessionStats {
  rtpProtected: number;
  rtcpProtected: number;
  rtpUnprotected: number;
  rtcpUnprotected: number;
  rtpDropped: DropCounts;
  rtcpDropped: DropCounts;
}

export function emptyDropCounts(): DropCounts {
  return {
    truncated: 0,
    malformed: 0,
    'auth-failed': 0,
    replayed: 0,
    'too-old': 0,
    'ssrc-limit': 0,
  };
}
