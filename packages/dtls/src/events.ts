import type { CipherSuiteName } from './crypto/suites.js';
import type { DtlsError } from './errors.js';
import type { SrtpProfile } from './srtp-profiles.js';

/** Events drained with `DtlsEndpoint.pollEvent()`. */
export type DtlsEvent =
  | {
      /** Handshake done, both Finished verified and the peer certificate matched a fingerprint. */
      readonly type: 'connected';
      readonly cipherSuite: CipherSuiteName;
      readonly srtpProfile: SrtpProfile | undefined;
      readonly extendedMasterSecret: boolean;
      /** See DtlsEndpoint.peerRecordSizeLimit (RFC 8449); undefined when not negotiated. */
      readonly peerRecordSizeLimit: number | undefined;
    }
  /**
   * Client with `falseStart` (RFC 7918): its Finished is sent and `send()` works from now on; the
   * handshake completes (`connected`) when the server's Finished is verified.
   */
  | { readonly type: 'false-start' }
  | { readonly type: 'data'; readonly data: Uint8Array }
  /** An alert received from the peer (RFC 5246 §7.2). */
  | {
      readonly type: 'alert';
      readonly level: 'warning' | 'fatal';
      readonly description: number;
      readonly name: string;
    }
  /** A local failure; the endpoint has sent the matching fatal alert and is closed. */
  | { readonly type: 'error'; readonly error: DtlsError }
  | { readonly type: 'closed' };

/** Counters of what was dropped and why (a bad packet is counted, never thrown). */
export interface DtlsStats {
  datagramsReceived: number;
  recordsReceived: number;
  malformedRecords: number;
  replayedRecords: number;
  badMacRecords: number;
  droppedRecords: number;
  droppedFragments: number;
  retransmissions: number;
}
