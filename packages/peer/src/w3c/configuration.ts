// webrtc-pc §4.2.1: RTCConfiguration, validated the way browsers do (TypeError for a malformed
// dictionary, SyntaxError for a URL that does not parse, InvalidAccessError for TURN without
// credentials) and turned into the ICE servers our agent understands (RFC 7064 stun:, RFC 7065 turn:).
import { domError } from './errors.js';

export type RTCIceTransportPolicy = 'all' | 'relay';
export type RTCBundlePolicy = 'balanced' | 'max-compat' | 'max-bundle';
export type RTCRtcpMuxPolicy = 'require';

export interface RTCIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RTCConfiguration {
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  bundlePolicy?: RTCBundlePolicy;
  rtcpMuxPolicy?: RTCRtcpMuxPolicy;
  certificates?: unknown[];
  iceCandidatePoolSize?: number;
}

export interface ParsedIceServer {
  kind: 'stun' | 'turn';
  secure: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username?: string;
  credential?: string;
  url: string;
}

// RFC 7064 §3.1 / RFC 7065 §3.1: scheme ":" host [":" port] ["?transport=" udp|tcp] (no "//").
const iceUrl = /^(stuns?|turns?):(\[[0-9a-fA-F:.]+\]|[^[\]:?/]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

export function parseIceServerUrl(url: string, server: RTCIceServer): ParsedIceServer {
  const m = iceUrl.exec(url.trim());
  if (!m) throw domError('SyntaxError', `Invalid ICE server URL: ${url}`);
  const scheme = m[1]!;
  const kind = scheme.startsWith('turn') ? 'turn' : 'stun';
  const secure = scheme.endsWith('s');
  if (kind === 'stun' && m[4]) throw domError('SyntaxError', `A stun: URL takes no transport: ${url}`);
  const port = m[3] ? Number(m[3]) : secure ? 5349 : 3478;
  if (port < 1 || port > 65535) throw domError('SyntaxError', `Invalid port in ICE server URL: ${url}`);
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  const transport = (m[4] as 'udp' | 'tcp' | undefined) ?? (secure ? 'tcp' : 'udp');
  const parsed: ParsedIceServer = { kind, secure, host, port, transport, url };
  if (kind === 'turn') {
    if (server.username === undefined || server.credential === undefined) {
      throw domError('InvalidAccessError', `TURN server ${url} needs a username and a credential`);
    }
    parsed.username = server.username;
    parsed.credential = server.credential;
  }
  return parsed;
}

export interface NormalizedConfiguration {
  iceServers: RTCIceServer[];
  parsedIceServers: ParsedIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  bundlePolicy: RTCBundlePolicy;
  rtcpMuxPolicy: RTCRtcpMuxPolicy;
  iceCandidatePoolSize: number;
}

export function normalizeConfiguration(config: RTCConfiguration = {}): NormalizedConfiguration {
  if (config === null || typeof config !== 'object')
    throw domError('TypeError', 'RTCConfiguration must be an object');
  const iceTransportPolicy = config.iceTransportPolicy ?? 'all';
  if (iceTransportPolicy !== 'all' && iceTransportPolicy !== 'relay') {
    throw domError('TypeError', `Invalid iceTransportPolicy: ${String(iceTransportPolicy)}`);
  }
  // We bundle every m-section on one transport; max-bundle is the default (as the issue and RFC 8843 suggest).
  const bundlePolicy = config.bundlePolicy ?? 'max-bundle';
  if (!['balanced', 'max-compat', 'max-bundle'].includes(bundlePolicy)) {
    throw domError('TypeError', `Invalid bundlePolicy: ${String(bundlePolicy)}`);
  }
  const rtcpMuxPolicy = config.rtcpMuxPolicy ?? 'require';
  if (rtcpMuxPolicy !== 'require')
    throw domError('TypeError', `Invalid rtcpMuxPolicy: ${String(rtcpMuxPolicy)}`);
  const iceCandidatePoolSize = config.iceCandidatePoolSize ?? 0;
  if (!Number.isInteger(iceCandidatePoolSize) || iceCandidatePoolSize < 0 || iceCandidatePoolSize > 255) {
    throw domError('TypeError', `Invalid iceCandidatePoolSize: ${String(iceCandidatePoolSize)}`);
  }
  const iceServers = config.iceServers ?? [];
  if (!Array.isArray(iceServers)) throw domError('TypeError', 'iceServers must be an array');
  const parsedIceServers: ParsedIceServer[] = [];
  for (const server of iceServers) {
    if (!server || (typeof server.urls !== 'string' && !Array.isArray(server.urls))) {
      throw domError('TypeError', 'Each RTCIceServer needs urls');
    }
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (urls.length === 0) throw domError('SyntaxError', 'RTCIceServer.urls is empty');
    for (const url of urls) parsedIceServers.push(parseIceServerUrl(url, server));
  }
  return {
    iceServers: iceServers.map((s) => ({ ...s })),
    parsedIceServers,
    iceTransportPolicy,
    bundlePolicy,
    rtcpMuxPolicy,
    iceCandidatePoolSize,
  };
}
