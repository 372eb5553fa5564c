// Proves the scenario harness with werift driving and libwebrtc answering.
import { describePair } from './pair-suite.js';
import { libwebrtcSide, weriftSide } from './sides.js';

describePair(await weriftSide(), libwebrtcSide(), { foreignOnly: true });
