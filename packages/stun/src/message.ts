import type { AttributeOf, StunAttribute, StunAttributeType } from './attributes/types.js';
import type { StunClass } from './constants.js';

/** A STUN message (RFC 8489 §5): class, method, 96-bit transaction id and attributes in wire order. */
export interface StunMessage {
  class: StunClass;
  /** 12-bit method, e.g. StunMethod.Binding. */
  method: number;
  /** 12 bytes (RFC 8489 §5). */
  transactionId: Uint8Array;
  attributes: StunAttribute[];
}

/**
 * What decodeMessage returns: the message plus where its integrity and fingerprint attributes sit in
 * `raw`, so verifyIntegrity/verifyFingerprint hash the bytes as received without re-encoding.
 */
export interface DecodedStunMessage extends StunMessage {
  /** The decoded bytes (a view of the input, not a copy). */
  readonly raw: Uint8Array;
  /** Offset in raw of the MESSAGE-INTEGRITY attribute header, or -1. */
  readonly integrityOffset: number;
  /** Offset in raw of the MESSAGE-INTEGRITY-SHA256 attribute header, or -1. */
  readonly integritySha256Offset: number;
  /** Offset in raw of the FINGERPRINT attribute header, or -1. */
  readonly fingerprintOffset: number;
  /**
   * Codes of comprehension-required attributes (type < 0x8000) this package does not understand, in
   * order. RFC 8489 §6.3.1: a server answers a request carrying any with 420 (Unknown Attribute).
   */
  readonly unknownRequired: readonly number[];
}

/** The first attribute of the given type, or undefined. */
export function getAttribute<T extends StunAttributeType>(
  msg: StunMessage,
  type: T,
): AttributeOf<T> | undefined {
  const attrs = msg.attributes;
  for (let i = 0; i < attrs.length; i++) {
    if (attrs[i]!.type === type) return attrs[i] as AttributeOf<T>;
  }
  return undefined;
}

/** True when the message carries an attribute of that type. */
export function hasAttribute(msg: StunMessage, type: StunAttributeType): boolean {
  return getAttribute(msg, type) !== undefined;
}
