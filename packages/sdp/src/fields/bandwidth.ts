// RFC 8866 §5.8: b=<bwtype>:<bandwidth>; AS and CT are kbit/s, TIAS (RFC 3890) is bit/s.
import { SdpParseError } from '../errors.js';
import { checkInteger, checkToken, parseDecimal } from '../grammar.js';

export interface Bandwidth {
  /** 'AS', 'CT', 'TIAS' or any other token. */
  type: string;
  bandwidth: number;
}

export function parseBandwidth(value: string): Bandwidth | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const type = value.slice(0, colon);
  if (/[ \t]/.test(type)) return undefined;
  const bandwidth = parseDecimal(value.slice(colon + 1));
  return bandwidth === undefined ? undefined : { type, bandwidth };
}

export function formatBandwidth(b: Bandwidth): string {
  if (b.type.includes(':'))
    throw new SdpParseError('invalid-value', 'bandwidth type cannot hold ":"', undefined, b.type);
  return `${checkToken(b.type, 'bandwidth type')}:${checkInteger(b.bandwidth, 'bandwidth')}`;
}
