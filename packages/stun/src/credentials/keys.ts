import { hashBackend } from '../crypto/select.js';
import { saslPrep } from './saslprep.js';

const encoder = new TextEncoder();

/** RFC 8489 §9.1.1: the short-term key is the (prepared) password itself, as UTF-8. */
export function shortTermKey(password: string): Uint8Array {
  return encoder.encode(saslPrep(password));
}

/** The hash a long-term key is built with (RFC 8489 §18.5 PASSWORD-ALGORITHM values 1 and 2). */
export type LongTermAlgorithm = 'md5' | 'sha256';

/**
 * RFC 8489 §9.2.2: key = MD5(username ":" realm ":" password) or SHA-256 of the same string when
 * PASSWORD-ALGORITHM says SHA-256. The password goes through SASLprep; username and realm are used as
 * given (they are sent as is in USERNAME and REALM). Without PASSWORD-ALGORITHM the key is MD5 even when
 * MESSAGE-INTEGRITY-SHA256 is used (RFC 8489 App. B.1).
 */
export function longTermKey(
  username: string,
  realm: string,
  password: string,
  algorithm: LongTermAlgorithm = 'md5',
): Uint8Array {
  const input = encoder.encode(`${username}:${realm}:${saslPrep(password)}`);
  const backend = hashBackend();
  return algorithm === 'sha256' ? backend.sha256(input) : backend.md5(input);
}

/** RFC 8489 §14.4: USERHASH = SHA-256(username ":" realm). */
export function userHash(username: string, realm: string): Uint8Array {
  return hashBackend().sha256(encoder.encode(`${username}:${realm}`));
}
