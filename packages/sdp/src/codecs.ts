// A codec view over the m= fmt list plus a=rtpmap / a=fmtp / a=rtcp-fb (RFC 8866 §6.6, §6.15,
// RFC 4585 §4.2), which is how JSEP (RFC 8829 §5.2.1) describes each payload type.
import {
  formatFmtp,
  formatRtcpFeedback,
  formatRtpMap,
  parseFmtp,
  parseRtcpFeedback,
  parseRtpMap,
} from './attributes/rtp-map.js';
import { checkInteger } from './grammar.js';
import { attributeName, type SdpLine, toAttribute } from './line.js';
import type { MediaDescription } from './media.js';

export interface CodecFeedback {
  type: string;
  parameter?: string;
}

export interface Codec {
  payloadType: number;
  /** Encoding name as written in a=rtpmap, e.g. 'opus', 'VP8', 'rtx'. */
  name: string;
  clockRate: number;
  channels?: number;
  /** The a=fmtp parameters as written (see parseFmtpParameters), if any. */
  parameters?: string;
  /** a=rtcp-fb entries for this payload type, in order (wildcard '*' entries are not included). */
  feedback: CodecFeedback[];
}

export type CodecInit = Omit<Codec, 'feedback'> & { feedback?: CodecFeedback[] };

const PAYLOAD_ATTRIBUTES = new Set(['rtpmap', 'fmtp', 'rtcp-fb']);

function payloadTypeOf(line: SdpLine): number | undefined {
  if (line.type !== 'a') return undefined;
  const a = toAttribute(line.value);
  if (a.value === undefined) return undefined;
  if (a.name === 'rtpmap') return parseRtpMap(a.value)?.payloadType;
  if (a.name === 'fmtp') return parseFmtp(a.value)?.payloadType;
  if (a.name === 'rtcp-fb') {
    const pt = parseRtcpFeedback(a.value)?.payloadType;
    return pt === '*' ? undefined : pt;
  }
  return undefined;
}

export function readCodecs(media: MediaDescription): Codec[] {
  const rtpmaps = new Map<number, Codec>();
  for (const m of media.rtpmaps) {
    if (rtpmaps.has(m.payloadType)) continue;
    const codec: Codec = {
      payloadType: m.payloadType,
      name: m.encodingName,
      clockRate: m.clockRate,
      feedback: [],
    };
    if (m.channels !== undefined) codec.channels = m.channels;
    rtpmaps.set(m.payloadType, codec);
  }
  for (const f of media.fmtps) {
    const codec = rtpmaps.get(f.payloadType);
    if (codec !== undefined && codec.parameters === undefined) codec.parameters = f.parameters;
  }
  for (const fb of media.rtcpFeedback) {
    if (fb.payloadType === '*') continue;
    const codec = rtpmaps.get(fb.payloadType);
    if (codec === undefined) continue;
    codec.feedback.push(
      fb.parameter === undefined ? { type: fb.type } : { type: fb.type, parameter: fb.parameter },
    );
  }
  const out: Codec[] = [];
  const seen = new Set<number>();
  for (const f of media.formats) {
    const codec = rtpmaps.get(Number(f));
    if (codec !== undefined && String(codec.payloadType) === f && !seen.has(codec.payloadType)) {
      seen.add(codec.payloadType);
      out.push(codec);
    }
  }
  return out;
}

export function removeCodec(media: MediaDescription, payloadType: number): void {
  const pt = String(payloadType);
  media.formats = media.formats.filter((f) => f !== pt);
  for (let i = media.lines.length - 1; i >= 0; i--) {
    if (payloadTypeOf(media.lines[i]!) === payloadType) media.lines.splice(i, 1);
  }
}

export function addCodec(media: MediaDescription, codec: CodecInit): void {
  checkInteger(codec.payloadType, 'payload type', 127);
  // Format every line first so a bad value throws before anything is changed.
  const fresh: SdpLine[] = [];
  const rtpmap = { payloadType: codec.payloadType, encodingName: codec.name, clockRate: codec.clockRate };
  fresh.push({
    type: 'a',
    value: `rtpmap:${formatRtpMap(codec.channels === undefined ? rtpmap : { ...rtpmap, channels: codec.channels })}`,
  });
  for (const fb of codec.feedback ?? []) {
    const entry =
      fb.parameter === undefined
        ? { payloadType: codec.payloadType, type: fb.type }
        : { payloadType: codec.payloadType, type: fb.type, parameter: fb.parameter };
    fresh.push({ type: 'a', value: `rtcp-fb:${formatRtcpFeedback(entry)}` });
  }
  if (codec.parameters !== undefined) {
    fresh.push({
      type: 'a',
      value: `fmtp:${formatFmtp({ payloadType: codec.payloadType, parameters: codec.parameters })}`,
    });
  }
  removeCodec(media, codec.payloadType);
  media.formats = [...media.formats, String(codec.payloadType)];
  // Keep payload-type attributes together: after the last rtpmap/fmtp/rtcp-fb, else at the end.
  let at = media.lines.length;
  for (let i = media.lines.length - 1; i >= 0; i--) {
    const l = media.lines[i]!;
    if (l.type === 'a' && PAYLOAD_ATTRIBUTES.has(attributeName(l.value))) {
      at = i + 1;
      break;
    }
  }
  media.lines.splice(at, 0, ...fresh);
}
