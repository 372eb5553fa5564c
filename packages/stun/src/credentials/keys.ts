import { hashBackend } from '../crypto/select.js';
import { saslPrep } from './saslprep.js';

const encoder = new TextEncoder();

/**
 * Printable ASCII (U+0020..U+007E) is its own SASLprep output: RFC 4013 §2 maps none of it, NFKC
 * leaves it alone and none of it is prohibited (§2.3 names only control characters in this range).
 * ICE passwords are always ASCII (RFC 8839 §5.4 ice-char), and every connectivity and consent check
 * needs the key: this skips the normalization and regular expressions for them.
 */
function printableAscii(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
    out[i] = c;
  }
  return out;
}

/** RFC 8489 §9.1.1: the short-term key is the (prepared) password itself, as UTF-8. */
export function shortTermKey(password: string): Uint8Array {
  return printableAscii(password) ?? encoder.encode(saslPrep(password));
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
