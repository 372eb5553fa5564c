// RFC 8851 §10: a=rid:<rid-id> <send|recv> [pt=<fmt>,...;][<restriction>=<value>;...]
import { SdpParseError } from '../errors.js';
import { checkInteger, checkValue, parseDecimal, splitFirst } from '../grammar.js';

export type RidDirection = 'send' | 'recv';

export interface Rid {
  id: string;
  direction: RidDirection;
  /** The 'pt=' list, when present (RFC 8851 §4). */
  payloadTypes?: number[];
  /** Other restrictions in order, e.g. { 'max-width': '1280', 'max-fps': '30' }; a bare name maps to ''. */
  restrictions: Record<string, string>;
}

// RFC 8851 §10: rid-id = 1*(alpha-numeric / "-" / "_")
const RID_ID = /^[A-Za-z0-9_-]+$/;

export function isRidId(id: string): boolean {
  return RID_ID.test(id);
}

export function parseRid(value: string): Rid | undefined {
  const [id, rest] = splitFirst(value);
  if (!isRidId(id)) return undefined;
  const [direction, params] = splitFirst(rest);
  if (direction !== 'send' && direction !== 'recv') return undefined;
  const rid: Rid = { id, direction, restrictions: {} };
  for (const part of params.split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const val = eq < 0 ? '' : p.slice(eq + 1);
    if (key === 'pt') {
      const pts: number[] = [];
      for (const s of val.split(',')) {
        const n = parseDecimal(s.trim(), 127);
        if (n === undefined) return undefined;
        pts.push(n);
      }
      rid.payloadTypes = pts;
    } else {
      rid.restrictions[key] = val;
    }
  }
  return rid;
}

export function formatRid(r: Rid): string {
  if (!isRidId(r.id)) throw new SdpParseError('invalid-value', 'bad rid id', undefined, String(r.id));
  if (r.direction !== 'send' && r.direction !== 'recv') {
    throw new SdpParseError(
      'invalid-value',
      'rid direction must be send or recv',
      undefined,
      String(r.direction),
    );
  }
  const params: string[] = [];
  if (r.payloadTypes !== undefined && r.payloadTypes.length > 0) {
    params.push(`pt=${r.payloadTypes.map((p) => checkInteger(p, 'payload type', 127)).join(',')}`);
  }
  for (const [k, v] of Object.entries(r.restrictions)) {
    if (/[;= \t]/.test(k) || k === '' || /[; \t]/.test(v)) {
      throw new SdpParseError('invalid-value', 'bad rid restriction', undefined, `${k}=${v}`);
    }
    params.push(
      v === ''
        ? checkValue(k, 'rid restriction')
        : `${checkValue(k, 'rid restriction')}=${checkValue(v, 'rid restriction')}`,
    );
  }
  const base = `${r.id} ${r.direction}`;
  return params.length === 0 ? base : `${base} ${params.join(';')}`;
}
