// The RTP content of our audio/video m-sections (RFC 8829 §5.2.1 offer, §5.2.2 subsequent offer,
// §5.3.1 answer): codecs with payload types that keep what was negotiated, header extensions with
// one id per URI across the BUNDLE group (RFC 8843 §9.1), direction, msid and our SSRCs.
import type { MediaDescription } from '@rtc/sdp';
import {
  codecName,
  defaultHeaderExtensions,
  fmtpMap,
  type MediaCodec,
  type NegotiatedExtension,
} from '../media/codecs/capabilities.js';
import { matchCodec, negotiateCodecs, negotiateHeaderExtensions } from '../media/codecs/negotiate.js';
import { type RtpSectionInit, readRemoteRtpParameters } from '../media/codecs/sdp-media.js';
import { RTCRtpSender } from '../media/sender.js';
import { RTCRtpTransceiver } from '../media/transceiver.js';
import type { TransceiverEntry } from '../pc/media-state.js';
import { answerDirection, type MediaDirection, sends } from './directions.js';
import type { LocalSection } from './local-description.js';

type RtpSection = Extract<LocalSection, { type: 'rtp' }>;

/** Dynamic payload types (RFC 3551 §3), in the order we hand them out, then the range browsers add. */
function freePayloadType(used: Set<number>): number {
  for (let pt = 96; pt <= 127; pt++) if (!used.has(pt)) return pt;
  for (let pt = 35; pt <= 63; pt++) if (!used.has(pt)) return pt;
  throw new RangeError('no free payload type');
}

/**
 * Our codecs (defaults or setCodecPreferences) for an offer. Codecs that were negotiated keep the
 * negotiated payload types (RFC 8829 §5.2.2); the others keep ours unless taken, then get free ones.
 */
export function offerCodecs(entry: TransceiverEntry): MediaCodec[] {
  const base = RTCRtpTransceiver.codecs(entry.transceiver);
  const negotiated = entry.negotiated?.codecs ?? [];
  if (negotiated.length === 0) return base;
  const used = new Set(negotiated.map((c) => c.payloadType));
  const taken = new Set<number>();
  const renumbered = new Map<number, number>();
  const out: MediaCodec[] = [];
  for (const c of base) {
    if (codecName(c.mimeType) === 'rtx') continue;
    const match = negotiated.find(
      (n) => codecName(n.mimeType) !== 'rtx' && !taken.has(n.payloadType) && matchCodec(n, c),
    );
    let pt = c.payloadType;
    if (match) {
      pt = match.payloadType;
      taken.add(pt);
    } else if (used.has(pt)) pt = freePayloadType(used);
    used.add(pt);
    renumbered.set(c.payloadType, pt);
  }
  for (const c of base) {
    const name = codecName(c.mimeType);
    if (name !== 'rtx') {
      out.push({ ...c, payloadType: renumbered.get(c.payloadType)! });
      continue;
    }
    const apt = renumbered.get(Number(fmtpMap(c.sdpFmtpLine).get('apt')));
    if (apt === undefined) continue;
    const known = negotiated.find(
      (n) => codecName(n.mimeType) === 'rtx' && fmtpMap(n.sdpFmtpLine).get('apt') === String(apt),
    );
    let pt = known?.payloadType ?? c.payloadType;
    if (!known && used.has(pt)) pt = freePayloadType(used);
    used.add(pt);
    out.push({ ...c, payloadType: pt, sdpFmtpLine: `apt=${apt}` });
  }
  return out;
}

/** URI -> id of the extensions negotiated anywhere in the bundle (the first mapping wins). */
export function bundleExtensionIds(entries: readonly TransceiverEntry[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const e of entries)
    for (const x of e.negotiated?.extensions ?? []) if (!ids.has(x.uri)) ids.set(x.uri, x.id);
  return ids;
}

/** Our header extensions for an offer, on the ids the bundle already uses (RFC 8285 §6). */
export function offerExtensions(kind: 'audio' | 'video', bundle: Map<string, number>): NegotiatedExtension[] {
  const used = new Set(bundle.values());
  const out: NegotiatedExtension[] = [];
  for (const d of defaultHeaderExtensions(kind)) {
    let id = bundle.get(d.uri);
    if (id === undefined) {
      id = d.id;
      // RFC 8285 §4.2: one-byte ids are 1..14.
      if ([...bundle].some(([uri, x]) => x === id && uri !== d.uri))
        for (id = 1; id <= 14 && used.has(id); id++);
      if (id > 14) continue;
      used.add(id);
    }
    out.push({ uri: d.uri, id });
  }
  return out;
}

function msidAndSsrc(
  entry: TransceiverEntry,
  dir: MediaDirection,
  codecs: readonly MediaCodec[],
  cname: string,
): Pick<RtpSectionInit, 'msid' | 'send' | 'reporter'> {
  // A recvonly section names the SSRC its receiver reports come from (see RtpSectionInit.reporter).
  if (dir === 'recvonly') return { reporter: { ssrc: entry.ssrc, cname } };
  if (!sends(dir)) return {};
  const sender = entry.transceiver.sender;
  const rtx = codecs.some((c) => codecName(c.mimeType) === 'rtx');
  return {
    // RFC 8829 §5.2.1: a=msid for a sending transceiver; its appdata is the track id.
    msid: { streamIds: RTCRtpSender.streamIds(sender), trackId: sender.track?.id ?? entry.msidTrackId },
    send: {
      ssrc: entry.ssrc,
      ...(rtx && entry.rtxSsrc !== undefined ? { rtxSsrc: entry.rtxSsrc } : {}),
      cname,
    },
  };
}

export function offerRtpSection(
  entry: TransceiverEntry,
  mid: string,
  bundle: Map<string, number>,
  cname: string,
): RtpSection {
  const t = entry.transceiver;
  const codecs = offerCodecs(entry);
  const dir = t.direction === 'stopped' ? 'inactive' : t.direction;
  return {
    type: 'rtp',
    kind: entry.kind,
    transceiver: t,
    rtp: {
      mid,
      direction: dir,
      codecs,
      extensions: offerExtensions(entry.kind, bundle),
      ...msidAndSsrc(entry, dir, codecs, cname),
    },
  };
}

/**
 * RFC 8829 §5.3.1: the answer to one offered audio/video section, or undefined when it must be
 * rejected (no codec in common).
 */
export function answerRtpSection(
  entry: TransceiverEntry,
  m: MediaDescription,
  cname: string,
): RtpSection | undefined {
  const t = entry.transceiver;
  const remote = readRemoteRtpParameters(m);
  const codecs = negotiateCodecs(remote.codecs, RTCRtpTransceiver.codecs(t));
  if (!codecs.some((c) => codecName(c.mimeType) !== 'rtx')) return undefined;
  const ours = t.direction === 'stopped' ? 'inactive' : t.direction;
  const dir = answerDirection(ours, remote.direction);
  const section: RtpSection = {
    type: 'rtp',
    kind: entry.kind,
    transceiver: t,
    rtp: {
      mid: m.mid!,
      direction: dir,
      codecs,
      extensions: negotiateHeaderExtensions(m.extmaps, defaultHeaderExtensions(entry.kind)),
      ...msidAndSsrc(entry, dir, codecs, cname),
    },
  };
  if (remote.rids.length > 0 && (dir === 'recvonly' || dir === 'sendrecv')) section.recvRids = remote.rids;
  return section;
}
