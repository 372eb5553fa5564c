// JSEP (RFC 8829 §5.2 offers, §5.3 answers) for the data-channel m-section: one
// "m=application 9 UDP/DTLS/SCTP webrtc-datachannel" with ICE, DTLS and SCTP attributes, bundled
// (RFC 9143) as the only transport. Media sections of a remote offer are answered rejected (port 0).
import { SessionDescription } from '@rtc/sdp';

export type SetupRole = 'actpass' | 'active' | 'passive';

export interface RejectedMedia {
  kind: string;
  protocol: string;
  formats: string[];
  mid: string | undefined;
}

export interface LocalDescriptionInput {
  sessionId: string;
  sessionVersion: number;
  ufrag: string;
  pwd: string;
  fingerprint: string;
  setup: SetupRole;
  /** The data m-section's mid, or undefined when there is none (no data channel yet). */
  dataMid: string | undefined;
  /** Index of the data section among `rejected` sections (answers keep the offer's order). */
  dataIndex: number;
  sctpPort: number;
  maxMessageSize: number;
  rejected: RejectedMedia[];
  candidates: string[];
  endOfCandidates: boolean;
  /** Use the legacy sctpmap syntax (answering an old peer that used it). */
  legacySctp?: boolean;
}

export function buildDescription(input: LocalDescriptionInput): string {
  const sdp = SessionDescription.create({
    origin: { sessionId: input.sessionId, sessionVersion: String(input.sessionVersion) },
  });
  const bundled = input.dataMid !== undefined ? [input.dataMid] : [];
  if (bundled.length > 0) sdp.addGroup({ semantics: 'BUNDLE', mids: bundled });
  sdp.addAttribute('extmap-allow-mixed');
  sdp.addAttribute('msid-semantic', ' WMS');
  const sections = input.rejected.length + (input.dataMid !== undefined ? 1 : 0);
  let r = 0;
  for (let i = 0; i < sections; i++) {
    if (input.dataMid !== undefined && i === input.dataIndex) {
      addDataSection(sdp, input);
      continue;
    }
    const rej = input.rejected[r++]!;
    const m = sdp.addMedia({ kind: rej.kind, protocol: rej.protocol, port: 0, formats: rej.formats });
    if (rej.mid !== undefined) m.mid = rej.mid;
    m.direction = 'inactive';
  }
  return sdp.toString();
}

function addDataSection(sdp: SessionDescription, input: LocalDescriptionInput): void {
  const m = sdp.addMedia({
    kind: 'application',
    port: 9,
    protocol: input.legacySctp ? 'DTLS/SCTP' : 'UDP/DTLS/SCTP',
    formats: [input.legacySctp ? String(input.sctpPort) : 'webrtc-datachannel'],
  });
  m.connection = { netType: 'IN', addrType: 'IP4', address: '0.0.0.0' };
  // addCandidate takes the attribute value without its "candidate:" name.
  for (const c of input.candidates) m.addCandidate(c.replace(/^(a=)?candidate:/, ''));
  m.iceUfrag = input.ufrag;
  m.icePwd = input.pwd;
  m.iceOptions = ['trickle'];
  m.fingerprints = [{ algorithm: 'sha-256', value: input.fingerprint }];
  m.setup = input.setup;
  m.mid = input.dataMid;
  if (input.legacySctp) {
    m.sctpmap = { port: input.sctpPort, protocol: 'webrtc-datachannel', streams: 1024 };
  } else {
    m.sctpPort = input.sctpPort;
    m.maxMessageSize = input.maxMessageSize;
  }
  if (input.endOfCandidates) m.endOfCandidates = true;
}
