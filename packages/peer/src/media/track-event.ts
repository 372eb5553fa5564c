// webrtc-pc §5.7 RTCTrackEvent: fired at the RTCPeerConnection as `track` when remote description
// processing adds a receiving track (§4.4.1.5 step "process the addition of a remote track").
import type { RTCRtpReceiver } from './receiver.js';
import type { MediaStream } from './stream.js';
import type { MediaStreamTrack } from './track.js';
import type { RTCRtpTransceiver } from './transceiver.js';

export interface RTCTrackEventInit {
  receiver: RTCRtpReceiver;
  track: MediaStreamTrack;
  streams?: readonly MediaStream[];
  transceiver: RTCRtpTransceiver;
}

export class RTCTrackEvent extends Event {
  readonly receiver: RTCRtpReceiver;
  readonly track: MediaStreamTrack;
  readonly streams: readonly MediaStream[];
  readonly transceiver: RTCRtpTransceiver;

  constructor(type: string, init: RTCTrackEventInit) {
    super(type);
    if (!init?.receiver || !init.track || !init.transceiver)
      throw new TypeError('RTCTrackEvent needs receiver, track and transceiver');
    this.receiver = init.receiver;
    this.track = init.track;
    this.streams = Object.freeze([...(init.streams ?? [])]);
    this.transceiver = init.transceiver;
  }
}
