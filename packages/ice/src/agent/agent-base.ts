import type { Address } from '../candidate/address.js';
import type { LocalCandidate } from '../candidate/types.js';
import type { CandidatePair } from '../checklist/pair.js';
import { RequestTracker, type RetransmitPolicy } from '../transaction/request-tracker.js';
import type { TurnEvent } from '../turn/types.js';
import type { CheckRejection } from './connectivity-check.js';
import { ConsentTimer } from './consent.js';
import {
  defaultRandom,
  type RandomSource,
  randomIceString,
  randomTieBreaker,
  randomUnit,
} from './credentials.js';
import { Generation } from './generation.js';
import { type RelayEntry, type RelayOwner, RelaySet } from './relays.js';
import type {
  ConnectionState,
  GatheringState,
  HostSocket,
  IceAgentOptions,
  IceEvent,
  IceRole,
  PairInfo,
  StunServerConfig,
  Transmit,
} from './types.js';

export type TxContext =
  | { kind: 'check'; pair: CandidatePair; gen: Generation; useCandidate: boolean; role: IceRole }
  | { kind: 'consent'; pair: CandidatePair; gen: Generation }
  | { kind: 'srflx'; host: HostSocket; server: Address };

export const MAX_QUEUE = 1024;
export const SRFLX_POLICY: RetransmitPolicy = { rto: 500, maxRto: 1600, maxTransmissions: 5 };
export const CONSENT_POLICY: RetransmitPolicy = { rto: 500, maxRto: 2000, maxTransmissions: 4 };

/**
 * State shared by the agent's layers (gathering, checks, API) and the helpers every layer uses: event
 * and transmit queues, sending from a local candidate, pair descriptions.
 */
export abstract class AgentBase implements RelayOwner {
  role: IceRole;
  readonly lite: boolean;
  readonly tieBreaker: bigint;
  gatheringState: GatheringState = 'new';
  connectionState: ConnectionState = 'new';
  protected gen: Generation;
  protected prevGen: Generation | undefined;
  /** Set once the restart's generation selected: when the previous one is forgotten at the latest. */
  protected prevGenUntil: number | undefined;
  protected hosts: HostSocket[] = [];
  protected readonly hostCandidates = new Map<string, LocalCandidate>();
  protected localCandidates: LocalCandidate[] = [];
  protected readonly tracker = new RequestTracker<TxContext>();
  protected readonly relays: RelaySet;
  protected readonly transmits: Transmit[] = [];
  protected readonly events: IceEvent[] = [];
  protected readonly random: RandomSource;
  protected readonly consent: ConsentTimer;
  protected readonly stunServers: StunServerConfig[];
  protected readonly ta: number;
  protected readonly nominationDelay: number;
  protected readonly checkPolicy: RetransmitPolicy;
  protected readonly maxPairs: number;
  /** Gathering transactions still out (made on the first one; undefined again once it is empty). */
  protected gatherPending: Set<string> | undefined;
  protected gatherStarted = false;
  protected nextCheckAt: number | undefined;
  protected lastCheckAt = Number.NEGATIVE_INFINITY;
  protected selected: CandidatePair | undefined;
  protected selectedGen: Generation | undefined;
  /** When the current selected pair was selected, until unused host sockets are released. */
  protected selectedAt: number | undefined;
  /** The PairInfo handed out per pair (made on first use, dropped when host sockets are released). */
  protected pairInfo: Map<number, PairInfo> | undefined;
  protected closed = false;
  protected readonly counters = {
    droppedRequests: 0,
    droppedResponses: 0,
    droppedData: 0,
    malformed: 0,
    sendRefused: 0,
    roleConflicts: 0,
  };
  /** Why incoming checks were refused, for tests and diagnostics. */
  readonly rejections: Partial<Record<CheckRejection, number>> = {};

  constructor(protected readonly options: IceAgentOptions) {
    this.random = options.random ?? defaultRandom;
    this.lite = options.lite ?? false;
    // RFC 8445 §6.1.1: a lite agent is always controlled.
    this.role = this.lite ? 'controlled' : options.role;
    this.tieBreaker = options.tieBreaker ?? randomTieBreaker(this.random);
    this.ta = options.ta ?? 50;
    this.nominationDelay = options.nominationDelay ?? 500;
    this.maxPairs = options.maxPairs ?? 100;
    this.checkPolicy = {
      rto: options.checkRto ?? 500,
      maxRto: 3000,
      maxTransmissions: options.checkTransmissions ?? 7,
    };
    this.stunServers = this.lite ? [] : (options.stunServers ?? []);
    const ufrag = options.localUfrag ?? randomIceString(8, this.random);
    const pwd = options.localPwd ?? randomIceString(24, this.random);
    this.gen = new Generation(ufrag, pwd, this.role === 'controlling', this.maxPairs);
    this.consent = new ConsentTimer(
      options.consentInterval ?? 5000,
      options.disconnectedTimeout ?? 10_000,
      options.consentTimeout ?? 30_000,
      () => randomUnit(this.random),
    );
    this.relays = new RelaySet(this);
  }

  /** @internal RelayOwner: a TURN allocation's datagram to its server. */
  relayTransmit(t: Transmit): void {
    this.pushTransmit(t);
  }

  /** @internal RelayOwner: an event of the relay set (stream sockets to open or close). */
  relayEvent(e: IceEvent): void {
    this.emit(e);
  }

  /** @internal RelayOwner: an allocation's event. */
  relayTurnEvent(entry: RelayEntry, e: TurnEvent, now: number): void {
    this.onTurnEvent(entry, e, now);
  }

  get localUfrag(): string {
    return this.gen.localUfrag;
  }

  get localPwd(): string {
    return this.gen.localPwd;
  }

  /** @internal A random STUN transaction id (RFC 8489 §6). */
  newTransactionId(): Uint8Array {
    const id = new Uint8Array(12);
    this.random(id);
    return id;
  }

  protected emit(e: IceEvent): void {
    if (this.events.length < MAX_QUEUE) this.events.push(e);
  }

  protected pushTransmit(t: Transmit): void {
    if (this.transmits.length < MAX_QUEUE) this.transmits.push(t);
  }

  /** Sends bytes from a local candidate: directly from its socket or through its TURN allocation. */
  protected sendFrom(local: LocalCandidate, to: Address, data: Uint8Array, _now: number): boolean {
    if (local.relayId !== undefined) {
      const entry = this.relays.byId(local.relayId);
      return entry ? this.relays.sendTo(entry, to, data) : false;
    }
    this.pushTransmit({ socketId: local.socketId, to, data });
    return true;
  }

  protected generations(): Generation[] {
    return this.prevGen ? [this.gen, this.prevGen] : [this.gen];
  }

  protected recordRtt(pair: CandidatePair, sentAt: number, now: number): void {
    const rtt = now - sentAt;
    pair.stats.responsesReceived++;
    pair.stats.currentRoundTripTime = rtt;
    pair.stats.totalRoundTripTime += rtt;
    pair.stats.roundTripTimeMeasurements++;
  }

  protected info(pair: CandidatePair): PairInfo {
    const known = (this.pairInfo ??= new Map());
    let i = known.get(pair.id);
    if (!i) {
      if (known.size > 256) known.clear();
      i = {
        id: pair.id,
        local: pair.local.candidate,
        remote: pair.remote.candidate,
        socketId: pair.local.socketId,
        remoteAddress: pair.remoteAddress,
        relayed: pair.local.relayId !== undefined,
      };
      known.set(pair.id, i);
    }
    return i;
  }

  protected abstract onTurnEvent(entry: RelayEntry, e: TurnEvent, now: number): void;
  protected abstract updateConnectionState(now: number): void;
  protected abstract wakeChecks(now: number): void;
  protected abstract handlePacket(local: LocalCandidate, from: Address, data: Uint8Array, now: number): void;
}
