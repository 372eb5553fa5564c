// Grammar checks for the attributes this package understands, used by parseSdp's strict mode.
// The default (liberal) mode keeps malformed values as text and the typed views skip them.

import { isDirection } from './direction.js';
import { parseFingerprint, parseSetup } from './dtls.js';
import { parseExtmap } from './extmap.js';
import { parseGroup, parseMsidSemantic } from './group.js';
import { parseMsid } from './msid.js';
import { parseRid } from './rid.js';
import { parseRtcp } from './rtcp.js';
import { parseFmtp, parseRtcpFeedback, parseRtpMap } from './rtp-map.js';
import { parseMaxMessageSize, parsePort, parseSctpmap } from './sctp.js';
import { parseSimulcast } from './simulcast.js';
import { parseSsrc, parseSsrcGroup } from './ssrc.js';

type Check = (value: string | undefined) => boolean;

const valued =
  (parse: (v: string) => unknown): Check =>
  (v) =>
    v !== undefined && parse(v) !== undefined;
const property: Check = (v) => v === undefined;
const nonEmpty: Check = (v) => v !== undefined && v.trim() !== '' && !/[ \t]/.test(v.trim());

const CHECKS: Record<string, Check> = {
  group: valued(parseGroup),
  'msid-semantic': valued(parseMsidSemantic),
  mid: nonEmpty,
  msid: valued(parseMsid),
  'ice-ufrag': nonEmpty,
  'ice-pwd': nonEmpty,
  'ice-options': (v) => v !== undefined && v.trim() !== '',
  'ice-lite': property,
  fingerprint: valued(parseFingerprint),
  setup: valued(parseSetup),
  'rtcp-mux': property,
  'rtcp-mux-only': property,
  'rtcp-rsize': property,
  rtcp: valued(parseRtcp),
  rtpmap: valued(parseRtpMap),
  fmtp: valued(parseFmtp),
  'rtcp-fb': valued(parseRtcpFeedback),
  extmap: valued(parseExtmap),
  'extmap-allow-mixed': property,
  ssrc: valued(parseSsrc),
  'ssrc-group': valued(parseSsrcGroup),
  rid: valued(parseRid),
  simulcast: valued(parseSimulcast),
  'sctp-port': valued(parsePort),
  'max-message-size': valued(parseMaxMessageSize),
  sctpmap: valued(parseSctpmap),
  'end-of-candidates': property,
  'bundle-only': property,
  candidate: (v) => v !== undefined && v.trim() !== '',
};

/** True if `name` is unknown to this package or its value is well-formed. */
export function isWellFormedAttribute(name: string, value: string | undefined): boolean {
  if (isDirection(name)) return value === undefined;
  const check = Object.hasOwn(CHECKS, name) ? CHECKS[name] : undefined;
  return check === undefined || check(value);
}
