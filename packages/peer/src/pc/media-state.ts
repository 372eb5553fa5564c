// The media side of one RTCPeerConnection's state: its set of transceivers (webrtc-pc §4.4.1
// [[Transceivers]]) with what each one negotiated, the remote streams by id, and the RTP transport.
import type { MediaCodec, NegotiatedExtension } from '../media/codecs/capabilities.js';
import type { RemoteRtpParameters } from '../media/codecs/sdp-media.js';
import type { MediaStream } from '../media/stream.js';
import type { RTCRtpTransceiver, RTCRtpTransceiverDirection } from '../media/transceiver.js';
import type { MediaTransport } from './media-transport.js';

export interface NegotiatedMedia {
  /** The answer's codecs (payload types used both ways, RFC 8829 §5.10). */
  codecs: MediaCodec[];
  extensions: NegotiatedExtension[];
  /** Our direction in the answer. */
  direction: RTCRtpTransceiverDirection;
}

export interface TransceiverEntry {
  readonly transceiver: RTCRtpTransceiver;
  readonly kind: 'audio' | 'video';
  /** Our media SSRC and, for video, its RTX SSRC (RFC 4588), fixed for the transceiver's life. */
  readonly ssrc: number;
  readonly rtxSsrc: number | undefined;
  /** The a=msid track id when the sender has no track (RFC 8830 appdata). */
  readonly msidTrackId: string;
  /** Made by addTrack: a remote offer's m-section may take it over (webrtc-pc §4.4.1.6). */
  readonly fromAddTrack: boolean;
  /** Made by applying a remote offer: rolling that offer back removes it. */
  fromRemoteOffer: boolean;
  /** webrtc-pc [[FiredDirection]]: the direction the last track/mute processing saw. */
  firedDirection: RTCRtpTransceiverDirection | null;
  /** webrtc-pc [[AssociatedRemoteMediaStreams]]. */
  remoteStreams: MediaStream[];
  /** The latest remote description's view of this m-section (SSRCs, msid, rids, codecs). */
  remote: RemoteRtpParameters | undefined;
  /** What our pending offer proposed; the answer is read against it (RFC 8829 §5.10). */
  offered: { codecs: MediaCodec[]; extensions: NegotiatedExtension[] } | undefined;
  /** What the last answer settled. */
  negotiated: NegotiatedMedia | undefined;
  /** [[CurrentDirection]] was once sendrecv/sendonly: addTrack may not reuse it (webrtc-pc §4.4.1.x). */
  hasSent: boolean;
}

/** What a rollback of a remote offer restores (webrtc-pc §4.4.1.6 "rollback"). */
export interface RollbackPoint {
  created: TransceiverEntry[];
  saved: Map<
    TransceiverEntry,
    Pick<TransceiverEntry, 'firedDirection' | 'remoteStreams' | 'remote'> & { mid: string | null }
  >;
}

export class MediaState {
  readonly entries: TransceiverEntry[] = [];
  transport: MediaTransport | undefined;
  rollback: RollbackPoint | undefined;
  // Made on first use: a data-only connection never needs them.
  #cname: string | undefined;
  #remoteStreams: Map<string, MediaStream> | undefined;
  #ssrcs: Set<number> | undefined;

  /** RFC 7022 §4.2: a random CNAME per connection (RFC 8834 §4.9 wants it unlinkable). */
  get cname(): string {
    this.#cname ??= globalThis.crypto.randomUUID();
    return this.#cname;
  }

  /** The remote streams by id (webrtc-pc [[AssociatedRemoteMediaStreams]] of every transceiver). */
  get remoteStreams(): Map<string, MediaStream> {
    this.#remoteStreams ??= new Map();
    return this.#remoteStreams;
  }

  entryOf(t: RTCRtpTransceiver): TransceiverEntry | undefined {
    return this.entries.find((e) => e.transceiver === t);
  }

  /** RFC 3550 §8.1: random SSRCs, distinct from the ones we already use. */
  newSsrc(): number {
    for (;;) {
      const ssrc = globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
      this.#ssrcs ??= new Set();
      if (ssrc !== 0 && !this.#ssrcs.has(ssrc)) {
        this.#ssrcs.add(ssrc);
        return ssrc;
      }
    }
  }

  remove(entry: TransceiverEntry): void {
    const i = this.entries.indexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }
}
