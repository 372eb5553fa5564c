// RFC 8285 §5: a=extmap:<id>[/<direction>] <URI> [<extension attributes>]; a=extmap-allow-mixed (§6).
import { SdpParseError } from '../errors.js';
import { checkInteger, checkToken, checkValue, parseDecimal, splitFirst } from '../grammar.js';
import { type Direction, isDirection } from './direction.js';

export interface Extmap {
  /** 1-14 for one-byte headers, up to 255 with two-byte headers (RFC 8285 §5 allows 1-256 minus 15). */
  id: number;
  direction?: Direction;
  uri: string;
  /** Extension attributes after the URI, as written. */
  attributes?: string;
}

export function parseExtmap(value: string): Extmap | undefined {
  const [idPart, rest] = splitFirst(value);
  const slash = idPart.indexOf('/');
  const id = parseDecimal(slash < 0 ? idPart : idPart.slice(0, slash), 65535);
  if (id === undefined) return undefined;
  const [uri, attributes] = splitFirst(rest);
  if (uri === '') return undefined;
  const ext: Extmap = { id, uri };
  if (slash >= 0) {
    const dir = idPart.slice(slash + 1);
    if (!isDirection(dir)) return undefined;
    ext.direction = dir;
  }
  if (attributes.trim() !== '') ext.attributes = attributes.trim();
  return ext;
}

export function formatExtmap(e: Extmap): string {
  let head = `${checkInteger(e.id, 'extmap id', 65535)}`;
  if (e.direction !== undefined) {
    if (!isDirection(e.direction))
      throw new SdpParseError('invalid-value', 'bad extmap direction', undefined, e.direction);
    head += `/${e.direction}`;
  }
  const base = `${head} ${checkToken(e.uri, 'extmap URI')}`;
  return e.attributes === undefined || e.attributes === ''
    ? base
    : `${base} ${checkValue(e.attributes, 'extmap attributes')}`;
}
