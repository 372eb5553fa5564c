// RFC 8841 §5: a=sctp-port, a=max-message-size; and the draft-ietf-mmusic-sctp-sdp-05 a=sctpmap
// that Firefox < 63 and old Safari still send with 'DTLS/SCTP <port>'.
import { checkInteger, checkToken, parseDecimal, splitTokens } from '../grammar.js';

export function parsePort(value: string): number | undefined {
  return parseDecimal(value.trim(), 65535);
}

export function parseMaxMessageSize(value: string): number | undefined {
  return parseDecimal(value.trim());
}

export interface Sctpmap {
  port: number;
  /** 'webrtc-datachannel' */
  protocol: string;
  streams?: number;
}

export function parseSctpmap(value: string): Sctpmap | undefined {
  const t = splitTokens(value);
  if (t.length < 2 || t.length > 3) return undefined;
  const port = parseDecimal(t[0]!, 65535);
  if (port === undefined) return undefined;
  const map: Sctpmap = { port, protocol: t[1]! };
  if (t.length === 3) {
    const streams = parseDecimal(t[2]!);
    if (streams === undefined) return undefined;
    map.streams = streams;
  }
  return map;
}

export function formatSctpmap(m: Sctpmap): string {
  const base = `${checkInteger(m.port, 'sctpmap port', 65535)} ${checkToken(m.protocol, 'sctpmap protocol')}`;
  return m.streams === undefined ? base : `${base} ${checkInteger(m.streams, 'sctpmap streams')}`;
}
