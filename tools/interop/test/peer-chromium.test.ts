// @rtc/peer against Chromium: each side drives once while the other answers; the relay-only run
// through coturn has @rtc relay-only against Chromium.
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { chromiumSide, nodeSide } from './sides.js';

describePair(nodeSide('rtc', RTCPeerConnection), chromiumSide(), { relay: true });
describePair(chromiumSide(), nodeSide('rtc', RTCPeerConnection), { relay: true });
