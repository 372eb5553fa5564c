import type { TransportAddress } from './ip-address.js';

/** RFC 8489 §14.11 / §14.12: one entry of PASSWORD-ALGORITHM(S). */
export interface PasswordAlgorithm {
  /** 0x0001 = MD5, 0x0002 = SHA-256 (RFC 8489 §18.5). */
  algorithm: number;
  parameters: Uint8Array;
}

/** RFC 8489 §14.8: ERROR-CODE. `code` is the full number (class * 100 + number), e.g. 401. */
export interface ErrorCodeValue {
  code: number;
  reason: string;
}

/** RFC 8656 §18.8: the R bit asks the server to reserve the next port. */
export interface EvenPortValue {
  reserve: boolean;
}

/**
 * A decoded or to-be-encoded attribute. `type` is the RFC's name of the attribute.
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are not listed here: the encoder computes
 * them (see EncodeOptions) and the decoder records where they are (see DecodedStunMessage).
 *
 * Byte values (USERHASH, DATA, RESERVATION-TOKEN, RAW...) returned by the decoder are views into the
 * decoded buffer, not copies.
 */
export type StunAttribute =
  | { type: 'MAPPED-ADDRESS'; value: TransportAddress }
  | { type: 'XOR-MAPPED-ADDRESS'; value: TransportAddress }
  | { type: 'ALTERNATE-SERVER'; value: TransportAddress }
  | { type: 'RESPONSE-ORIGIN'; value: TransportAddress }
  | { type: 'OTHER-ADDRESS'; value: TransportAddress }
  | { type: 'XOR-PEER-ADDRESS'; value: TransportAddress }
  | { type: 'XOR-RELAYED-ADDRESS'; value: TransportAddress }
  | { type: 'USERNAME'; value: string }
  | { type: 'REALM'; value: string }
  | { type: 'NONCE'; value: string }
  | { type: 'SOFTWARE'; value: string }
  | { type: 'ALTERNATE-DOMAIN'; value: string }
  | { type: 'USERHASH'; value: Uint8Array }
  | { type: 'ERROR-CODE'; value: ErrorCodeValue }
  | { type: 'UNKNOWN-ATTRIBUTES'; value: number[] }
  | { type: 'PASSWORD-ALGORITHM'; value: PasswordAlgorithm }
  | { type: 'PASSWORD-ALGORITHMS'; value: PasswordAlgorithm[] }
  | { type: 'PRIORITY'; value: number }
  | { type: 'USE-CANDIDATE' }
  | { type: 'ICE-CONTROLLED'; value: bigint }
  | { type: 'ICE-CONTROLLING'; value: bigint }
  | { type: 'CHANNEL-NUMBER'; value: number }
  | { type: 'LIFETIME'; value: number }
  | { type: 'DATA'; value: Uint8Array }
  | { type: 'REQUESTED-TRANSPORT'; value: number }
  | { type: 'DONT-FRAGMENT' }
  | { type: 'RESERVATION-TOKEN'; value: Uint8Array }
  | { type: 'EVEN-PORT'; value: EvenPortValue }
  | { type: 'REQUESTED-ADDRESS-FAMILY'; value: 'IPv4' | 'IPv6' }
  | { type: 'ADDITIONAL-ADDRESS-FAMILY'; value: 'IPv4' | 'IPv6' }
  /** Any other attribute, kept as its type code and raw value. */
  | { type: 'RAW'; code: number; value: Uint8Array };

export type StunAttributeType = StunAttribute['type'];

/** The attribute object of a given type, e.g. `AttributeOf<'PRIORITY'>` is `{ type: 'PRIORITY'; value: number }`. */
export type AttributeOf<T extends StunAttributeType> = Extract<StunAttribute, { type: T }>;
