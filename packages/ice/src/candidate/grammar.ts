import { IceError } from '../errors.js';
import type { Candidate, CandidateType, TcpType } from './types.js';

// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/"; foundation = 1*32ice-char.
const FOUNDATION = /^[A-Za-z0-9+/]{1,32}$/;
const DIGITS = /^\d{1,10}$/;
// RFC 8839 §5.1: a connection address is an IPv4/IPv6 literal or an FQDN; we accept any token without
// characters that cannot appear in an address or host name.
const ADDRESS = /^[A-Za-z0-9.:%_-]{1,255}$/;
const TOKEN = /^[\x21-\x7e]{1,255}$/;
const TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);
const TCP_TYPES: ReadonlySet<string> = new Set(['active', 'passive', 'so']);
const MAX_LINE = 1024;

function fail(message: string): never {
  throw new IceError('invalid-candidate', message);
}

function parseNumber(text: string | undefined, what: string, min: number, max: number): number {
  if (text === undefined || !DIGITS.test(text)) fail(`${what} is not a number`);
  const value = Number(text);
  if (value < min || value > max) fail(`${what} ${value} is out of range`);
  return value;
}

/**
 * Parses an RFC 8839 §5.1 candidate attribute. Accepts the bare value, `candidate:<value>` and
 * `a=candidate:<value>` (libdatachannel trickles the latter). Throws IceError('invalid-candidate').
 */
export function parseCandidate(line: string): Candidate {
  if (typeof line !== 'string') fail('candidate is not a string');
  if (line.length > MAX_LINE) fail('candidate line too long');
  let text = line.trim();
  if (text.startsWith('a=')) text = text.slice(2);
  if (text.startsWith('candidate:')) text = text.slice('candidate:'.length);
  const f = text.split(' ').filter((t) => t.length > 0);
  if (f.length < 8) fail('too few fields');
  const [foundation, componentText, transportText, priorityText, address, portText, typKeyword, typeText] =
    f as [string, string, string, string, string, string, string, string];
  if (!FOUNDATION.test(foundation)) fail('bad foundation');
  const component = parseNumber(componentText, 'component', 1, 256);
  if (!TOKEN.test(transportText)) fail('bad transport');
  const priority = parseNumber(priorityText, 'priority', 1, 0x7fffffff);
  if (!ADDRESS.test(address)) fail('bad connection address');
  const port = parseNumber(portText, 'port', 0, 65535);
  if (typKeyword !== 'typ') fail('missing "typ"');
  if (!TYPES.has(typeText)) fail(`unknown candidate type ${typeText}`);
  const c: Candidate = {
    foundation,
    component,
    transport: transportText.toLowerCase(),
    priority,
    address,
    port,
    type: typeText as CandidateType,
  };
  let i = 8;
  if (f[i] === 'raddr') {
    const raddr = f[i + 1];
    if (raddr === undefined || !ADDRESS.test(raddr)) fail('bad raddr');
    c.relatedAddress = raddr;
    i += 2;
  }
  if (f[i] === 'rport') {
    c.relatedPort = parseNumber(f[i + 1], 'rport', 0, 65535);
    i += 2;
  }
  // RFC 8839 §5.1: extension attributes are name/value pairs.
  for (; i < f.length; i += 2) {
    const name = f[i]!;
    const value = f[i + 1];
    if (value === undefined) fail(`extension ${name} has no value`);
    if (!TOKEN.test(name) || !TOKEN.test(value)) fail('bad extension');
    switch (name) {
      case 'tcptype':
        if (!TCP_TYPES.has(value)) fail(`bad tcptype ${value}`);
        c.tcpType = value as TcpType;
        break;
      case 'generation':
        c.generation = parseNumber(value, 'generation', 0, 0xffffffff);
        break;
      case 'ufrag':
        c.ufrag = value;
        break;
      case 'network-id':
        c.networkId = parseNumber(value, 'network-id', 0, 0xffffffff);
        break;
      case 'network-cost':
        c.networkCost = parseNumber(value, 'network-cost', 0, 0xffffffff);
        break;
      default:
        (c.extensions ??= []).push({ name, value });
    }
  }
  return c;
}

/**
 * Serialises a candidate as the attribute value `candidate:...` (no `a=`), the form RTCIceCandidate's
 * `candidate` member carries. Known extensions come in libwebrtc's order, unknown ones after.
 */
export function serializeCandidate(c: Candidate): string {
  const parts = [
    `candidate:${c.foundation}`,
    String(c.component),
    c.transport,
    String(c.priority),
    c.address,
    String(c.port),
    'typ',
    c.type,
  ];
  if (c.relatedAddress !== undefined) parts.push('raddr', c.relatedAddress);
  if (c.relatedPort !== undefined) parts.push('rport', String(c.relatedPort));
  if (c.tcpType !== undefined) parts.push('tcptype', c.tcpType);
  if (c.generation !== undefined) parts.push('generation', String(c.generation));
  if (c.ufrag !== undefined) parts.push('ufrag', c.ufrag);
  if (c.networkId !== undefined) parts.push('network-id', String(c.networkId));
  if (c.networkCost !== undefined) parts.push('network-cost', String(c.networkCost));
  for (const e of c.extensions ?? []) parts.push(e.name, e.value);
  return parts.join(' ');
}

/** True for an end-of-candidates marker as sent by Firefox (an empty candidate string). */
export function isEndOfCandidates(line: string): boolean {
  const t = line.trim();
  return t === '' || t === 'a=end-of-candidates' || t === 'end-of-candidates';
}
