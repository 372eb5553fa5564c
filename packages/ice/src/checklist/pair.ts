import type { AddressFamily } from '../candidate/address.js';
import { pairPriority } from '../candidate/priority.js';
import type { Candidate, LocalCandidate } from '../candidate/types.js';

/** RFC 8445 §6.1.2.6: the five states of a candidate pair. */
export type PairState = 'frozen' | 'waiting' | 'in-progress' | 'succeeded' | 'failed';

/** A remote candidate with its IP resolved (mDNS names are resolved before pairing). */
export interface RemoteCandidate {
  candidate: Candidate;
  /** The IP the checks go to (equals candidate.address unless it was an mDNS name). */
  ip: string;
  family: AddressFamily;
}

/** Per-pair counters for getStats (names follow RTCIceCandidatePairStats). */
export interface PairStats {
  packetsSent: number;
  packetsReceived: number;
  bytesSent: number;
  bytesReceived: number;
  requestsSent: number;
  requestsReceived: number;
  responsesSent: number;
  responsesReceived: number;
  consentRequestsSent: number;
  /** Last measured round-trip time in milliseconds. */
  currentRoundTripTime: number | undefined;
  totalRoundTripTime: number;
  /** Number of responses the totalRoundTripTime sums over. */
  roundTripTimeMeasurements: number;
  lastPacketSentTimestamp: number | undefined;
  lastPacketReceivedTimestamp: number | undefined;
}

export function emptyPairStats(): PairStats {
  return {
    packetsSent: 0,
    packetsReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
    requestsSent: 0,
    requestsReceived: 0,
    responsesSent: 0,
    responsesReceived: 0,
    consentRequestsSent: 0,
    currentRoundTripTime: undefined,
    totalRoundTripTime: 0,
    roundTripTimeMeasurements: 0,
    lastPacketSentTimestamp: undefined,
    lastPacketReceivedTimestamp: undefined,
  };
}

let nextPairId = 1;

export class CandidatePair {
  readonly id: number;
  state: PairState = 'frozen';
  priority = 0n;
  /** RFC 8445 §7.2.5.3.2: the pair is in the valid list. */
  valid = false;
  /** RFC 8445 §8.1.1: nominated by the controlling agent. */
  nominated = false;
  /** The next check on this pair carries USE-CANDIDATE (controlling agent nominating it). */
  useCandidate = false;
  /** Controlled agent got USE-CANDIDATE before the pair succeeded (RFC 8445 §7.3.1.5). */
  nominateOnSuccess = false;
  readonly stats: PairStats = emptyPairStats();

  constructor(
    readonly local: LocalCandidate,
    readonly remote: RemoteCandidate,
    controlling: boolean,
  ) {
    this.id = nextPairId++;
    this.updatePriority(controlling);
  }

  /** RFC 8445 §6.1.2.2: the pair foundation joins both candidates' foundations. */
  get foundation(): string {
    return `${this.local.candidate.foundation}:${this.remote.candidate.foundation}`;
  }

  /** RFC 8445 §6.1.2.3, recomputed when the role changes (§7.3.1.1). */
  updatePriority(controlling: boolean): void {
    const l = this.local.candidate.priority;
    const r = this.remote.candidate.priority;
    this.priority = controlling ? pairPriority(l, r) : pairPriority(r, l);
  }

  /** The pair's remote transport address. */
  get remoteAddress(): { address: string; port: number } {
    return { address: this.remote.ip, port: this.remote.candidate.port };
  }
}
