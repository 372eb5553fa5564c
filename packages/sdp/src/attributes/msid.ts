// RFC 8830 §2: a=msid:<stream id> [<track id>] ('-' as stream id means "no stream").
import { checkToken, splitTokens } from '../grammar.js';

export interface Msid {
  streamId: string;
  /** The "appdata" of RFC 8830; libwebrtc puts the track id here. */
  trackId?: string;
}

export function parseMsid(value: string): Msid | undefined {
  const t = splitTokens(value);
  if (t.length === 0 || t.length > 2) return undefined;
  return t.length === 1 ? { streamId: t[0]! } : { streamId: t[0]!, trackId: t[1]! };
}

export function formatMsid(m: Msid): string {
  const s = checkToken(m.streamId, 'msid stream id');
  return m.trackId === undefined ? s : `${s} ${checkToken(m.trackId, 'msid track id')}`;
}
