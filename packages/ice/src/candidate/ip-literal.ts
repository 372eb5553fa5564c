// IP address literals, classified exactly as node:net's isIP does (test/ip-literal.test.ts checks
// that on edge cases and fuzzed strings), by a scan instead of regular expressions: no platform
// dependency in the core, and none of node's cost on first use (its IPv6 expression is compiled
// and then run interpreted, ~6-12 ms in the first connect of a process). Candidate parsing, the
// families of sockets and the dgram lookup in @rtc/peer all use these.

const DOT = 0x2e;
const COLON = 0x3a;

/** Dotted-quad IPv4 (RFC 791 text form as node takes it: 0-255, no leading zeros) in text[from, to). */
function isIPv4Range(text: string, from: number, to: number): boolean {
  let parts = 0;
  let i = from;
  for (;;) {
    let value = 0;
    let digits = 0;
    for (; i < to; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      if (digits === 1 && value === 0) return false; // a leading zero
      value = 10 * value + d;
      if (++digits > 3) return false;
    }
    if (digits === 0 || value > 255) return false;
    parts++;
    if (i === to) return parts === 4;
    if (parts === 4 || text.charCodeAt(i) !== DOT) return false;
    i++;
  }
}

/** Dotted-quad IPv4 text. */
export function isIPv4(text: string): boolean {
  return text.length >= 7 && text.length <= 15 && isIPv4Range(text, 0, text.length);
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/** A zone (RFC 4007 §11) as node takes it: one or more of [0-9A-Za-z.:-]. */
function isZone(text: string, from: number): boolean {
  if (from >= text.length) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (!alnum && c !== DOT && c !== COLON && c !== 0x2d) return false;
  }
  return true;
}

/**
 * IPv6 text (RFC 4291 §2.2): eight groups of 1-4 hex digits, or fewer with one "::" standing for
 * one or more zero groups; the last two groups may be a dotted IPv4 address; then an optional
 * zone ("%eth0"). No brackets.
 */
export function isIPv6(text: string): boolean {
  let end = text.indexOf('%');
  if (end < 0) end = text.length;
  else if (!isZone(text, end + 1)) return false;
  if (end < 2) return false;
  let groups = 0;
  let compressed = false;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    compressed = true;
    i = 2;
    if (i === end) return true; // "::"
  }
  for (;;) {
    let j = i;
    while (j < end && isHex(text.charCodeAt(j))) j++;
    if (j < end && text.charCodeAt(j) === DOT) {
      // The dotted IPv4 tail: the rest of the address.
      if (!isIPv4Range(text, i, end)) return false;
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === end) break;
    if (text.charCodeAt(j) !== COLON) return false;
    if (j + 1 < end && text.charCodeAt(j + 1) === COLON) {
      if (compressed) return false;
      compressed = true;
      i = j + 2;
      if (i === end) break; // ends with "::"
    } else {
      i = j + 1;
      if (i === end) return false; // ends with a single ':'
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** The family of an IP literal: 4, 6, or 0 for anything else. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}
