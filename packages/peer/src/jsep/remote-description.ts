// Reading a remote description (RFC 8829 §5.7 and §5.8 / webrtc-pc §4.4.1.6): what the transport
// needs from the data m-section. ICE and DTLS attributes may sit at session or media level; the
// legacy "DTLS/SCTP 5000 + a=sctpmap" form from old peers is accepted (RFC 8841 §4 replaced it).

import { type Fingerprint, parseFingerprint } from '@rtc/dtls';
import { type MediaDescription, parseSdp, type SessionDescription } from '@rtc/sdp';
import { domError } from '../w3c/errors.js';
import type { RejectedMedia, SetupRole } from './local-description.js';

/** Remote SDP longer than this is refused (bounds the parser on signalling input). */
export const MAX_SDP_LENGTH = 256 * 1024;

export interface RemoteDescriptionInfo {
  sdp: SessionDescription;
  /** All m-sections, in order: kind/protocol/formats/mid, for answering. */
  sections: RejectedMedia[];
  /** Index of the data m-section among sections, or -1. */
  dataIndex: number;
  dataMid: string | undefined;
  ufrag: string | undefined;
  pwd: string | undefined;
  iceLite: boolean;
  fingerprints: Fingerprint[];
  setup: SetupRole | 'holdconn' | undefined;
  sctpPort: number;
  maxMessageSize: number;
  legacySctp: boolean;
  candidates: string[];
  endOfCandidates: boolean;
  /** Whether the data section was rejected (port 0) by the remote side. */
  dataRejected: boolean;
}

function isDataSection(m: MediaDescription): boolean {
  return m.kind === 'application' && /DTLS\/SCTP$/i.test(m.protocol);
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
  const sections: RejectedMedia[] = sdp.media.map((m) => ({
    kind: m.kind,
    protocol: m.protocol,
    formats: m.formats,
    mid: m.mid,
  }));
  const dataIndex = sdp.media.findIndex(isDataSection);
  const info: RemoteDescriptionInfo = {
    sdp,
    sections,
    dataIndex,
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
    dataRejected: false,
  };
  let fps = sdp.fingerprints;
  if (dataIndex >= 0) {
    const m = sdp.media[dataIndex]!;
    info.dataMid = m.mid ?? String(dataIndex);
    info.ufrag = m.iceUfrag ?? info.ufrag;
    info.pwd = m.icePwd ?? info.pwd;
    info.setup = m.setup ?? info.setup;
    if (m.fingerprints.length > 0) fps = m.fingerprints;
    info.dataRejected = m.port === 0;
    const legacy = m.sctpmap;
    if (m.sctpPort !== undefined) info.sctpPort = m.sctpPort;
    else if (legacy) {
      info.sctpPort = legacy.port;
      info.legacySctp = true;
    } else if (/^DTLS\/SCTP$/i.test(m.protocol) && /^\d+$/.test(m.formats[0] ?? '')) {
      info.sctpPort = Number(m.formats[0]);
      info.legacySctp = true;
    }
    // RFC 8841 §6: absent a=max-message-size means 64 KiB; 0 means "any size".
    const mms = m.maxMessageSize;
    if (mms !== undefined) info.maxMessageSize = mms === 0 ? Number.MAX_SAFE_INTEGER : mms;
    info.candidates = m.candidates;
    info.endOfCandidates = m.endOfCandidates;
    if (!info.dataRejected) {
      if (!info.ufrag || !info.pwd)
        throw domError('InvalidAccessError', 'The remote SDP has no ice-ufrag/ice-pwd');
      if (fps.length === 0) throw domError('InvalidAccessError', 'The remote SDP has no a=fingerprint');
    }
  }
  for (const fp of fps) {
    try {
      info.fingerprints.push(parseFingerprint(`${fp.algorithm} ${fp.value}`));
    } catch {
      // An algorithm we do not implement: skip it; if none is left the check below fails.
    }
  }
  if (dataIndex >= 0 && !info.dataRejected && info.fingerprints.length === 0) {
    throw domError('InvalidAccessError', 'The remote SDP has no usable a=fingerprint');
  }
  if (type !== 'offer' && info.setup === 'actpass') {
    throw domError('InvalidAccessError', 'An answer must not use a=setup:actpass');
  }
  return info;
}
