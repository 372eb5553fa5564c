// Small pieces of the RFC 8866 §9 grammar shared by the field and attribute codecs.
import { SdpParseError } from './errors.js';

const DIGITS = /^[0-9]{1,15}$/;

/** RFC 8866 §9 `integer`-like decimal: digits only, no sign, no spaces; undefined when out of range. */
export function parseDecimal(text: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!DIGITS.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** Splits on runs of SP/HTAB, ignoring leading/trailing blanks (liberal about repeated spaces). */
export function splitTokens(text: string): string[] {
  return text.split(/[ \t]+/).filter((t) => t.length > 0);
}

/** Splits "head rest..." at the first blank: returns [head, rest] with rest trimmed of leading blanks. */
export function splitFirst(text: string): [string, string] {
  const m = /^([^ \t]*)[ \t]*(.*)$/s.exec(text)!;
  return [m[1]!, m[2]!];
}

// RFC 8866 §5: lines end in CRLF and text fields cannot hold CR, LF or NUL. A value that did would
// inject extra lines into the serialized SDP, so setters refuse it.
const FORBIDDEN = /[\r\n\0]/;

export function checkValue(value: string, what: string): string {
  if (typeof value !== 'string' || FORBIDDEN.test(value)) {
    throw new SdpParseError(
      'invalid-value',
      `${what} must be a string without CR, LF or NUL`,
      undefined,
      String(value),
    );
  }
  return value;
}

/** A token that may appear inside a space-separated value: non-empty, no blanks. */
export function checkToken(value: string, what: string): string {
  checkValue(value, what);
  if (value.length === 0 || /[ \t]/.test(value)) {
    throw new SdpParseError(
      'invalid-value',
      `${what} must be a non-empty token without spaces`,
      undefined,
      value,
    );
  }
  return value;
}

export function checkInteger(value: number, what: string, max = Number.MAX_SAFE_INTEGER, min = 0): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SdpParseError(
      'invalid-value',
      `${what} must be an integer in ${min}..${max}`,
      undefined,
      String(value),
    );
  }
  return value;
}
