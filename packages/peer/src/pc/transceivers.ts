// webrtc-pc §4.4.1 / §5.1: addTrack, removeTrack, addTransceiver and the set of transceivers, and
// §4.7.3 "check if negotiation is needed" for media.
import { registerTap } from '../media/nonstandard/bindings.js';
import type { TrackSink } from '../media/nonstandard/track-sink.js';
import { RTCRtpReceiver } from '../media/receiver.js';
import type { RTCRtpEncodingParameters } from '../media/rtp-parameters.js';
import { RTCRtpSender } from '../media/sender.js';
import type { MediaStream } from '../media/stream.js';
import { MediaStreamTrack } from '../media/track.js';
import { RTCRtpTransceiver, type RTCRtpTransceiverDirection } from '../media/transceiver.js';
import { assertNotClosed, domError } from '../w3c/errors.js';
import type { TransceiverEntry } from './media-state.js';
import { receiverStats, senderStats } from './media-stats.js';
import { updateNegotiationNeeded } from './negotiation.js';
import type { PeerState } from './peer-state.js';

export interface RTCRtpTransceiverInit {
  direction?: RTCRtpTransceiverDirection;
  streams?: MediaStream[];
  sendEncodings?: RTCRtpEncodingParameters[];
}

interface CreateOptions {
  kind: 'audio' | 'video';
  track: MediaStreamTrack | null;
  direction: RTCRtpTransceiverDirection;
  streams: readonly MediaStream[];
  sendEncodings?: readonly RTCRtpEncodingParameters[] | undefined;
  fromAddTrack: boolean;
  fromRemoteOffer: boolean;
}

export function createTransceiver(s: PeerState, o: CreateOptions): TransceiverEntry {
  const sender = new RTCRtpSender({
    kind: o.kind,
    track: o.track,
    streams: o.streams,
    ...(o.sendEncodings ? { sendEncodings: o.sendEncodings } : {}),
  });
  const receiver = new RTCRtpReceiver({ kind: o.kind });
  const transceiver = new RTCRtpTransceiver({
    kind: o.kind,
    sender,
    receiver,
    direction: o.direction,
    onNegotiationNeeded: () => {
      if (s.closed) return;
      s.media.transport?.sync();
      updateNegotiationNeeded(s);
    },
  });
  const media = s.media;
  const entry: TransceiverEntry = {
    transceiver,
    kind: o.kind,
    ssrc: media.newSsrc(),
    rtxSsrc: o.kind === 'video' ? media.newSsrc() : undefined,
    msidTrackId: globalThis.crypto.randomUUID(),
    fromAddTrack: o.fromAddTrack,
    fromRemoteOffer: o.fromRemoteOffer,
    firedDirection: null,
    remoteStreams: [],
    remote: undefined,
    offered: undefined,
    negotiated: undefined,
    hasSent: false,
  };
  media.entries.push(entry);
  RTCRtpSender.setTransport(sender, s.views.dtls);
  RTCRtpReceiver.setTransport(receiver, s.views.dtls);
  RTCRtpSender.onTrackReplaced(sender, () => s.media.transport?.sync());
  RTCRtpSender.setStatsProvider(sender, async () => senderStats(s, entry));
  RTCRtpReceiver.setStatsProvider(receiver, async () => receiverStats(s, entry));
  // The receive side a non-standard TrackSink attaches to (src/media/nonstandard).
  registerTap(receiver.track, {
    sinks: new Set<TrackSink>(),
    requestKeyframe: (method, rid) => s.media.transport?.requestKeyframe(entry, method, rid) ?? false,
  });
  return entry;
}

/** webrtc-pc §4.4.1.x addTrack. */
export function addTrack(s: PeerState, track: MediaStreamTrack, streams: MediaStream[]): RTCRtpSender {
  assertNotClosed(s.closed);
  if (!(track instanceof MediaStreamTrack)) throw domError('TypeError', 'addTrack needs a MediaStreamTrack');
  const live = transceivers(s);
  if (live.some((t) => t.sender.track === track))
    throw domError('InvalidAccessError', 'The track already has a sender');
  // Reuse a sender that never sent, has no track, and whose transceiver is of the kind and not stopping.
  const reusable = s.media.entries.find(
    (e) =>
      e.kind === track.kind &&
      e.transceiver.sender.track === null &&
      !RTCRtpTransceiver.isStopping(e.transceiver) &&
      !e.hasSent,
  );
  if (reusable) {
    const t = reusable.transceiver;
    RTCRtpSender.setTrack(t.sender, track);
    t.sender.setStreams(...streams);
    if (t.direction === 'recvonly') t.direction = 'sendrecv';
    else if (t.direction === 'inactive') t.direction = 'sendonly';
    s.media.transport?.sync();
    updateNegotiationNeeded(s);
    return t.sender;
  }
  const entry = createTransceiver(s, {
    kind: track.kind,
    track,
    direction: 'sendrecv',
    streams,
    fromAddTrack: true,
    fromRemoteOffer: false,
  });
  updateNegotiationNeeded(s);
  return entry.transceiver.sender;
}

/** webrtc-pc §4.4.1.x removeTrack: stop sending; the next negotiation says so. */
export function removeTrack(s: PeerState, sender: RTCRtpSender): void {
  assertNotClosed(s.closed);
  const entry = s.media.entries.find((e) => e.transceiver.sender === sender);
  if (!entry) throw domError('InvalidAccessError', 'The sender was not created by this connection');
  const t = entry.transceiver;
  if (RTCRtpTransceiver.isStopping(t) || sender.track === null) return;
  RTCRtpSender.setTrack(sender, null);
  if (t.direction === 'sendrecv') t.direction = 'recvonly';
  else if (t.direction === 'sendonly') t.direction = 'inactive';
  s.media.transport?.sync();
  updateNegotiationNeeded(s);
}

/** webrtc-pc §4.4.1.x addTransceiver(trackOrKind, init). */
export function addTransceiver(
  s: PeerState,
  trackOrKind: MediaStreamTrack | string,
  init: RTCRtpTransceiverInit = {},
): RTCRtpTransceiver {
  assertNotClosed(s.closed);
  let track: MediaStreamTrack | null = null;
  let kind: string;
  if (trackOrKind instanceof MediaStreamTrack) {
    track = trackOrKind;
    kind = track.kind;
  } else {
    kind = String(trackOrKind);
    if (kind !== 'audio' && kind !== 'video') throw domError('TypeError', `Invalid kind '${kind}'`);
  }
  const entry = createTransceiver(s, {
    kind: kind as 'audio' | 'video',
    track,
    direction: init.direction ?? 'sendrecv',
    streams: init.streams ?? [],
    sendEncodings: init.sendEncodings,
    fromAddTrack: false,
    fromRemoteOffer: false,
  });
  updateNegotiationNeeded(s);
  return entry.transceiver;
}

/** webrtc-pc §4.4.1.x getTransceivers: the set, without the ones stopped by negotiation. */
export function transceivers(s: PeerState): RTCRtpTransceiver[] {
  return s.media.entries.map((e) => e.transceiver).filter((t) => !RTCRtpTransceiver.isStopped(t));
}
