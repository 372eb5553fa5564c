export { AttributeCode, isComprehensionRequired, PasswordAlgorithmId } from './attributes/codes.js';
export type { TransportAddress } from './attributes/ip-address.js';
export type {
  AttributeOf,
  ErrorCodeValue,
  EvenPortValue,
  PasswordAlgorithm,
  StunAttribute,
  StunAttributeType,
} from './attributes/types.js';
export {
  type ChannelData,
  decodeChannelData,
  encodeChannelData,
  MAX_CHANNEL_NUMBER,
  MIN_CHANNEL_NUMBER,
} from './channel-data.js';
export { FINGERPRINT_XOR, HEADER_LENGTH, MAGIC_COOKIE, type StunClass, StunMethod } from './constants.js';
export { type LongTermAlgorithm, longTermKey, shortTermKey, userHash } from './credentials/keys.js';
export { saslPrep } from './credentials/saslprep.js';
export type { HashBackend } from './crypto/backend.js';
export { hashBackendName, setHashBackend } from './crypto/select.js';
export { decodeMessage } from './decode.js';
export { isChannelData, isStunPacket, streamFrameLength } from './demux.js';
export { type EncodeOptions, encodeMessage } from './encode.js';
export { StunError, type StunErrorCode } from './errors.js';
export { crc32 } from './fingerprint.js';
export {
  verifyFingerprint,
  verifyIntegrity,
  verifyIntegritySha1,
  verifyIntegritySha256,
} from './integrity.js';
export { type DecodedStunMessage, getAttribute, hasAttribute, type StunMessage } from './message.js';
export { encodeMessageType, messageClassOf, messageMethodOf } from './message-type.js';
export {
  ClientTransaction,
  type ClientTransactionEvent,
  type ClientTransactionOptions,
  type ClientTransactionState,
} from './transaction/client-transaction.js';
export { type TableEvent, type TableTransmit, TransactionTable } from './transaction/transaction-table.js';
export { createTransactionId, transactionKey } from './transaction-id.js';
