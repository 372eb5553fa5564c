import { CheckList } from '../checklist/check-list.js';
import type { CandidatePair, RemoteCandidate } from '../checklist/pair.js';
import type { Credentials } from './connectivity-check.js';

/** A bound on remote candidates per generation (each pairs with every local candidate). */
export const MAX_REMOTE_CANDIDATES = 100;

/**
 * One ICE generation: credentials, remote candidates and the check list. An ICE restart (RFC 8445 §9)
 * starts a new generation while the previous one's selected pair keeps carrying data.
 */
export class Generation implements Credentials {
  remoteUfrag: string | undefined;
  remotePwd: string | undefined;
  remoteLite = false;
  remotes: RemoteCandidate[] = [];
  readonly checklist: CheckList;
  remoteEndOfCandidates = false;
  nominated: CandidatePair | undefined;
  firstValidAt: number | undefined;
  /** mDNS names waiting for resolution, with their candidates (made on the first name). */
  pendingMdns: Map<string, RemoteCandidate['candidate'][]> | undefined;

  constructor(
    readonly localUfrag: string,
    readonly localPwd: string,
    controlling: boolean,
    maxPairs: number,
  ) {
    this.checklist = new CheckList(controlling, maxPairs);
  }

  /** Copies the lists that grew during gathering and checks into storage of their size. */
  compact(): void {
    this.remotes = this.remotes.slice();
    this.checklist.compact(true);
  }

  get hasRemoteCredentials(): boolean {
    return this.remoteUfrag !== undefined && this.remotePwd !== undefined;
  }

  findRemote(ip: string, port: number): RemoteCandidate | undefined {
    const lower = ip.toLowerCase();
    return this.remotes.find((r) => r.ip.toLowerCase() === lower && r.candidate.port === port);
  }
}
