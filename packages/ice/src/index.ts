export { IceAgent } from './agent/agent.js';
export type {
  AgentStats,
  ConnectionState,
  GatheringState,
  HostSocket,
  IceAgentOptions,
  IceEvent,
  IceRole,
  PairInfo,
  PairStatsReport,
  ReceivedDatagram,
  StunServerConfig,
  Transmit,
} from './agent/types.js';
export { type Address, type AddressFamily, familyOf, ipFamily, isIPv4, isIPv6 } from './candidate/address.js';
export { computeFoundation, type FoundationInput } from './candidate/foundation.js';
export { isEndOfCandidates, parseCandidate, serializeCandidate } from './candidate/grammar.js';
export {
  candidatePriority,
  interleaveFamilies,
  type LocalPreferenceInput,
  localPreference,
  pairPriority,
  TYPE_PREFERENCE,
} from './candidate/priority.js';
export type { Candidate, CandidateType, LocalCandidate, SocketId, TcpType } from './candidate/types.js';
export { CheckList, DEFAULT_MAX_PAIRS } from './checklist/check-list.js';
export { CandidatePair, type PairState, type PairStats, type RemoteCandidate } from './checklist/pair.js';
export { IceError, type IceErrorCode } from './errors.js';
export { type AllocationState, TurnAllocation } from './turn/allocation.js';
export type { TurnEvent, TurnServerConfig, TurnTransport } from './turn/types.js';
