import { HEADER_LENGTH } from './constants.js';
import { constantTimeEqualAt } from './crypto/backend.js';
import { hashBackend } from './crypto/select.js';
import { fingerprintValue } from './fingerprint.js';
import type { DecodedStunMessage } from './message.js';

/**
 * RFC 8489 §14.5: checks MESSAGE-INTEGRITY (HMAC-SHA1) with `key`. The HMAC covers the header, with its
 * length set to end just after MESSAGE-INTEGRITY, and every byte before the attribute as received.
 * Compared in constant time. False when the attribute is absent.
 */
export function verifyIntegritySha1(msg: DecodedStunMessage, key: Uint8Array): boolean {
  const at = msg.integrityOffset;
  if (at < 0) return false;
  const raw = msg.raw;
  const mac = hashBackend().hmacSha1(key, raw, at, at - HEADER_LENGTH + 24);
  return constantTimeEqualAt(mac, raw, at + 4, 20);
}

/**
 * RFC 8489 §14.6: checks MESSAGE-INTEGRITY-SHA256 (possibly truncated to 16..28 bytes) with `key`.
 * False when the attribute is absent.
 */
export function verifyIntegritySha256(msg: DecodedStunMessage, key: Uint8Array): boolean {
  const at = msg.integritySha256Offset;
  if (at < 0) return false;
  const raw = msg.raw;
  const len = (raw[at + 2]! << 8) | raw[at + 3]!;
  const mac = hashBackend().hmacSha256(key, raw, at, at - HEADER_LENGTH + 4 + len);
  return constantTimeEqualAt(mac, raw, at + 4, len);
}

/**
 * Checks the message's integrity with `key`: MESSAGE-INTEGRITY-SHA256 when present (RFC 8489 §9.2.4
 * prefers it), otherwise MESSAGE-INTEGRITY. False when neither is present or the check fails.
 */
export function verifyIntegrity(msg: DecodedStunMessage, key: Uint8Array): boolean {
  if (msg.integritySha256Offset >= 0) return verifyIntegritySha256(msg, key);
  return verifyIntegritySha1(msg, key);
}

/** RFC 8489 §14.7: true when FINGERPRINT is present and matches. */
export function verifyFingerprint(msg: DecodedStunMessage): boolean {
  const at = msg.fingerprintOffset;
  if (at < 0) return false;
  const raw = msg.raw;
  // FINGERPRINT is last (decodeMessage enforces it), so the header length already covers it.
  const got = ((raw[at + 4]! << 24) | (raw[at + 5]! << 16) | (raw[at + 6]! << 8) | raw[at + 7]!) >>> 0;
  return got === fingerprintValue(raw, at);
}
