// webrtc-pc §4.4.1.6 "process remote tracks": a receiver's associated remote streams (from a=msid,
// RFC 8830), the addition of a remote track (the `track` event) and its removal (mute), collected while
// a description is applied and fired afterwards in the order the spec gives.
import { MediaStream } from '../media/stream.js';
import { MediaStreamTrack } from '../media/track.js';
import { RTCTrackEvent, type RTCTrackEventInit } from '../media/track-event.js';
import type { RTCRtpTransceiverDirection } from '../media/transceiver.js';
import type { TransceiverEntry } from '../pc/media-state.js';
import type { PeerState } from '../pc/peer-state.js';
import { receives } from './directions.js';

export interface MediaChanges {
  mute: MediaStreamTrack[];
  remove: Array<[MediaStream, MediaStreamTrack]>;
  add: Array<[MediaStream, MediaStreamTrack]>;
  tracks: RTCTrackEventInit[];
}

export function noChanges(): MediaChanges {
  return { mute: [], remove: [], add: [], tracks: [] };
}

/** "Set the associated remote streams": streams by id, one MediaStream object per id and connection. */
export function setRemoteStreams(
  s: PeerState,
  e: TransceiverEntry,
  ids: readonly string[],
  changes: MediaChanges,
): boolean {
  const track = e.transceiver.receiver.track;
  const next = ids.map((id) => {
    let stream = s.media.remoteStreams.get(id);
    if (!stream) {
      stream = new MediaStream({ id });
      s.media.remoteStreams.set(id, stream);
    }
    return stream;
  });
  for (const old of e.remoteStreams) if (!next.includes(old)) changes.remove.push([old, track]);
  let added = false;
  for (const stream of next) {
    if (e.remoteStreams.includes(stream)) continue;
    changes.add.push([stream, track]);
    added = true;
  }
  e.remoteStreams = next;
  return added;
}

/** The remote side sends again, or newly: fire `track` for the receiver's track. */
function processAddition(e: TransceiverEntry, changes: MediaChanges): void {
  const t = e.transceiver;
  changes.tracks.push({
    receiver: t.receiver,
    track: t.receiver.track,
    streams: [...e.remoteStreams],
    transceiver: t,
  });
}

/** The remote side stopped sending: the track is muted (it stays live until the transceiver stops). */
export function processRemoval(_s: PeerState, e: TransceiverEntry, changes: MediaChanges): void {
  const track = e.transceiver.receiver.track;
  if (!track.muted && !changes.mute.includes(track)) changes.mute.push(track);
}

/** "Process remote tracks" for one m-section, `direction` seen from our side. */
export function processRemoteTracks(
  s: PeerState,
  e: TransceiverEntry,
  direction: RTCRtpTransceiverDirection,
  changes: MediaChanges,
): void {
  const msids = receives(direction) ? (e.remote?.streamIds ?? []) : [];
  const added = setRemoteStreams(s, e, msids, changes);
  if (receives(direction) && (!receives(e.firedDirection) || added)) processAddition(e, changes);
  if (!receives(direction) && receives(e.firedDirection)) processRemoval(s, e, changes);
  e.firedDirection = direction;
}

/** Fires what a description changed: mute, removetrack, addtrack, then `track` (webrtc-pc §4.4.1.6). */
export function fireChanges(s: PeerState, changes: MediaChanges): void {
  for (const track of changes.mute) MediaStreamTrack.setMuted(track, true);
  for (const [stream, track] of changes.remove) MediaStream.removeRemoteTrack(stream, track);
  for (const [stream, track] of changes.add) MediaStream.addRemoteTrack(stream, track);
  for (const init of changes.tracks) {
    // The event carries the streams the track is in now (they may have been updated since).
    s.dispatch(new RTCTrackEvent('track', init));
  }
}
