// JSEP (RFC 8829 §5.2 offers, §5.3 answers): writing our SDP. Every accepted m-section is in one
// BUNDLE group (RFC 9143) on one transport; each carries the ICE and DTLS attributes, the first (the
// BUNDLE tag) the candidates. Sections: the data channel's "m=application 9 UDP/DTLS/SCTP
// webrtc-datachannel", audio/video ("UDP/TLS/RTP/SAVPF" with their RTP attributes), or rejected (port 0).
import { type MediaDescription, SessionDescription } from '@rtc/sdp';
import { type RtpSectionInit, writeRtpSection } from '../media/codecs/sdp-media.js';
import type { RTCRtpTransceiver } from '../media/transceiver.js';

export type SetupRole = 'actpass' | 'active' | 'passive';

export interface RejectedMedia {
  kind: string;
  protocol: string;
  formats: string[];
  mid: string | undefined;
}

export type LocalSection =
  | { type: 'data'; mid: string }
  | ({ type: 'rejected' } & RejectedMedia)
  | {
      type: 'rtp';
      kind: 'audio' | 'video';
      transceiver: RTCRtpTransceiver;
      rtp: RtpSectionInit;
      /** RFC 8853 simulcast reception: the rids we receive (answering a simulcast offer). */
      recvRids?: string[];
    };

export interface LocalDescriptionInput {
  sessionId: string;
  sessionVersion: number;
  ufrag: string;
  pwd: string;
  fingerprint: string;
  setup: SetupRole;
  sections: LocalSection[];
  sctpPort: number;
  maxMessageSize: number;
  candidates: string[];
  endOfCandidates: boolean;
  /** Use the legacy sctpmap syntax (answering an old peer that used it). */
  legacySctp?: boolean;
}

export function sectionMid(s: LocalSection): string | undefined {
  return s.type === 'rtp' ? s.rtp.mid : s.mid;
}

/** The mids of the BUNDLE group: every section not rejected, in order. */
export function bundledMids(input: LocalDescriptionInput): string[] {
  return input.sections.filter((s) => s.type !== 'rejected').map((s) => sectionMid(s)!);
}

export function buildDescription(input: LocalDescriptionInput): string {
  const sdp = SessionDescription.create({
    origin: { sessionId: input.sessionId, sessionVersion: String(input.sessionVersion) },
  });
  const bundled = bundledMids(input);
  if (bundled.length > 0) sdp.addGroup({ semantics: 'BUNDLE', mids: bundled });
  sdp.addAttribute('extmap-allow-mixed');
  sdp.addAttribute('msid-semantic', ' WMS');
  let tag = true;
  for (const section of input.sections) {
    if (section.type === 'rejected') {
      const m = sdp.addMedia({
        kind: section.kind,
        protocol: section.protocol,
        port: 0,
        formats: section.formats,
      });
      if (section.mid !== undefined) m.mid = section.mid;
      m.direction = 'inactive';
      continue;
    }
    if (section.type === 'data') addDataSection(sdp, input, section.mid, tag);
    else addRtpSection(sdp, input, section, tag);
    tag = false;
  }
  return sdp.toString();
}

/** RFC 8839 §5 ICE and RFC 8842 DTLS attributes; candidates only in the BUNDLE tag section. */
function addTransport(m: MediaDescription, input: LocalDescriptionInput, tag: boolean): void {
  m.connection = { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' };
  // addCandidate takes the attribute value without its "candidate:" name.
  if (tag) for (const c of input.candidates) m.addCandidate(c.replace(/^(a=)?candidate:/, ''));
  m.iceUfrag = input.ufrag;
  m.icePwd = input.pwd;
  m.iceOptions = ['trickle'];
  m.fingerprints = [{ algorithm: 'sha-256', value: input.fingerprint }];
  m.setup = input.setup;
}

function addDataSection(
  sdp: SessionDescription,
  input: LocalDescriptionInput,
  mid: string,
  tag: boolean,
): void {
  const m = sdp.addMedia({
    kind: 'application',
    port: 9,
    protocol: input.legacySctp ? 'DTLS/SCTP' : 'UDP/DTLS/SCTP',
    formats: [input.legacySctp ? String(input.sctpPort) : 'webrtc-datachannel'],
  });
  addTransport(m, input, tag);
  m.mid = mid;
  if (input.legacySctp) {
    m.sctpmap = { port: input.sctpPort, protocol: 'webrtc-datachannel', streams: 1024 };
  } else {
    m.sctpPort = input.sctpPort;
    m.maxMessageSize = input.maxMessageSize;
  }
  if (tag && input.endOfCandidates) m.endOfCandidates = true;
}

function addRtpSection(
  sdp: SessionDescription,
  input: LocalDescriptionInput,
  section: Extract<LocalSection, { type: 'rtp' }>,
  tag: boolean,
): void {
  const m = sdp.addMedia({ kind: section.kind, port: 9, protocol: 'UDP/TLS/RTP/SAVPF', formats: [] });
  addTransport(m, input, tag);
  writeRtpSection(m, section.rtp);
  const rids = section.recvRids ?? [];
  if (rids.length > 0) {
    // RFC 8851 §4 and RFC 8853 §5.3: the answerer lists each offered send rid as recv.
    for (const id of rids) m.addRid({ id, direction: 'recv', restrictions: {} });
    m.simulcast = { recv: rids.map((rid) => [{ rid, paused: false }]) };
  }
  if (tag && input.endOfCandidates) m.endOfCandidates = true;
}
