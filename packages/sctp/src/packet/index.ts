export type { AbortChunk } from './abort.js';
export { type Chunk, chunkSize, decodeChunk, encodeChunk, type UnknownChunk } from './chunk.js';
export { ChunkType, DataFlags, T_BIT } from './chunk-type.js';
export type { CookieEchoChunk } from './cookie-echo.js';
export type { DataChunk } from './data.js';
export { CauseCode, type ErrorCause } from './error-cause.js';
export type { ForwardTsnChunk } from './forward-tsn.js';
export type { HeartbeatChunk } from './heartbeat.js';
export type { InitChunk } from './init.js';
export {
  type CommonHeader,
  type DecodeOptions,
  decodeHeader,
  decodePacket,
  type EncodeOptions,
  encodePacket,
  type Packet,
} from './packet.js';
export { EDMID_DTLS, type Param, ParamType } from './params.js';
export { type ReconfigChunk, type ReconfigParam, ReconfigParamType, ReconfigResult } from './reconfig.js';
export type { SackChunk } from './sack.js';
export type { EmptyChunk, ShutdownChunk } from './shutdown.js';
