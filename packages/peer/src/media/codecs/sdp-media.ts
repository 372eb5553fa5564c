// Writing and reading the RTP parts of an m=audio / m=video section (RFC 8829 §5.2.1 offer,
// §5.3.1 answer): codecs, extmaps, msid (RFC 8830), ssrc and ssrc-group FID (RFC 5576, RFC 4588),
// rid/simulcast (RFC 8851/8853). Transport attributes (ICE, DTLS, candidates) are the caller's.
import type { Direction, MediaDescription } from '@rtc/sdp';
import { codecName, fmtpMap, type MediaCodec, type NegotiatedExtension } from './capabilities.js';
import { remoteCodecs } from './negotiate.js';

export interface LocalSendStream {
  ssrc: number;
  /** RFC 4588 retransmission SSRC, grouped with `ssrc` as FID. */
  rtxSsrc?: number;
  cname: string;
}

export interface RtpSectionInit {
  mid: string;
  direction: Direction;
  codecs: readonly MediaCodec[];
  extensions: readonly NegotiatedExtension[];
  /** RFC 8830: one a=msid per stream; `trackId` is the appdata. An empty list writes `a=msid:- <track>`. */
  msid?: { streamIds: readonly string[]; trackId: string };
  /** Present when this side sends (direction sendrecv/sendonly). */
  send?: LocalSendStream;
  /**
   * A recvonly section's own SSRC, which its receiver reports come from (rtcp-sender.ts): written as
   * a=ssrc with its cname (RFC 5576 §4.1), as Firefox does, so that the sender can tell whose
   * reports they are. Firefox takes an audio report only from an SSRC it knows on that section.
   */
  reporter?: { ssrc: number; cname: string };
}

/** Writes the RTP attributes of one section (the m= line's format list included). */
export function writeRtpSection(media: MediaDescription, init: RtpSectionInit): void {
  media.formats = init.codecs.map((c) => String(c.payloadType));
  media.mid = init.mid;
  for (const e of init.extensions) media.addExtmap({ id: e.id, uri: e.uri });
  media.direction = init.direction;
  if (init.msid) {
    const streams = init.msid.streamIds.length > 0 ? init.msid.streamIds : ['-'];
    media.msids = streams.map((streamId) => ({ streamId, trackId: init.msid!.trackId }));
  }
  // RFC 8829 §5.2.1: rtcp-mux and rtcp-rsize are always offered.
  media.rtcpMux = true;
  media.rtcpRsize = true;
  for (const c of init.codecs) {
    const init2: Parameters<MediaDescription['addCodec']>[0] = {
      payloadType: c.payloadType,
      name: c.mimeType.slice(c.mimeType.indexOf('/') + 1),
      clockRate: c.clockRate,
      feedback: c.rtcpFeedback.map((f) => ({ ...f })),
    };
    if (c.channels !== undefined && c.channels > 1) init2.channels = c.channels;
    if (c.sdpFmtpLine !== undefined) init2.parameters = c.sdpFmtpLine;
    media.addCodec(init2);
  }
  const send = init.send;
  if (send) {
    if (send.rtxSsrc !== undefined)
      media.addSsrcGroup({ semantics: 'FID', ssrcs: [send.ssrc, send.rtxSsrc] });
    media.addSsrc({ ssrc: send.ssrc, attribute: 'cname', value: send.cname });
    if (send.rtxSsrc !== undefined)
      media.addSsrc({ ssrc: send.rtxSsrc, attribute: 'cname', value: send.cname });
  } else if (init.reporter) {
    media.addSsrc({ ssrc: init.reporter.ssrc, attribute: 'cname', value: init.reporter.cname });
  }
}

/** What a remote section says about the RTP it will send us (and how to demultiplex it). */
export interface RemoteRtpParameters {
  mid: string | undefined;
  kind: string;
  direction: Direction;
  codecs: MediaCodec[];
  extensions: NegotiatedExtension[];
  /** Media SSRCs announced with a=ssrc, each with its FID (RTX) partner if grouped. */
  ssrcs: { ssrc: number; rtxSsrc?: number; cname?: string }[];
  /** RFC 8830 stream ids and track id (libwebrtc puts the track id in appdata). */
  streamIds: string[];
  trackId: string | undefined;
  /** RFC 8851 rids the remote will send (direction send), for simulcast reception. */
  rids: string[];
}

export function readRemoteRtpParameters(media: MediaDescription): RemoteRtpParameters {
  const groups = media.ssrcGroups.filter((g) => g.semantics === 'FID');
  const rtxOf = new Map<number, number>();
  const isRtx = new Set<number>();
  for (const g of groups) {
    if (g.ssrcs.length >= 2) {
      rtxOf.set(g.ssrcs[0]!, g.ssrcs[1]!);
      isRtx.add(g.ssrcs[1]!);
    }
  }
  const ssrcs: RemoteRtpParameters['ssrcs'] = [];
  for (const a of media.ssrcs) {
    if (isRtx.has(a.ssrc)) continue;
    let entry = ssrcs.find((s) => s.ssrc === a.ssrc);
    if (!entry) {
      entry = { ssrc: a.ssrc };
      const rtx = rtxOf.get(a.ssrc);
      if (rtx !== undefined) entry.rtxSsrc = rtx;
      ssrcs.push(entry);
    }
    if (a.attribute === 'cname' && a.value !== undefined) entry.cname = a.value;
  }
  let msids = media.msids;
  if (msids.length === 0) {
    // Before a=msid (RFC 8830 §2), senders put it per SSRC: a=ssrc:<ssrc> msid:<stream> <track>.
    const legacy = media.ssrcs.find((a) => a.attribute === 'msid' && a.value);
    const [streamId, trackId] = legacy?.value?.split(' ') ?? [];
    if (streamId) msids = [{ streamId, ...(trackId ? { trackId } : {}) }];
  }
  return {
    mid: media.mid,
    kind: media.kind,
    direction: media.direction ?? 'sendrecv',
    codecs: remoteCodecs(media),
    extensions: media.extmaps.map((e) => ({ uri: e.uri, id: e.id })),
    ssrcs,
    streamIds: msids.map((m) => m.streamId).filter((s) => s !== '-'),
    trackId: msids[0]?.trackId,
    rids: media.rids.filter((r) => r.direction === 'send').map((r) => r.id),
  };
}

/** The RTX payload type paired with `payloadType` in `codecs`, if any (RFC 4588 §8.1 apt). */
export function rtxPayloadTypeFor(codecs: readonly MediaCodec[], payloadType: number): number | undefined {
  return codecs.find(
    (c) => codecName(c.mimeType) === 'rtx' && fmtpMap(c.sdpFmtpLine).get('apt') === String(payloadType),
  )?.payloadType;
}
