export { Association } from './association/association.js';
export type {
  AssociationEvent,
  AssociationState,
  AssociationStats,
  CloseReason,
} from './association/events.js';
export type { AssociationOptions } from './association/options.js';
export type { PmtudState, PmtudStats } from './association/pmtud.js';
export { type ChannelInfo, type ChannelInit, type ChannelState, DataChannel } from './channel.js';
export { crc32c, sctpChecksum } from './crc32c.js';
export {
  ChannelType,
  type DataChannelAck,
  type DataChannelOpen,
  type DcepMessage,
  DcepType,
  decodeDcep,
  encodeDcep,
  Ppid,
} from './dcep/dcep.js';
export { SctpError, type SctpErrorCode } from './errors.js';
export * from './packet/index.js';
