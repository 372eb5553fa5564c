// @rtc/peer against werift 0.24: each side drives once while the other answers, both offer
// directions. (An earlier @rtc/peer build lost werift's channels when werift offered: see README.md.)
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { nodeSide, weriftSide } from './sides.js';

describePair(nodeSide('rtc', RTCPeerConnection), await weriftSide());
describePair(await weriftSide(), nodeSide('rtc', RTCPeerConnection));
