import { StunError } from '../errors.js';

// RFC 4013 (SASLprep) tables from RFC 3454. RFC 8489 §9.2.2 names OpaqueString (RFC 8265), but the
// published vectors (RFC 5769 §2.4, RFC 8489 App. B.1) need SASLprep's NFKC and "mapped to nothing"
// rules ("The\u00ADM\u00AAtr\u2168" -> "TheMatrIX"); OpaqueString would reject U+00AD. We follow the vectors.

// RFC 3454 C.1.2: non-ASCII space characters, mapped to U+0020 (RFC 4013 §2.1).
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/gu;
// RFC 3454 B.1: commonly mapped to nothing. (A set, not a regex class: several are combining marks.)
const MAPPED_TO_NOTHING = new Set([
  0x00ad,
  0x034f,
  0x1806,
  0x180b,
  0x180c,
  0x180d,
  0x200b,
  0x200c,
  0x200d,
  0x2060,
  0xfeff,
  ...Array.from({ length: 16 }, (_, i) => 0xfe00 + i),
]);
// RFC 4013 §2.3: prohibited output (C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9).
const PROHIBITED = new RegExp(
  [
    '[\\u00A0\\u1680\\u2000-\\u200B\\u202F\\u205F\\u3000]', // C.1.2
    '[\\u0000-\\u001F\\u007F]', // C.2.1
    '[\\u0080-\\u009F\\u06DD\\u070F\\u180E\\u200C\\u200D\\u2028\\u2029\\u2060-\\u2063\\u206A-\\u206F\\uFEFF\\uFFF9-\\uFFFC\\u{1D173}-\\u{1D17A}]', // C.2.2
    '[\\uE000-\\uF8FF\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}]', // C.3
    '[\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\u{1FFFE}\\u{1FFFF}\\u{2FFFE}\\u{2FFFF}\\u{3FFFE}\\u{3FFFF}\\u{4FFFE}\\u{4FFFF}\\u{5FFFE}\\u{5FFFF}\\u{6FFFE}\\u{6FFFF}\\u{7FFFE}\\u{7FFFF}\\u{8FFFE}\\u{8FFFF}\\u{9FFFE}\\u{9FFFF}\\u{AFFFE}\\u{AFFFF}\\u{BFFFE}\\u{BFFFF}\\u{CFFFE}\\u{CFFFF}\\u{DFFFE}\\u{DFFFF}\\u{EFFFE}\\u{EFFFF}\\u{FFFFE}\\u{FFFFF}\\u{10FFFE}\\u{10FFFF}]', // C.4
    '[\\uD800-\\uDFFF]', // C.5 (lone surrogates; the u flag matches paired ones as one code point)
    '[\\uFFF9-\\uFFFD]', // C.6
    '[\\u2FF0-\\u2FFB]', // C.7
    '[\\u0340\\u0341\\u200E\\u200F\\u202A-\\u202E\\u206A-\\u206F]', // C.8
    '[\\u{E0001}\\u{E0020}-\\u{E007F}]', // C.9
  ].join('|'),
  'u',
);

/**
 * SASLprep (RFC 4013) of a password: map non-ASCII spaces to space, drop "mapped to nothing" characters,
 * NFKC, reject prohibited characters with StunError('invalid-credential'). The bidirectional rule of
 * RFC 3454 §6 is not checked. ASCII-printable input is returned unchanged without work.
 */
export function saslPrep(input: string): string {
  if (/^[\x20-\x7E]*$/.test(input)) return input;
  let mapped = '';
  for (const ch of input.replace(NON_ASCII_SPACE, ' ')) {
    if (!MAPPED_TO_NOTHING.has(ch.codePointAt(0)!)) mapped += ch;
  }
  mapped = mapped.normalize('NFKC');
  if (PROHIBITED.test(mapped)) {
    throw new StunError('invalid-credential', 'credential contains a character SASLprep prohibits');
  }
  return mapped;
}
