// Media Capture and Streams §4.3 MediaStreamTrack, for a stack with no capture devices: a track is
// either remote (created by an RTCRtpReceiver, muted until media flows) or local, fed by a
// non-standard source (src/media/nonstandard). `stop()` ends it without an `ended` event (§4.3.3.2);
// `ended` fires when the source ends on its own.
import { defineEventHandlers } from '../w3c/event-handlers.js';

export type MediaStreamTrackState = 'live' | 'ended';

export interface MediaStreamTrackInit {
  kind: 'audio' | 'video';
  id?: string;
  label?: string;
  /** Remote tracks start muted (webrtc-pc §5.3 "create a remote track"). */
  muted?: boolean;
}

/** Internal hooks used by receivers and sources (not part of the W3C surface). */
const internals = new WeakMap<MediaStreamTrack, { onStop: Set<() => void> }>();

export class MediaStreamTrack extends EventTarget {
  declare onmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  declare onunmute: ((this: MediaStreamTrack, ev: Event) => unknown) | null;
  declare onended: ((this: MediaStreamTrack, ev: Event) => unknown) | null;

  readonly kind: 'audio' | 'video';
  readonly id: string;
  readonly label: string;
  #enabled = true;
  #muted: boolean;
  #readyState: MediaStreamTrackState = 'live';
  contentHint = '';

  constructor(init: MediaStreamTrackInit) {
    super();
    if (init.kind !== 'audio' && init.kind !== 'video')
      throw new TypeError(`bad track kind '${String(init.kind)}'`);
    this.kind = init.kind;
    this.id = init.id ?? globalThis.crypto.randomUUID();
    this.label = init.label ?? '';
    this.#muted = init.muted ?? false;
    internals.set(this, { onStop: new Set() });
  }

  /** §4.3.1: a disabled track sends silence/black; here its source stops emitting media. */
  get enabled(): boolean {
    return this.#enabled;
  }
  set enabled(v: boolean) {
    this.#enabled = Boolean(v);
  }
  get muted(): boolean {
    return this.#muted;
  }
  get readyState(): MediaStreamTrackState {
    return this.#readyState;
  }

  /** §4.3.3.2 stop(): ends the track; no `ended` event is fired for it. */
  stop(): void {
    if (this.#readyState === 'ended') return;
    this.#readyState = 'ended';
    for (const f of internals.get(this)?.onStop ?? []) f();
  }

  /** §4.3.3.1 clone(): a new id, same kind, label, enabled, muted and state. */
  clone(): MediaStreamTrack {
    const t = new MediaStreamTrack({ kind: this.kind, label: this.label, muted: this.#muted });
    t.#enabled = this.#enabled;
    t.#readyState = this.#readyState;
    t.contentHint = this.contentHint;
    return t;
  }

  getSettings(): Record<string, unknown> {
    return {};
  }
  getConstraints(): Record<string, unknown> {
    return {};
  }
  getCapabilities(): Record<string, unknown> {
    return {};
  }
  /** No constrainable properties without a capture device: only the empty constraint set applies. */
  async applyConstraints(constraints: Record<string, unknown> = {}): Promise<void> {
    if (Object.keys(constraints).length > 0)
      throw new DOMException('no constrainable properties on this track', 'OverconstrainedError');
  }

  /** Internal: §4.3.1.1 set a track's muted state, firing mute/unmute on a change. */
  static setMuted(track: MediaStreamTrack, muted: boolean): void {
    if (track.#readyState === 'ended' || track.#muted === muted) return;
    track.#muted = muted;
    track.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }

  /** Internal: the source ended (remote BYE, transceiver stopped): end and fire `ended` (§4.3.1.2). */
  static end(track: MediaStreamTrack): void {
    if (track.#readyState === 'ended') return;
    track.#readyState = 'ended';
    for (const f of internals.get(track)?.onStop ?? []) f();
    track.dispatchEvent(new Event('ended'));
  }

  /** Internal: called once when the track ends, whichever way. Returns an unsubscribe function. */
  static onEnded(track: MediaStreamTrack, f: () => void): () => void {
    const set = internals.get(track)!.onStop;
    set.add(f);
    return () => set.delete(f);
  }
}
defineEventHandlers(MediaStreamTrack.prototype, ['mute', 'unmute', 'ended']);
