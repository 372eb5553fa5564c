// RFC 8866 §5.9: t=<start-time> <stop-time> (NTP seconds; 0 0 for an unbounded session).
import { checkInteger, parseDecimal, splitTokens } from '../grammar.js';

export interface Timing {
  start: number;
  stop: number;
}

export function parseTiming(value: string): Timing | undefined {
  const t = splitTokens(value);
  if (t.length !== 2) return undefined;
  const start = parseDecimal(t[0]!);
  const stop = parseDecimal(t[1]!);
  return start === undefined || stop === undefined ? undefined : { start, stop };
}

export function formatTiming(t: Timing): string {
  return `${checkInteger(t.start, 'start time')} ${checkInteger(t.stop, 'stop time')}`;
}
