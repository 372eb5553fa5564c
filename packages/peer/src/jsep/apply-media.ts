// webrtc-pc §4.4.1.6 "set the RTCSessionDescription" for transceivers: mids from offers, the
// m-section layout, directions, negotiated codecs and extensions from answers (RFC 8829 §5.10), remote
// tracks (the `track` event, stream membership, mute) and stopping; rollback of all of it.
import type { MediaDescription } from '@rtc/sdp';
import { codecName } from '../media/codecs/capabilities.js';
import { acceptAnswerCodecs } from '../media/codecs/negotiate.js';
import { readRemoteRtpParameters } from '../media/codecs/sdp-media.js';
import { RTCRtpReceiver } from '../media/receiver.js';
import { RTCRtpSender } from '../media/sender.js';
import { RTCRtpTransceiver, type RTCRtpTransceiverDirection } from '../media/transceiver.js';
import type { RollbackPoint, TransceiverEntry } from '../pc/media-state.js';
import type { PeerState, Section } from '../pc/peer-state.js';
import { createTransceiver } from '../pc/transceivers.js';
import { receives, reverse, sends } from './directions.js';
import type { LocalDescriptionInput } from './local-description.js';
import { isRejected, type RemoteDescriptionInfo } from './remote-description.js';
import { type MediaChanges, processRemoteTracks, processRemoval, setRemoteStreams } from './remote-tracks.js';

const RTP_PROTOCOL = /RTP\/SAVPF?$/i;

function entry(s: PeerState, t: RTCRtpTransceiver): TransceiverEntry {
  return s.media.entryOf(t)!;
}

/** The remote side rejected or stopped the m-section: the transceiver stops, its track ends. */
function stopFromNegotiation(t: RTCRtpTransceiver, byRemote: boolean): void {
  if (RTCRtpTransceiver.isStopped(t)) return;
  if (byRemote && !RTCRtpTransceiver.isStopping(t)) RTCRtpTransceiver.endRemoteTrack(t);
  RTCRtpTransceiver.stopCompletely(t);
}

function setNegotiated(s: PeerState, e: TransceiverEntry, type: 'answer' | 'pranswer'): void {
  const n = e.negotiated!;
  const rtp = { codecs: n.codecs, headerExtensions: n.extensions, reducedSize: true };
  RTCRtpSender.setNegotiated(e.transceiver.sender, { ...rtp, cname: s.media.cname });
  const remoteCname = e.remote?.ssrcs[0]?.cname;
  RTCRtpReceiver.setNegotiated(e.transceiver.receiver, {
    ...rtp,
    ...(remoteCname !== undefined ? { cname: remoteCname } : {}),
  });
  if (type === 'answer') {
    RTCRtpTransceiver.setCurrentDirection(e.transceiver, n.direction);
    if (sends(n.direction)) e.hasSent = true;
  }
}

/** Setting a local offer (JSEP §5.5): each transceiver takes the mid the offer gave it. */
export function applyLocalOffer(s: PeerState, input: LocalDescriptionInput): void {
  // webrtc-pc §4.4.1.6: a transceiver stopped before it ever had an m-section is simply stopped.
  for (const e of s.media.entries) {
    const t = e.transceiver;
    if (t.mid === null && RTCRtpTransceiver.isStopping(t)) RTCRtpTransceiver.stopCompletely(t);
  }
  const before = s.layout;
  s.pendingSections = input.sections.map((x, i): Section => {
    if (x.type === 'data')
      return {
        kind: 'application',
        protocol: 'UDP/DTLS/SCTP',
        formats: [],
        mid: x.mid,
        data: true,
        rejected: false,
      };
    if (x.type === 'rejected') {
      // A stopping transceiver's section is offered rejected; the answer completes the stop.
      const t = before[i]?.mid === x.mid ? before[i]?.transceiver : undefined;
      const { type: _, ...rest } = x;
      return { ...rest, data: false, rejected: true, ...(t ? { transceiver: t } : {}) };
    }
    RTCRtpTransceiver.setMid(x.transceiver, x.rtp.mid);
    entry(s, x.transceiver).offered = { codecs: [...x.rtp.codecs], extensions: [...x.rtp.extensions] };
    const formats = x.rtp.codecs.map((c) => String(c.payloadType));
    return {
      kind: x.kind,
      protocol: 'UDP/TLS/RTP/SAVPF',
      formats,
      mid: x.rtp.mid ?? String(i),
      data: false,
      rejected: false,
      transceiver: x.transceiver,
    };
  });
}

/** Setting a local answer or pranswer (JSEP §5.5, webrtc-pc §4.4.1.6 local answer steps). */
export function applyLocalAnswer(
  s: PeerState,
  input: LocalDescriptionInput,
  type: 'answer' | 'pranswer',
  changes: MediaChanges,
): void {
  const layout = (s.pendingSections ?? s.sections).map((x) => ({ ...x }));
  input.sections.forEach((x, i) => {
    const sec = layout[i];
    if (!sec) return;
    if (x.type === 'rejected') {
      sec.rejected = true;
      if (sec.transceiver) stopFromNegotiation(sec.transceiver, true);
      return;
    }
    if (x.type !== 'rtp') return;
    const e = entry(s, x.transceiver);
    e.negotiated = {
      codecs: [...x.rtp.codecs],
      extensions: [...x.rtp.extensions],
      direction: x.rtp.direction,
    };
    setNegotiated(s, e, type);
    if (!receives(x.rtp.direction) && receives(e.firedDirection)) processRemoval(s, e, changes);
    e.firedDirection = x.rtp.direction;
  });
  if (type === 'answer') {
    s.sections = layout;
    s.pendingSections = undefined;
  } else s.pendingSections = layout;
  s.media.rollback = undefined;
}

/** Setting a remote offer: find or make each m-section's transceiver, then process its remote track. */
export function applyRemoteOffer(s: PeerState, info: RemoteDescriptionInfo, changes: MediaChanges): void {
  const point: RollbackPoint = { created: [], saved: new Map() };
  const taken = new Set<RTCRtpTransceiver>();
  s.pendingSections = info.sdp!.media.map((m, i): Section => {
    const sec: Section = {
      kind: m.kind,
      protocol: m.protocol,
      formats: m.formats,
      mid: m.mid,
      data: i === info.dataIndex && !info.dataRejected,
      rejected: isRejected(m),
    };
    if (i === info.dataIndex || (m.kind !== 'audio' && m.kind !== 'video') || m.mid === undefined) return sec;
    if (!RTP_PROTOCOL.test(m.protocol)) return sec;
    const kind = m.kind;
    let e = s.media.entries.find((x) => x.transceiver.mid === m.mid);
    // webrtc-pc: an addTrack transceiver of the kind, not yet associated, takes the new m-section.
    e ??= sec.rejected
      ? undefined
      : s.media.entries.find(
          (x) =>
            x.fromAddTrack &&
            x.kind === kind &&
            x.transceiver.mid === null &&
            !RTCRtpTransceiver.isStopping(x.transceiver) &&
            !taken.has(x.transceiver),
        );
    if (!e && !sec.rejected) {
      e = createTransceiver(s, {
        kind,
        track: null,
        direction: 'recvonly',
        streams: [],
        fromAddTrack: false,
        fromRemoteOffer: true,
      });
      point.created.push(e);
    }
    if (!e) return sec;
    const t = e.transceiver;
    taken.add(t);
    if (!point.created.includes(e) && !point.saved.has(e))
      point.saved.set(e, {
        mid: t.mid,
        firedDirection: e.firedDirection,
        remoteStreams: [...e.remoteStreams],
        remote: e.remote,
      });
    RTCRtpTransceiver.setMid(t, m.mid);
    sec.transceiver = t;
    e.remote = readRemoteRtpParameters(m);
    if (sec.rejected) {
      stopFromNegotiation(t, true);
      return sec;
    }
    processRemoteTracks(s, e, reverse(e.remote.direction), changes);
    return sec;
  });
  s.media.rollback = point;
}

/** Setting a remote answer or pranswer (RFC 8829 §5.10): what was negotiated, per m-section. */
export function applyRemoteAnswer(
  s: PeerState,
  info: RemoteDescriptionInfo,
  type: 'answer' | 'pranswer',
  changes: MediaChanges,
): void {
  const layout = (s.pendingSections ?? s.sections).map((x) => ({ ...x }));
  info.sdp!.media.forEach((m: MediaDescription, i) => {
    const sec = layout[i];
    if (!sec) return;
    sec.rejected = isRejected(m);
    if (sec.data) sec.data = !sec.rejected;
    const t = sec.transceiver;
    if (!t) return;
    const e = entry(s, t);
    if (sec.rejected) {
      stopFromNegotiation(t, true);
      return;
    }
    const remote = readRemoteRtpParameters(m);
    e.remote = remote;
    const offered = e.offered ?? { codecs: [], extensions: [] };
    const codecs = acceptAnswerCodecs(offered.codecs, remote.codecs);
    if (!codecs.some((c) => codecName(c.mimeType) !== 'rtx')) {
      // An answer with no codec we offered cannot carry media: treat the section as rejected.
      stopFromNegotiation(t, true);
      sec.rejected = true;
      return;
    }
    const direction: RTCRtpTransceiverDirection = reverse(remote.direction);
    const extensions = remote.extensions.filter((x) => offered.extensions.some((o) => o.uri === x.uri));
    e.negotiated = { codecs, extensions, direction };
    setNegotiated(s, e, type);
    processRemoteTracks(s, e, direction, changes);
    if (RTCRtpTransceiver.isStopping(t)) stopFromNegotiation(t, false);
  });
  if (type === 'answer') {
    s.sections = layout;
    s.pendingSections = undefined;
  } else s.pendingSections = layout;
  s.media.rollback = undefined;
}

/** webrtc-pc §4.4.1.6 rollback: mids, remote tracks and transceivers made by the offer go back. */
export function rollbackMedia(s: PeerState, source: 'local' | 'remote', changes: MediaChanges): void {
  if (source === 'local') {
    const kept = new Set(s.sections.map((x) => x.mid));
    for (const e of s.media.entries) {
      const mid = e.transceiver.mid;
      if (mid !== null && !kept.has(mid)) RTCRtpTransceiver.setMid(e.transceiver, null);
      e.offered = undefined;
    }
  } else {
    const point = s.media.rollback;
    for (const e of point?.created ?? []) {
      processRemoval(s, e, changes);
      setRemoteStreams(s, e, [], changes);
      if (e.transceiver.sender.track === null) {
        e.transceiver.receiver.track.stop();
        s.media.remove(e);
      } else {
        RTCRtpTransceiver.setMid(e.transceiver, null);
        e.fromRemoteOffer = false;
        e.firedDirection = null;
      }
    }
    for (const [e, saved] of point?.saved ?? []) {
      RTCRtpTransceiver.setMid(e.transceiver, saved.mid);
      if (receives(e.firedDirection) && !receives(saved.firedDirection)) processRemoval(s, e, changes);
      setRemoteStreams(
        s,
        e,
        saved.remoteStreams.map((x) => x.id),
        changes,
      );
      e.firedDirection = saved.firedDirection;
      e.remote = saved.remote;
    }
  }
  s.pendingSections = undefined;
  s.media.rollback = undefined;
}
