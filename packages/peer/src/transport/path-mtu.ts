// RFC 8261 §5 leaves the path MTU of SCTP over DTLS to SCTP's PLPMTUD (RFC 8899). Node cannot set
// DF on a UDP socket, so on a real path a large probe could pass as IP fragments and the raised
// size would then ride on fragmentation. Probing beyond the base is therefore only allowed where
// the packets never leave the host: the remote end of a direct pair is a loopback address or one
// of this host's own addresses (the kernel delivers those over the loopback device, 64 KiB MTU).
// A probe also reaches the peer's stack, and some break on a record far above what browsers send;
// by default only peers that told us their limit (RFC 8449 record_size_limit) are probed.
import { MAX_PLAINTEXT } from '@rtc/dtls';
import type { PairInfo } from '@rtc/ice';

/**
 * 'auto': same-host paths to peers that sent record_size_limit; 'same-host': same-host paths to
 * any peer; 'off': never beyond the base.
 */
export type PathMtuMode = 'auto' | 'off' | 'same-host';

/** 127.0.0.0/8 and ::1 (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
const isLoopback = (address: string) => address.startsWith('127.') || address === '::1';

/**
 * The largest SCTP packet worth probing on `pair`, or undefined (no probing beyond the base). One
 * SCTP packet is one DTLS record (RFC 8261 §4), so the bound is one record's plaintext, or the
 * peer's record_size_limit when it sent one (RFC 8449 §4: no larger record may go to it).
 */
export function pathMaxMtu(
  pair: PairInfo,
  ownAddresses: readonly string[],
  peerRecordSizeLimit: number | undefined,
  mode: PathMtuMode,
): number | undefined {
  if (pair.relayed) return undefined;
  if (mode === 'auto' ? peerRecordSizeLimit === undefined : mode !== 'same-host') return undefined;
  const remote = pair.remoteAddress.address.toLowerCase();
  const sameHost = isLoopback(remote) || ownAddresses.some((a) => a.toLowerCase() === remote);
  if (!sameHost) return undefined;
  return Math.min(MAX_PLAINTEXT, peerRecordSizeLimit ?? MAX_PLAINTEXT);
}
