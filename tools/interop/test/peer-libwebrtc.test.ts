// @rtc/peer against libwebrtc (@roamhq/wrtc): each side drives once (sends echoes, bulk data,
// unreliable messages and closes first) while the other answers; each side also runs relay-only
// through coturn once.
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { libwebrtcSide, nodeSide } from './sides.js';

describePair(nodeSide('rtc', RTCPeerConnection), libwebrtcSide(), { relay: true });
describePair(libwebrtcSide(), nodeSide('rtc', RTCPeerConnection), { relay: true });
