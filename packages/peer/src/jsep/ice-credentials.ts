// RFC 8839 §5.4: ice-ufrag at least 4 and ice-pwd at least 22 characters of ice-char.
import { randomBytes } from 'node:crypto';

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomIceString(length: number): string {
  const bytes = randomBytes(length);
  for (let i = 0; i < length; i++) bytes[i] = ICE_CHARS.charCodeAt(bytes[i]! & 63);
  // One flat string (appending a character at a time leaves a chain of concatenated strings).
  return bytes.toString('latin1');
}

/** RFC 8866 §5.2: sess-id is a numeric string; browsers use a random 63-bit value. */
export function randomSessionId(): string {
  return (randomBytes(8).readBigUInt64BE() >> 2n).toString();
}
