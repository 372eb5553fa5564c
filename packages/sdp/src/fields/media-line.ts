// RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
import { checkInteger, checkToken, parseDecimal, splitTokens } from '../grammar.js';

export interface MediaLine {
  /** 'audio', 'video', 'application', ... */
  kind: string;
  port: number;
  numberOfPorts?: number;
  /** 'UDP/TLS/RTP/SAVPF', 'UDP/DTLS/SCTP', ... */
  protocol: string;
  /** Payload types as strings for RTP, or e.g. 'webrtc-datachannel'. */
  formats: string[];
}

export type MediaLineResult = MediaLine | 'bad-media' | 'bad-port';

export function parseMediaLine(value: string): MediaLineResult {
  const t = splitTokens(value);
  // The RFC wants at least one fmt; we accept none (liberal) but need media, port and proto.
  if (t.length < 3) return 'bad-media';
  const [kind, portText, protocol] = t as [string, string, string];
  const slash = portText.indexOf('/');
  const port = parseDecimal(slash < 0 ? portText : portText.slice(0, slash), 65535);
  if (port === undefined) return 'bad-port';
  const line: MediaLine = { kind, port, protocol, formats: t.slice(3) };
  if (slash >= 0) {
    const n = parseDecimal(portText.slice(slash + 1));
    if (n === undefined || n === 0) return 'bad-port';
    line.numberOfPorts = n;
  }
  return line;
}

export function formatMediaLine(m: MediaLine): string {
  const port =
    m.numberOfPorts === undefined
      ? `${checkInteger(m.port, 'port', 65535)}`
      : `${checkInteger(m.port, 'port', 65535)}/${checkInteger(m.numberOfPorts, 'number of ports', Number.MAX_SAFE_INTEGER, 1)}`;
  const parts = [checkToken(m.kind, 'media kind'), port, checkToken(m.protocol, 'protocol')];
  for (const f of m.formats) parts.push(checkToken(f, 'format'));
  return parts.join(' ');
}
