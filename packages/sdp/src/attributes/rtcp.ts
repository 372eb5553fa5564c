// RFC 3605 §2.1: a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
import { type Connection, formatConnection } from '../fields/connection.js';
import { checkInteger, parseDecimal, splitTokens } from '../grammar.js';

export interface Rtcp {
  port: number;
  connection?: Connection;
}

export function parseRtcp(value: string): Rtcp | undefined {
  const t = splitTokens(value);
  if (t.length !== 1 && t.length !== 4) return undefined;
  const port = parseDecimal(t[0]!, 65535);
  if (port === undefined) return undefined;
  return t.length === 1
    ? { port }
    : { port, connection: { netType: t[1]!, addrType: t[2]!, address: t[3]! } };
}

export function formatRtcp(r: Rtcp): string {
  const port = `${checkInteger(r.port, 'rtcp port', 65535)}`;
  return r.connection === undefined ? port : `${port} ${formatConnection(r.connection)}`;
}
