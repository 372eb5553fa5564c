// Answer-side codec and header-extension negotiation (RFC 8829 §5.3.1): the answer lists the offered
// codecs we support, with the offerer's payload types, and the offered extensions we support, with
// the offerer's ids. RTX payload types follow their apt (RFC 4588 §8.1); rtcp-fb is the intersection.
import type { Codec, Extmap, MediaDescription } from '@rtc/sdp';
import {
  codecName,
  fmtpMap,
  type MediaCodec,
  type NegotiatedExtension,
  type RtcpFeedback,
} from './capabilities.js';
import { answerProfileLevelId, DEFAULT_PROFILE_LEVEL_ID } from './h264-profile.js';

/** A remote a=rtpmap/fmtp/rtcp-fb codec as a MediaCodec of the section's kind. */
export function fromSdpCodec(kind: string, c: Codec): MediaCodec {
  const out: MediaCodec = {
    payloadType: c.payloadType,
    mimeType: `${kind}/${c.name}`,
    clockRate: c.clockRate,
    rtcpFeedback: c.feedback.map((f) => (f.parameter === undefined ? { type: f.type } : { ...f })),
  };
  if (c.channels !== undefined) out.channels = c.channels;
  else if (kind === 'audio') out.channels = 1; // RFC 8866 §6.6: one channel when omitted
  if (c.parameters !== undefined) out.sdpFmtpLine = c.parameters;
  return out;
}

function sameFeedback(a: RtcpFeedback, b: RtcpFeedback): boolean {
  return a.type === b.type && (a.parameter ?? '') === (b.parameter ?? '');
}

/**
 * Whether `remote` and `local` are the same codec for negotiation, and the fmtp line the answer
 * should carry (our parameters, with the H.264 level settled per RFC 6184 §8.2.2).
 */
export function matchCodec(remote: MediaCodec, local: MediaCodec): { sdpFmtpLine?: string } | undefined {
  const name = codecName(remote.mimeType);
  if (name !== codecName(local.mimeType) || name === 'rtx') return undefined;
  if (remote.clockRate !== local.clockRate) return undefined;
  if ((remote.channels ?? 1) !== (local.channels ?? 1)) return undefined;
  const r = fmtpMap(remote.sdpFmtpLine);
  const l = fmtpMap(local.sdpFmtpLine);
  if (name === 'vp9' && (r.get('profile-id') ?? '0') !== (l.get('profile-id') ?? '0')) return undefined;
  if (name === 'av1' && (r.get('profile') ?? '0') !== (l.get('profile') ?? '0')) return undefined;
  if (name === 'h264') {
    // RFC 6184 §8.2.2: packetization-mode must be equal (default 0).
    if ((r.get('packetization-mode') ?? '0') !== (l.get('packetization-mode') ?? '0')) return undefined;
    const asym = r.get('level-asymmetry-allowed') === '1' && l.get('level-asymmetry-allowed') === '1';
    const plid = answerProfileLevelId(
      r.get('profile-level-id') ?? DEFAULT_PROFILE_LEVEL_ID,
      l.get('profile-level-id') ?? DEFAULT_PROFILE_LEVEL_ID,
      asym,
    );
    if (plid === undefined) return undefined;
    const params = new Map(l);
    params.set('profile-level-id', plid);
    return { sdpFmtpLine: [...params].map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';') };
  }
  return local.sdpFmtpLine === undefined ? {} : { sdpFmtpLine: local.sdpFmtpLine };
}

/**
 * The codecs of an answer to `offered`: each offered codec (offer order, RFC 8829 §5.3.1) that
 * matches one of `local`, with the offer's payload type, the rtcp-fb both sides list, and each
 * offered RTX whose apt points at an accepted codec.
 */
export function negotiateCodecs(offered: readonly MediaCodec[], local: readonly MediaCodec[]): MediaCodec[] {
  const accepted: MediaCodec[] = [];
  const acceptedPts = new Set<number>();
  const localHasRtx = local.some((c) => codecName(c.mimeType) === 'rtx');
  for (const remote of offered) {
    for (const mine of local) {
      const m = matchCodec(remote, mine);
      if (!m) continue;
      const codec: MediaCodec = {
        payloadType: remote.payloadType,
        mimeType: mine.mimeType,
        clockRate: remote.clockRate,
        rtcpFeedback: remote.rtcpFeedback.filter((f) => mine.rtcpFeedback.some((g) => sameFeedback(f, g))),
      };
      if (mine.channels !== undefined) codec.channels = mine.channels;
      if (m.sdpFmtpLine !== undefined) codec.sdpFmtpLine = m.sdpFmtpLine;
      accepted.push(codec);
      acceptedPts.add(remote.payloadType);
      break;
    }
  }
  const out: MediaCodec[] = [];
  for (const codec of accepted) {
    out.push(codec);
    if (!localHasRtx) continue;
    const rtx = offered.find(
      (c) =>
        codecName(c.mimeType) === 'rtx' && fmtpMap(c.sdpFmtpLine).get('apt') === String(codec.payloadType),
    );
    if (rtx && !acceptedPts.has(rtx.payloadType)) {
      out.push({
        payloadType: rtx.payloadType,
        mimeType: `${codec.mimeType.slice(0, codec.mimeType.indexOf('/'))}/rtx`,
        clockRate: rtx.clockRate,
        sdpFmtpLine: `apt=${codec.payloadType}`,
        rtcpFeedback: [],
      });
      acceptedPts.add(rtx.payloadType);
    }
  }
  return out;
}

/** RFC 8829 §5.3.1: offered extensions we support, keeping the offer's ids (RFC 8285 §6). */
export function negotiateHeaderExtensions(
  offered: readonly Extmap[],
  local: readonly { uri: string }[],
): NegotiatedExtension[] {
  const out: NegotiatedExtension[] = [];
  for (const e of offered) {
    if (e.direction === 'inactive') continue;
    if (local.some((l) => l.uri === e.uri) && !out.some((o) => o.uri === e.uri || o.id === e.id))
      out.push({ uri: e.uri, id: e.id });
  }
  return out;
}

/**
 * Applying a remote answer (RFC 8829 §5.10): the answer's codecs are the send/receive set, but only
 * those that were in our offer (matched by payload type and name) count.
 */
export function acceptAnswerCodecs(
  offered: readonly MediaCodec[],
  answer: readonly MediaCodec[],
): MediaCodec[] {
  return answer.filter((a) =>
    offered.some((o) => o.payloadType === a.payloadType && codecName(o.mimeType) === codecName(a.mimeType)),
  );
}

/** The codecs of a remote m= section as MediaCodecs (kind taken from the m= line). */
export function remoteCodecs(media: MediaDescription): MediaCodec[] {
  return media.codecs.map((c) => fromSdpCodec(media.kind, c));
}
