// RFC 5888 §5 / RFC 9143: a=group:<semantics> <mid> ...; and the legacy WebRTC a=msid-semantic.
import { checkToken, splitTokens } from '../grammar.js';

export interface Group {
  /** 'BUNDLE', 'LS', ... */
  semantics: string;
  /** Identification tags (a=mid values), in order: for BUNDLE the first is the offerer's tagged m= section. */
  mids: string[];
}

export function parseGroup(value: string): Group | undefined {
  const t = splitTokens(value);
  if (t.length === 0) return undefined;
  return { semantics: t[0]!, mids: t.slice(1) };
}

export function formatGroup(g: Group): string {
  return [checkToken(g.semantics, 'group semantics'), ...g.mids.map((m) => checkToken(m, 'mid'))].join(' ');
}

/** a=msid-semantic: WMS [ids] (pre-RFC 8830 libwebrtc; Chrome writes a space after the colon). */
export interface MsidSemantic {
  semantic: string;
  identifiers: string[];
}

export function parseMsidSemantic(value: string): MsidSemantic | undefined {
  const t = splitTokens(value);
  return t.length === 0 ? undefined : { semantic: t[0]!, identifiers: t.slice(1) };
}

export function formatMsidSemantic(m: MsidSemantic): string {
  // Chrome's spelling: a leading space, which libwebrtc's own parser expects to be tolerated.
  return ` ${[checkToken(m.semantic, 'msid semantic'), ...m.identifiers.map((i) => checkToken(i, 'msid identifier'))].join(' ')}`;
}
