// RFC 8853 §5.1: a=simulcast:send <alt-list>;<alt-list> recv <alt-list>, where an alt-list is
// rid ids separated by ',' and '~' marks a paused rid. Also read (never written): the older
// draft-ietf-mmusic-sdp-simulcast syntax 'send rid=1,4;2;3 paused=4' still found in the wild.
import { SdpParseError } from '../errors.js';
import { splitTokens } from '../grammar.js';
import { isRidId } from './rid.js';

export interface SimulcastStream {
  rid: string;
  paused: boolean;
}

/** Each entry is one simulcast stream; its array holds that stream's alternative rids in preference order. */
export type SimulcastStreams = SimulcastStream[][];

export interface Simulcast {
  send?: SimulcastStreams;
  recv?: SimulcastStreams;
}

function parseStreams(list: string): SimulcastStreams | undefined {
  const streams: SimulcastStreams = [];
  for (const alt of list.split(';')) {
    const alternatives: SimulcastStream[] = [];
    for (const id of alt.split(',')) {
      const paused = id.startsWith('~');
      const rid = paused ? id.slice(1) : id;
      if (!isRidId(rid)) return undefined;
      alternatives.push({ rid, paused });
    }
    streams.push(alternatives);
  }
  return streams;
}

export function parseSimulcast(value: string): Simulcast | undefined {
  const t = splitTokens(value);
  const sc: Simulcast = {};
  let i = 0;
  while (i < t.length) {
    const dir = t[i];
    if ((dir !== 'send' && dir !== 'recv') || sc[dir] !== undefined || i + 1 >= t.length) return undefined;
    let list = t[i + 1]!;
    if (list.startsWith('rid=')) list = list.slice(4); // draft syntax
    const streams = parseStreams(list);
    if (streams === undefined) return undefined;
    i += 2;
    const pausedToken = t[i];
    if (pausedToken?.startsWith('paused=')) {
      // draft syntax: paused=<rid>,<rid> applies to the preceding direction
      const paused = new Set(pausedToken.slice(7).split(','));
      for (const alternatives of streams)
        for (const s of alternatives) if (paused.has(s.rid)) s.paused = true;
      i += 1;
    }
    sc[dir] = streams;
  }
  return sc.send === undefined && sc.recv === undefined ? undefined : sc;
}

function formatStreams(streams: SimulcastStreams): string {
  if (streams.length === 0)
    throw new SdpParseError('invalid-value', 'simulcast needs at least one stream', undefined, '');
  return streams
    .map((alternatives) => {
      if (alternatives.length === 0) {
        throw new SdpParseError('invalid-value', 'simulcast stream needs at least one rid', undefined, '');
      }
      return alternatives
        .map((s) => {
          if (!isRidId(s.rid))
            throw new SdpParseError('invalid-value', 'bad rid id', undefined, String(s.rid));
          return s.paused ? `~${s.rid}` : s.rid;
        })
        .join(',');
    })
    .join(';');
}

export function formatSimulcast(sc: Simulcast): string {
  const parts: string[] = [];
  if (sc.send !== undefined) parts.push(`send ${formatStreams(sc.send)}`);
  if (sc.recv !== undefined) parts.push(`recv ${formatStreams(sc.recv)}`);
  if (parts.length === 0)
    throw new SdpParseError('invalid-value', 'simulcast needs send or recv', undefined, '');
  return parts.join(' ');
}
