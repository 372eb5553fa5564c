// RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>
import { checkToken, splitTokens } from '../grammar.js';

export interface Connection {
  netType: string;
  addrType: string;
  /** The connection address as written, including any "/ttl/count" suffix. */
  address: string;
}

export function parseConnection(value: string): Connection | undefined {
  const t = splitTokens(value);
  if (t.length !== 3) return undefined;
  return { netType: t[0]!, addrType: t[1]!, address: t[2]! };
}

export function formatConnection(c: Connection): string {
  return `${checkToken(c.netType, 'netType')} ${checkToken(c.addrType, 'addrType')} ${checkToken(c.address, 'address')}`;
}
