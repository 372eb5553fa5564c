// Media Capture and Streams §4.2 MediaStream and §4.4 MediaStreamTrackEvent. addTrack/removeTrack
// called by the application fire no events (§4.2.5); `addtrack`/`removetrack` fire when the user
// agent changes the set, which for WebRTC is remote description processing (webrtc-pc §4.4.1.5).
import { defineEventHandlers } from '../w3c/event-handlers.js';
import { MediaStreamTrack } from './track.js';

export class MediaStreamTrackEvent extends Event {
  readonly track: MediaStreamTrack;
  constructor(type: string, init: { track: MediaStreamTrack }) {
    super(type);
    if (!(init?.track instanceof MediaStreamTrack))
      throw new TypeError('MediaStreamTrackEvent needs a track');
    this.track = init.track;
  }
}

export class MediaStream extends EventTarget {
  declare onaddtrack: ((this: MediaStream, ev: MediaStreamTrackEvent) => unknown) | null;
  declare onremovetrack: ((this: MediaStream, ev: MediaStreamTrackEvent) => unknown) | null;

  readonly id: string;
  readonly #tracks = new Set<MediaStreamTrack>();

  /** §4.2.1: new MediaStream(), new MediaStream(stream) (its tracks) or new MediaStream(tracks). */
  constructor(init?: MediaStream | readonly MediaStreamTrack[] | { id: string }) {
    super();
    if (init instanceof MediaStream) for (const t of init.getTracks()) this.#tracks.add(t);
    else if (Array.isArray(init)) for (const t of init) this.#tracks.add(t);
    // Internal form for remote streams: the id comes from a=msid (RFC 8830).
    const given =
      init !== undefined && !(init instanceof MediaStream) && !Array.isArray(init)
        ? (init as { id: string }).id
        : undefined;
    this.id = typeof given === 'string' ? given : globalThis.crypto.randomUUID();
  }

  /** §4.2.4: active while any track is live. */
  get active(): boolean {
    for (const t of this.#tracks) if (t.readyState === 'live') return true;
    return false;
  }

  getTracks(): MediaStreamTrack[] {
    return [...this.#tracks];
  }
  getAudioTracks(): MediaStreamTrack[] {
    return this.getTracks().filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): MediaStreamTrack[] {
    return this.getTracks().filter((t) => t.kind === 'video');
  }
  getTrackById(id: string): MediaStreamTrack | null {
    for (const t of this.#tracks) if (t.id === id) return t;
    return null;
  }

  addTrack(track: MediaStreamTrack): void {
    if (!(track instanceof MediaStreamTrack)) throw new TypeError('addTrack needs a MediaStreamTrack');
    this.#tracks.add(track);
  }
  removeTrack(track: MediaStreamTrack): void {
    if (!(track instanceof MediaStreamTrack)) throw new TypeError('removeTrack needs a MediaStreamTrack');
    this.#tracks.delete(track);
  }

  /** §4.2.5 clone(): a new stream with clones of every track. */
  clone(): MediaStream {
    return new MediaStream(this.getTracks().map((t) => t.clone()));
  }

  /** Internal (webrtc-pc §4.4.1.5 "add track to stream" during remote description): fires addtrack. */
  static addRemoteTrack(stream: MediaStream, track: MediaStreamTrack): void {
    if (stream.#tracks.has(track)) return;
    stream.#tracks.add(track);
    stream.dispatchEvent(new MediaStreamTrackEvent('addtrack', { track }));
  }

  /** Internal: fires removetrack (remote m= section gone or direction no longer sends). */
  static removeRemoteTrack(stream: MediaStream, track: MediaStreamTrack): void {
    if (!stream.#tracks.delete(track)) return;
    stream.dispatchEvent(new MediaStreamTrackEvent('removetrack', { track }));
  }
}
defineEventHandlers(MediaStream.prototype, ['addtrack', 'removetrack']);
