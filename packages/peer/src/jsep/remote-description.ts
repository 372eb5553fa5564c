// Reading a remote description (RFC 8829 §5.7 and §5.8 / webrtc-pc §4.4.1.6): what the transport
// needs from it. Everything runs on one bundled transport (RFC 9143), described by the BUNDLE tag
// section (or the first accepted one); ICE and DTLS attributes may sit at session or media level; the
// legacy "DTLS/SCTP 5000 + a=sctpmap" form from old peers is accepted (RFC 8841 §4 replaced it).

import { type Fingerprint, parseFingerprint } from '@rtc/dtls';
import { type MediaDescription, parseSdp, type SessionDescription } from '@rtc/sdp';
import { domError } from '../w3c/errors.js';
import type { RejectedMedia, SetupRole } from './local-description.js';

const MID_TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

/** Remote SDP longer than this is refused (bounds the parser on signalling input). */
export const MAX_SDP_LENGTH = 256 * 1024;

export interface RemoteDescriptionInfo {
  /**
   * The parsed description, while an answer to it may still be made (signaling state not stable);
   * undefined afterwards: an idle connection keeps the text (the remote description) and this summary,
   * not a tree of its lines. See parsedRemote.
   */
  sdp: SessionDescription | undefined;
  /** The a=mid of every m-section, in order (undefined where a section has none). */
  mids: (string | undefined)[];
  /** Index of the data m-section, or -1. */
  dataIndex: number;
  /** Index of the section whose transport everything uses (BUNDLE tag, else first accepted), or -1. */
  transportIndex: number;
  /** The mids of the (first) BUNDLE group, in order. */
  bundle: string[];
  dataMid: string | undefined;
  ufrag: string | undefined;
  pwd: string | undefined;
  iceLite: boolean;
  fingerprints: Fingerprint[];
  setup: SetupRole | 'holdconn' | undefined;
  sctpPort: number;
  maxMessageSize: number;
  legacySctp: boolean;
  /** The candidate lines, until applyRemoteTransport hands them to the ICE agent. */
  candidates: readonly string[];
  endOfCandidates: boolean;
  /** RFC 8840 §4.3.3: the transport section (else the session) has a=ice-options:trickle. */
  trickle: boolean;
  /** Whether the data section was rejected (port 0) by the remote side. */
  dataRejected: boolean;
}

function isDataLine(line: { kind: string; protocol: string }): boolean {
  return line.kind === 'application' && /DTLS\/SCTP$/i.test(line.protocol);
}

/** Port 0 rejects an m-section, unless it is bundle-only (RFC 8843 §6: it uses the tag's transport). */
export function isRejected(m: MediaDescription): boolean {
  return m.port === 0 && !m.bundleOnly;
}

export function readRemoteDescription(
  text: string,
  type: 'offer' | 'answer' | 'pranswer',
): RemoteDescriptionInfo {
  if (typeof text !== 'string' || text.length === 0) {
    throw domError('InvalidAccessError', `A remote ${type} needs an SDP`);
  }
  if (text.length > MAX_SDP_LENGTH) throw domError('OperationError', 'The remote SDP is too large');
  let sdp: SessionDescription;
  try {
    sdp = parseSdp(text);
  } catch (e) {
    throw domError('OperationError', `Failed to parse the remote SDP: ${(e as Error).message}`);
  }
  // Each m= line and a=mid is read once (the SDP model parses them on every access).
  const sections: RejectedMedia[] = [];
  const acceptedSet = new Set<MediaDescription>();
  let dataIndex = -1;
  for (const m of sdp.media) {
    const line = m.mediaLine;
    const mid = m.mid;
    if (dataIndex < 0 && isDataLine(line)) dataIndex = sections.length;
    if (line.port !== 0 || m.bundleOnly) acceptedSet.add(m);
    sections.push({ kind: line.kind, protocol: line.protocol, formats: line.formats, mid });
  }
  // RFC 8843 §7.2.2 / RFC 5888 §4: a mid names one m-section.
  const mids = sections.flatMap((x) => (x.mid === undefined ? [] : [x.mid]));
  if (new Set(mids).size !== mids.length)
    throw domError('InvalidAccessError', 'Duplicate a=mid in the remote SDP');
  // RFC 5888 §4: identification-tag = token (RFC 8866 §9); our answer repeats it.
  if (mids.some((mid) => !MID_TOKEN.test(mid)))
    throw domError('InvalidAccessError', 'Invalid a=mid in the remote SDP');
  const bundle = sdp.bundle ?? [];
  const accepted = (m: MediaDescription) => acceptedSet.has(m);
  let transportIndex = sdp.media.findIndex(
    (m, i) => sections[i]!.mid !== undefined && sections[i]!.mid === bundle[0] && accepted(m),
  );
  if (transportIndex < 0) transportIndex = sdp.media.findIndex((m) => accepted(m));
  const info: RemoteDescriptionInfo = {
    sdp,
    mids: sections.map((x) => x.mid),
    dataIndex,
    transportIndex,
    bundle,
    dataMid: undefined,
    ufrag: sdp.iceUfrag,
    pwd: sdp.icePwd,
    iceLite: sdp.iceLite,
    fingerprints: [],
    setup: sdp.setup,
    sctpPort: 5000,
    maxMessageSize: 65536,
    legacySctp: false,
    candidates: [],
    endOfCandidates: false,
    trickle: (sdp.media[transportIndex]?.iceOptions ?? sdp.iceOptions).includes('trickle'),
    dataRejected: false,
  };
  const candidates: string[] = [];
  let fps = sdp.fingerprints;
  if (transportIndex >= 0) {
    const m = sdp.media[transportIndex]!;
    // Media-level attributes of the transport section win; then any bundled section's; then session's.
    const bundled = sdp.media.filter((x, i) => {
      const mid = sections[i]!.mid;
      return accepted(x) && (x === m || (mid !== undefined && bundle.includes(mid)));
    });
    const order = [m, ...bundled];
    const first = <T>(get: (x: MediaDescription) => T | undefined): T | undefined => {
      for (const x of order) {
        const v = get(x);
        if (v !== undefined) return v;
      }
      return undefined;
    };
    info.ufrag = first((x) => x.iceUfrag) ?? info.ufrag;
    info.pwd = first((x) => x.icePwd) ?? info.pwd;
    info.setup = first((x) => x.setup) ?? info.setup;
    const mediaFps = first((x) => (x.fingerprints.length > 0 ? x.fingerprints : undefined));
    if (mediaFps) fps = mediaFps;
    const seen = new Set<string>();
    for (const x of order) {
      for (const c of x.candidates) {
        if (seen.has(c)) continue;
        seen.add(c);
        candidates.push(c);
      }
    }
    info.candidates = candidates;
    info.endOfCandidates = bundled.some((x) => x.endOfCandidates) || m.endOfCandidates;
    if (!info.ufrag || !info.pwd)
      throw domError('InvalidAccessError', 'The remote SDP has no ice-ufrag/ice-pwd');
    if (fps.length === 0) throw domError('InvalidAccessError', 'The remote SDP has no a=fingerprint');
  }
  if (dataIndex >= 0) {
    const m = sdp.media[dataIndex]!;
    const section = sections[dataIndex]!;
    info.dataMid = section.mid ?? String(dataIndex);
    info.dataRejected = !accepted(m);
    const sctpPort = m.sctpPort;
    if (sctpPort !== undefined) info.sctpPort = sctpPort;
    else {
      const legacy = m.sctpmap;
      if (legacy) {
        info.sctpPort = legacy.port;
        info.legacySctp = true;
      } else if (/^DTLS\/SCTP$/i.test(section.protocol) && /^\d+$/.test(section.formats[0] ?? '')) {
        info.sctpPort = Number(section.formats[0]);
        info.legacySctp = true;
      }
    }
    // RFC 8841 §6: absent a=max-message-size means 64 KiB; 0 means "any size".
    const mms = m.maxMessageSize;
    if (mms !== undefined) info.maxMessageSize = mms === 0 ? Number.MAX_SAFE_INTEGER : mms;
  }
  for (const fp of fps) {
    try {
      info.fingerprints.push(parseFingerprint(`${fp.algorithm} ${fp.value}`));
    } catch {
      // An algorithm we do not implement: skip it; if none is left the check below fails.
    }
  }
  if (transportIndex >= 0 && info.fingerprints.length === 0) {
    throw domError('InvalidAccessError', 'The remote SDP has no usable a=fingerprint');
  }
  if (type !== 'offer' && info.setup === 'actpass') {
    throw domError('InvalidAccessError', 'An answer must not use a=setup:actpass');
  }
  return info;
}

/**
 * The parsed remote description of `info`, which is the one in force (pending, else current): parsed
 * again from its text if it was already released (see releaseParsedRemote).
 */
export function parsedRemote(info: RemoteDescriptionInfo, text: string): SessionDescription {
  info.sdp ??= parseSdp(text);
  return info.sdp;
}

/** Drops the parsed tree once no answer is left to make from it (the signaling state is stable). */
export function releaseParsedRemote(info: RemoteDescriptionInfo | undefined): void {
  if (info) info.sdp = undefined;
}
