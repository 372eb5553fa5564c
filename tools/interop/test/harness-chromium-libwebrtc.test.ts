// Proves the scenario harness with two stacks nobody here wrote: Chromium drives, libwebrtc answers,
// including the relay-only run through coturn.
import { describePair } from './pair-suite.js';
import { chromiumSide, libwebrtcSide } from './sides.js';

describePair(chromiumSide(), libwebrtcSide(), { relay: true, foreignOnly: true });
