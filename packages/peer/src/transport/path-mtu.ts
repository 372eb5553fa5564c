// RFC 8261 §5 leaves the path MTU of SCTP over DTLS to SCTP's PLPMTUD (RFC 8899). Node cannot set
// DF on a UDP socket, so on a real path a large probe could pass as IP fragments and the raised
// size would then ride on fragmentation. Probing beyond the base is therefore only allowed where
// the packets never leave the host: the remote end of a direct pair is a loopback address or one
// of this host's own addresses (the kernel delivers those over the loopback device, 64 KiB MTU).
import { MAX_PLAINTEXT } from '@rtc/dtls';
import type { PairInfo } from '@rtc/ice';

/** 127.0.0.0/8 and ::1 (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
const isLoopback = (address: string) => address.startsWith('127.') || address === '::1';

/**
 * The largest SCTP packet worth probing on `pair`: one DTLS record's plaintext when the path stays
 * on this host, undefined (no probing beyond the base) otherwise.
 */
export function pathMaxMtu(pair: PairInfo, ownAddresses: readonly string[]): number | undefined {
  if (pair.relayed) return undefined;
  const remote = pair.remoteAddress.address.toLowerCase();
  const sameHost = isLoopback(remote) || ownAddresses.some((a) => a.toLowerCase() === remote);
  return sameHost ? MAX_PLAINTEXT : undefined;
}
