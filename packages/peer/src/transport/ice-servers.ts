// RTCIceServer URLs (parsed in w3c/configuration.ts) -> the agent's STUN/TURN server configs.
// The agent takes IP literals; "localhost" is mapped here, other host names are not resolved yet.
import { isIPv4, isIPv6, type StunServerConfig, type TurnServerConfig } from '@rtc/ice';
import type { ParsedIceServer } from '../w3c/configuration.js';

export function resolveIceServers(servers: ParsedIceServer[]): {
  stun: StunServerConfig[];
  turn: TurnServerConfig[];
} {
  const stun: StunServerConfig[] = [];
  const turn: TurnServerConfig[] = [];
  for (const s of servers) {
    const address = s.host === 'localhost' ? '127.0.0.1' : s.host;
    if (!isIPv4(address) && !isIPv6(address)) continue;
    if (s.kind === 'stun') {
      if (!s.secure) stun.push({ address, port: s.port });
      continue;
    }
    turn.push({
      address,
      port: s.port,
      transport: s.secure ? 'tls' : s.transport,
      username: s.username ?? '',
      password: s.credential ?? '',
      ...(s.secure ? { serverName: s.host } : {}),
    });
  }
  return { stun, turn };
}
