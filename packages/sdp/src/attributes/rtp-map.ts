// RTP payload description: a=rtpmap (RFC 8866 §6.6), a=fmtp (RFC 8866 §6.15), a=rtcp-fb (RFC 4585 §4.2).
import { SdpParseError } from '../errors.js';
import { checkInteger, checkToken, checkValue, parseDecimal, splitFirst } from '../grammar.js';

export interface RtpMap {
  payloadType: number;
  encodingName: string;
  clockRate: number;
  /** For audio, the channel count (e.g. 2 in 'opus/48000/2'). */
  channels?: number;
}

export function parseRtpMap(value: string): RtpMap | undefined {
  const [ptText, rest] = splitFirst(value);
  const payloadType = parseDecimal(ptText, 127);
  if (payloadType === undefined) return undefined;
  const parts = rest.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts[0] === '' || /[ \t]/.test(parts[0]!)) return undefined;
  const clockRate = parseDecimal(parts[1]!);
  if (clockRate === undefined) return undefined;
  const map: RtpMap = { payloadType, encodingName: parts[0]!, clockRate };
  if (parts.length === 3) {
    const channels = parseDecimal(parts[2]!);
    if (channels === undefined) return undefined;
    map.channels = channels;
  }
  return map;
}

export function formatRtpMap(m: RtpMap): string {
  const name = checkToken(m.encodingName, 'encoding name');
  if (name.includes('/'))
    throw new SdpParseError('invalid-value', 'encoding name cannot hold "/"', undefined, name);
  const base = `${checkInteger(m.payloadType, 'payload type', 127)} ${name}/${checkInteger(m.clockRate, 'clock rate')}`;
  return m.channels === undefined ? base : `${base}/${checkInteger(m.channels, 'channels')}`;
}

export interface Fmtp {
  payloadType: number;
  /** Format-specific parameters as written, e.g. 'minptime=10;useinbandfec=1' or '0-15'. */
  parameters: string;
}

export function parseFmtp(value: string): Fmtp | undefined {
  const [ptText, parameters] = splitFirst(value);
  const payloadType = parseDecimal(ptText, 127);
  return payloadType === undefined ? undefined : { payloadType, parameters };
}

export function formatFmtp(f: Fmtp): string {
  return `${checkInteger(f.payloadType, 'payload type', 127)} ${checkValue(f.parameters, 'fmtp parameters')}`;
}

/**
 * Splits 'a=1;b=2' style fmtp parameters (RFC 8866 §6.15 leaves the syntax to each codec; this is the
 * common key=value;key=value form). A parameter without '=' maps to ''. Blanks around ';' are dropped.
 */
export function parseFmtpParameters(parameters: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of parameters.split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq < 0) out[p] = '';
    else out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

export function formatFmtpParameters(parameters: Record<string, string | number>): string {
  return Object.entries(parameters)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(';');
}

export interface RtcpFeedback {
  /** A payload type, or '*' for all of the media section's formats. */
  payloadType: number | '*';
  /** 'nack', 'ccm', 'goog-remb', 'transport-cc', ... */
  type: string;
  /** The rest of the value, e.g. 'pli' in 'nack pli', 'fir' in 'ccm fir'. */
  parameter?: string;
}

export function parseRtcpFeedback(value: string): RtcpFeedback | undefined {
  const [ptText, rest] = splitFirst(value);
  const payloadType = ptText === '*' ? '*' : parseDecimal(ptText, 127);
  if (payloadType === undefined) return undefined;
  const [type, parameter] = splitFirst(rest);
  if (type === '') return undefined;
  const fb: RtcpFeedback = { payloadType, type };
  if (parameter.trim() !== '') fb.parameter = parameter.trim();
  return fb;
}

export function formatRtcpFeedback(fb: RtcpFeedback): string {
  const pt = fb.payloadType === '*' ? '*' : `${checkInteger(fb.payloadType, 'payload type', 127)}`;
  const base = `${pt} ${checkToken(fb.type, 'feedback type')}`;
  return fb.parameter === undefined || fb.parameter === ''
    ? base
    : `${base} ${checkValue(fb.parameter, 'feedback parameter')}`;
}
