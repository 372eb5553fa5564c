// RFC 8839 §5.4: ice-ufrag at least 4 and ice-pwd at least 22 characters of ice-char.
import { randomBytes } from 'node:crypto';

const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function randomIceString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ICE_CHARS[b & 63];
  return out;
}

/** RFC 8866 §5.2: sess-id is a numeric string; browsers use a random 63-bit value. */
export function randomSessionId(): string {
  return (randomBytes(8).readBigUInt64BE() >> 2n).toString();
}
