import { StunError } from '../errors.js';

// Strings in STUN attributes are short and usually ASCII: a byte loop beats TextEncoder/TextDecoder's
// per-call overhead there; anything non-ASCII goes through the standard codecs.
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** RFC 8489 §14.3 / §14.9 / §14.10 / §14.14: text attributes are below 763 bytes. */
export const MAX_TEXT_BYTES = 763;

export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/** Writes text as UTF-8 at out[offset..] and returns the byte count. Throws if it exceeds maxBytes. */
export function writeUtf8(
  text: string,
  out: Uint8Array,
  offset: number,
  maxBytes: number,
  what: string,
): number {
  const n = text.length;
  let i = 0;
  if (n <= maxBytes && offset + n <= out.length) {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      out[offset + i] = c;
    }
    if (i === n) return n;
  }
  const room = Math.min(out.length - offset, maxBytes + 4);
  const { read, written } = utf8Encoder.encodeInto(text, out.subarray(offset, offset + room));
  if (read !== n || written > maxBytes) {
    throw new StunError('invalid-attribute', `${what} is longer than ${maxBytes} bytes`);
  }
  return written;
}
