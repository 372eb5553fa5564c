// What goes into the next offer (RFC 8829 §5.2) or answer (§5.3): the m-sections in order, the DTLS
// setup role (RFC 8842), and our ICE credentials and fingerprint.
import { MAX_MESSAGE_SIZE, SCTP_PORT } from '../pc/data-channels.js';
import type { PeerState, Section } from '../pc/peer-state.js';
import type { LocalDescriptionInput } from './local-description.js';

export function offerInput(s: PeerState): LocalDescriptionInput {
  if (s.iceRestartPending && s.stack) {
    // RFC 8445 §9: new credentials; the agent generates them (it has no setter for chosen ones).
    s.stack.restartIce();
    s.iceRestartPending = false;
    s.localCandidates = [];
  }
  const sections = s.sections.map((x) => ({ ...x }));
  if (!sections.some((x) => x.data) && s.channels.size > 0) {
    let mid = sections.length;
    while (sections.some((x) => x.mid === String(mid))) mid++;
    sections.push({
      kind: 'application',
      protocol: 'UDP/DTLS/SCTP',
      formats: [],
      mid: String(mid),
      data: true,
    });
  }
  return descriptionInput(s, sections, 'actpass', false);
}

/** The m-sections of the remote offer, the data one marked when it is not rejected. */
export function remoteSections(s: PeerState): Section[] {
  const remote = s.remoteInfo!;
  return remote.sections.map((x, i) => ({ ...x, data: i === remote.dataIndex && !remote.dataRejected }));
}

export function answerInput(s: PeerState): LocalDescriptionInput {
  const remote = s.remoteInfo!;
  // RFC 8842 §5.3: once DTLS runs, the answer keeps the role; else answer active unless the offer is.
  let setup: 'active' | 'passive' = remote.setup === 'active' ? 'passive' : 'active';
  if (s.dtlsRole) setup = s.dtlsRole === 'client' ? 'active' : 'passive';
  return descriptionInput(s, remoteSections(s), setup, remote.legacySctp);
}

function descriptionInput(
  s: PeerState,
  sections: Section[],
  setup: 'actpass' | 'active' | 'passive',
  legacySctp: boolean,
): LocalDescriptionInput {
  const { ufrag, pwd } = s.localCredentials();
  const dataIndex = sections.findIndex((x) => x.data);
  return {
    sessionId: s.sessionId,
    sessionVersion: s.sessionVersion++,
    ufrag,
    pwd,
    fingerprint: s.certificate.certificate.fingerprint('sha-256'),
    setup,
    dataMid: dataIndex >= 0 ? (sections[dataIndex]!.mid ?? String(dataIndex)) : undefined,
    dataIndex,
    sctpPort: SCTP_PORT,
    maxMessageSize: MAX_MESSAGE_SIZE,
    rejected: sections.filter((x) => !x.data),
    candidates: [],
    endOfCandidates: false,
    legacySctp,
  };
}
