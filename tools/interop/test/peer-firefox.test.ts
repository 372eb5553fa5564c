// @rtc/peer against Firefox (NSS DTLS, usrsctp, nICEr): each side drives once while the other
// answers; the relay-only run through coturn has @rtc relay-only against Firefox.
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { firefoxSide, nodeSide } from './sides.js';

describePair(nodeSide('rtc', RTCPeerConnection), firefoxSide(), { relay: true });
describePair(firefoxSide(), nodeSide('rtc', RTCPeerConnection), { relay: true });
