// RFC 8866 §5 / §9: text to SessionDescription. Liberal in what it accepts (LF or CRLF, repeated
// blanks, unknown line types and attributes kept verbatim); strict about the lines everything else
// depends on (v=, o=, s=, m=, c=, b=, t=). Throws only SdpParseError.
import { isWellFormedAttribute } from './attributes/registry.js';
import { SdpParseError } from './errors.js';
import { parseBandwidth } from './fields/bandwidth.js';
import { parseConnection } from './fields/connection.js';
import { parseMediaLine } from './fields/media-line.js';
import { parseOrigin } from './fields/origin.js';
import { parseTiming } from './fields/timing.js';
import { attributeName, type SdpLine, toAttribute } from './line.js';
import { MediaDescription } from './media.js';
import { SessionDescription } from './session.js';

export interface ParseOptions {
  /**
   * Also check the grammar of every attribute this package understands (rtpmap, extmap, ssrc, ...)
   * and reject the SDP on a malformed one. Off by default: malformed values are kept as text and the
   * typed views skip them.
   */
  strict?: boolean;
}

// RFC 8866 §5: <type>=<value>, type is one case-significant letter; no blank around '='.
const LINE = /^([a-z])=(.*)$/s;
const FORBIDDEN = /[\r\0]/;

export function parseSdp(text: string, options: ParseOptions = {}): SessionDescription {
  if (typeof text !== 'string')
    throw new SdpParseError('not-a-string', 'SDP must be a string', undefined, typeof text);
  const raw = text.split('\n');
  // A final line ending leaves one empty element; it is not a line.
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();

  const session: SdpLine[] = [];
  const media: MediaDescription[] = [];
  let current: SdpLine[] = session;
  let count = 0;

  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    let t = raw[i]!;
    if (t.endsWith('\r')) t = t.slice(0, -1);
    // Liberal: tolerate blank lines (e.g. a trailing empty line some stacks send).
    if (t === '') continue;
    const m = LINE.exec(t);
    if (m === null || FORBIDDEN.test(t))
      throw new SdpParseError('bad-line', 'not a <type>=<value> line', lineNo, t);
    const type = m[1]!;
    const value = m[2]!;
    count++;

    // RFC 8866 §5: the session starts with v=0, o=, s= in that order.
    if (count === 1) {
      if (type !== 'v') throw new SdpParseError('missing-version', 'SDP must start with v=', lineNo, t);
      if (value !== '0') throw new SdpParseError('bad-version', 'only v=0 is defined', lineNo, t);
    } else if (count === 2) {
      if (type !== 'o') throw new SdpParseError('missing-origin', 'expected o= after v=', lineNo, t);
      if (parseOrigin(value) === undefined)
        throw new SdpParseError('bad-origin', 'o= needs 6 fields', lineNo, t);
    } else if (count === 3) {
      if (type !== 's') throw new SdpParseError('missing-session-name', 'expected s= after o=', lineNo, t);
    }

    switch (type) {
      case 'm': {
        const parsed = parseMediaLine(value);
        if (parsed === 'bad-media')
          throw new SdpParseError('bad-media', 'm= needs <media> <port> <proto> <fmt>...', lineNo, t);
        if (parsed === 'bad-port') throw new SdpParseError('bad-port', 'bad port in m= line', lineNo, t);
        current = [];
        media.push(new MediaDescription(current));
        break;
      }
      case 'c':
        if (parseConnection(value) === undefined) {
          throw new SdpParseError('bad-connection', 'c= needs <nettype> <addrtype> <address>', lineNo, t);
        }
        break;
      case 'b':
        if (parseBandwidth(value) === undefined)
          throw new SdpParseError('bad-bandwidth', 'b= needs <type>:<integer>', lineNo, t);
        break;
      case 't':
        if (parseTiming(value) === undefined)
          throw new SdpParseError('bad-timing', 't= needs two integers', lineNo, t);
        break;
      case 'a': {
        const name = attributeName(value);
        if (name === '' || /[ \t]/.test(name))
          throw new SdpParseError('bad-attribute', 'bad attribute name', lineNo, t);
        if (options.strict === true && !isWellFormedAttribute(name, toAttribute(value).value)) {
          throw new SdpParseError('bad-attribute', `malformed a=${name}`, lineNo, t);
        }
        break;
      }
      default:
        break;
    }
    current.push({ type, value });
  }

  if (count < 3) {
    const lineNo = raw.length + 1;
    if (count === 0) throw new SdpParseError('missing-version', 'SDP must start with v=', lineNo, '');
    if (count === 1) throw new SdpParseError('missing-origin', 'expected o= after v=', lineNo, '');
    throw new SdpParseError('missing-session-name', 'expected s= after o=', lineNo, '');
  }
  return new SessionDescription(session, media);
}

/** The SDP text of `sdp`, CRLF line endings; inverse of parseSdp for any parsed input. */
export function serializeSdp(sdp: SessionDescription): string {
  return sdp.toString();
}
