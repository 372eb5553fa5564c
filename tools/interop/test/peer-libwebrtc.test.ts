// @rtc/peer against libwebrtc (@roamhq/wrtc): each side drives once (sends echoes, bulk data,
// unreliable messages and closes first) while the other answers. The relay-only scenario is not run
// here yet: @rtc/peer with iceTransportPolicy 'relay' still checks (and selects) host candidates
// against libwebrtc; see README.md.
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { libwebrtcSide, nodeSide } from './sides.js';

describePair(nodeSide('rtc', RTCPeerConnection), libwebrtcSide());
describePair(libwebrtcSide(), nodeSide('rtc', RTCPeerConnection));
