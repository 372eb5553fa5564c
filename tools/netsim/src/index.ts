export { type Address, canonicalIp, formatAddress, type IpFamily, ipBytes, ipFamily } from './address.js';
export { Capture, type CapturedDatagram, type CapturePoint } from './capture.js';
export { NetsimError, type NetsimErrorCode } from './errors.js';
export {
  between,
  dropNth,
  dropWhere,
  type FilterPacket,
  type PacketFilter,
  type PacketPredicate,
} from './filter.js';
export { type BindOptions, type DatagramHandler, Host, Socket } from './host.js';
export type { NatFilteringBehaviour, NatMappingBehaviour, NatPortAllocation } from './nat/behaviour.js';
export { Nat, type NatConfig, type NatMapping, type NatStats } from './nat/nat.js';
export {
  type AddHostOptions,
  type AddNatOptions,
  Network,
  type NetworkNode,
  type NetworkOptions,
  type RunOptions,
  type RunResult,
  type Timer,
  type TimerSource,
} from './network.js';
export { Prng } from './prng.js';
export { formatTrace } from './trace.js';
export {
  type Datagram,
  DROP_REASONS,
  type DropReason,
  type LinkConfig,
  type LinkStats,
  type NatDirection,
  type NetworkStats,
  type TraceEvent,
} from './types.js';
