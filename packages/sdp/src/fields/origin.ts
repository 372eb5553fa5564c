// RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
import { checkToken, splitTokens } from '../grammar.js';

export interface Origin {
  username: string;
  /** Kept as a string: browsers use 19-digit ids beyond Number's safe range. */
  sessionId: string;
  /** Kept as a string for the same reason; `BigInt(v) + 1n` to bump it. */
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export function parseOrigin(value: string): Origin | undefined {
  const t = splitTokens(value);
  if (t.length !== 6) return undefined;
  const [username, sessionId, sessionVersion, netType, addrType, address] = t as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

export function formatOrigin(o: Origin): string {
  return [o.username, o.sessionId, o.sessionVersion, o.netType, o.addrType, o.address]
    .map((v) => checkToken(v, 'origin field'))
    .join(' ');
}
