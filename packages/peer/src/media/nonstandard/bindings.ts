// How the non-standard sources and sinks meet an RTCPeerConnection: a source is found by the track it
// feeds (the track given to addTrack/replaceTrack), a sink by the remote track it reads (the track of
// an RTCRtpReceiver). Weak maps: a track that is dropped takes its entries with it.
import type { MediaStreamTrack } from '../track.js';
import type { TrackSink } from './track-sink.js';
import type { EncodedTrackSource } from './track-source.js';

const sources = new WeakMap<MediaStreamTrack, EncodedTrackSource>();

export function registerSource(track: MediaStreamTrack, source: EncodedTrackSource): void {
  sources.set(track, source);
}

/** The EncodedTrackSource feeding `track`, if any. */
export function sourceOf(track: MediaStreamTrack | null): EncodedTrackSource | undefined {
  return track ? sources.get(track) : undefined;
}

/** The receive side of one remote track, as its RTCPeerConnection exposes it to sinks. */
export interface ReceiveTap {
  readonly sinks: Set<TrackSink>;
  /** Sends PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1); false when no SSRC is known yet. */
  requestKeyframe(method: 'pli' | 'fir', rid?: string): boolean;
}

const taps = new WeakMap<MediaStreamTrack, ReceiveTap>();

export function registerTap(track: MediaStreamTrack, tap: ReceiveTap): void {
  taps.set(track, tap);
}

export function tapOf(track: MediaStreamTrack): ReceiveTap | undefined {
  return taps.get(track);
}
