// What goes into the next offer (RFC 8829 §5.2) or answer (§5.3): the m-sections in order, the DTLS
// setup role (RFC 8842), and our ICE credentials and fingerprint.
import type { MediaDescription } from '@rtc/sdp';
import { RTCRtpTransceiver } from '../media/transceiver.js';
import { MAX_MESSAGE_SIZE, SCTP_PORT } from '../pc/data-channels.js';
import type { TransceiverEntry } from '../pc/media-state.js';
import type { PeerState } from '../pc/peer-state.js';
import type { LocalDescriptionInput, LocalSection } from './local-description.js';
import { answerRtpSection, bundleExtensionIds, offerRtpSection } from './media-sections.js';
import { parsedRemote } from './remote-description.js';

/** RFC 8829 §5.2.1 initial and §5.2.2 subsequent offers. */
export function offerInput(s: PeerState): LocalDescriptionInput {
  if (s.iceRestartPending && s.stack) {
    // RFC 8445 §9: new credentials; the agent generates them (it has no setter for chosen ones).
    s.stack.restartIce();
    s.iceRestartPending = false;
    s.localCandidates = [];
  }
  const base = s.signalingState === 'have-local-offer' ? s.layout : s.sections;
  const media = s.media;
  const bundle = bundleExtensionIds(media.entries);
  const used = new Set<string>();
  for (const x of base) if (x.mid !== undefined) used.add(x.mid);
  for (const e of media.entries) if (e.transceiver.mid !== null) used.add(e.transceiver.mid);
  const newMid = (from: number): string => {
    let n = from;
    while (used.has(String(n))) n++;
    used.add(String(n));
    return String(n);
  };
  // Transceivers without an m-section yet, in the order they were made.
  const waiting = media.entries.filter(
    (e) =>
      e.transceiver.mid === null &&
      !RTCRtpTransceiver.isStopping(e.transceiver) &&
      !base.some((x) => x.transceiver === e.transceiver),
  );
  const sections: LocalSection[] = [];
  base.forEach((x, i) => {
    if (x.data && !x.rejected) {
      sections.push({ type: 'data', mid: x.mid ?? String(i) });
      return;
    }
    const t = x.transceiver;
    if (t && !x.rejected && !RTCRtpTransceiver.isStopping(t)) {
      sections.push(offerRtpSection(entryOf(s, t), t.mid ?? x.mid!, bundle, media.cname));
      return;
    }
    // RFC 8829 §5.2.2: a rejected section whose transceiver stopped may carry a new transceiver.
    const recycled = x.rejected && (!t || RTCRtpTransceiver.isStopped(t)) ? waiting.shift() : undefined;
    if (recycled) sections.push(offerRtpSection(recycled, newMid(i), bundle, media.cname));
    else
      sections.push({ type: 'rejected', kind: x.kind, protocol: x.protocol, formats: x.formats, mid: x.mid });
  });
  for (const e of waiting) sections.push(offerRtpSection(e, newMid(sections.length), bundle, media.cname));
  if (!sections.some((x) => x.type === 'data') && s.channels.size > 0)
    sections.push({ type: 'data', mid: newMid(sections.length) });
  return descriptionInput(s, sections, 'actpass', false);
}

function entryOf(s: PeerState, t: RTCRtpTransceiver): TransceiverEntry {
  return s.media.entryOf(t)!;
}

function rejected(m: MediaDescription): LocalSection {
  return { type: 'rejected', kind: m.kind, protocol: m.protocol, formats: m.formats, mid: m.mid };
}

const RTP_PROTOCOL = /^(UDP\/TLS\/RTP\/SAVPF|RTP\/SAVPF|UDP\/TLS\/RTP\/SAVP|RTP\/SAVP)$/i;

/** RFC 8829 §5.3.1: one answer section per offered one, in order. */
export function answerInput(s: PeerState): LocalDescriptionInput {
  const remote = s.remoteInfo!;
  const layout = s.layout;
  const text = (s.pendingRemote ?? s.currentRemote)!.sdp;
  const sections = parsedRemote(remote, text).media.map((m, i): LocalSection => {
    if (i === remote.dataIndex) {
      return remote.dataRejected ? rejected(m) : { type: 'data', mid: m.mid ?? String(i) };
    }
    const x = layout[i];
    const t = x?.transceiver;
    if (!x || x.rejected || !t || RTCRtpTransceiver.isStopping(t) || m.mid === undefined) return rejected(m);
    if (!RTP_PROTOCOL.test(m.protocol)) return rejected(m);
    return answerRtpSection(entryOf(s, t), m, s.media.cname) ?? rejected(m);
  });
  // RFC 8842 §5.3: once DTLS runs, the answer keeps the role; else answer active unless the offer is.
  let setup: 'active' | 'passive' = remote.setup === 'active' ? 'passive' : 'active';
  if (s.dtlsRole) setup = s.dtlsRole === 'client' ? 'active' : 'passive';
  return descriptionInput(s, sections, setup, remote.legacySctp);
}

function descriptionInput(
  s: PeerState,
  sections: LocalSection[],
  setup: 'actpass' | 'active' | 'passive',
  legacySctp: boolean,
): LocalDescriptionInput {
  const { ufrag, pwd } = s.localCredentials();
  return {
    sessionId: s.sessionId,
    sessionVersion: s.sessionVersion++,
    ufrag,
    pwd,
    fingerprint: s.certificate.sha256Fingerprint,
    setup,
    sections,
    sctpPort: SCTP_PORT,
    maxMessageSize: MAX_MESSAGE_SIZE,
    candidates: [],
    endOfCandidates: false,
    legacySctp,
  };
}
