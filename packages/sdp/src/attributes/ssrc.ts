// RFC 5576 §4.1: a=ssrc:<ssrc-id> <attribute>[:<value>]; §4.2: a=ssrc-group:<semantics> <ssrc-id> ...
import { SdpParseError } from '../errors.js';
import { checkInteger, checkToken, checkValue, parseDecimal, splitFirst, splitTokens } from '../grammar.js';

const MAX_SSRC = 0xffffffff;

export interface SsrcAttribute {
  ssrc: number;
  /** 'cname', 'msid', 'mslabel', 'label', ... */
  attribute: string;
  value?: string;
}

export function parseSsrc(value: string): SsrcAttribute | undefined {
  const [idText, rest] = splitFirst(value);
  const ssrc = parseDecimal(idText, MAX_SSRC);
  if (ssrc === undefined || rest === '') return undefined;
  const colon = rest.indexOf(':');
  if (colon === 0) return undefined;
  if (colon < 0) return { ssrc, attribute: rest };
  return { ssrc, attribute: rest.slice(0, colon), value: rest.slice(colon + 1) };
}

export function formatSsrc(a: SsrcAttribute): string {
  const name = checkToken(a.attribute, 'ssrc attribute');
  if (name.includes(':'))
    throw new SdpParseError('invalid-value', 'ssrc attribute cannot hold ":"', undefined, name);
  const base = `${checkInteger(a.ssrc, 'ssrc', MAX_SSRC)} ${name}`;
  return a.value === undefined ? base : `${base}:${checkValue(a.value, 'ssrc attribute value')}`;
}

export interface SsrcGroup {
  /** 'FID' (RTX, RFC 4588), 'FEC-FR', 'SIM', ... */
  semantics: string;
  ssrcs: number[];
}

export function parseSsrcGroup(value: string): SsrcGroup | undefined {
  const t = splitTokens(value);
  if (t.length === 0) return undefined;
  const ssrcs: number[] = [];
  for (const s of t.slice(1)) {
    const n = parseDecimal(s, MAX_SSRC);
    if (n === undefined) return undefined;
    ssrcs.push(n);
  }
  return { semantics: t[0]!, ssrcs };
}

export function formatSsrcGroup(g: SsrcGroup): string {
  return [
    checkToken(g.semantics, 'ssrc-group semantics'),
    ...g.ssrcs.map((s) => checkInteger(s, 'ssrc', MAX_SSRC)),
  ].join(' ');
}
