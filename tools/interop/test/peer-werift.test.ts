// @rtc/peer against werift 0.24: each side drives once while the other answers. werift as offerer
// is excluded for now: after a few sessions in the same process, werift's SCTP association is
// established by @rtc's INIT before werift's RTCSctpTransport.start() has run, werift throws in
// dataChannelFlush (dataChannelId undefined) and its DCEP OPENs are lost (see README.md).
import { RTCPeerConnection } from '@rtc/peer';
import { describePair } from './pair-suite.js';
import { nodeSide, weriftSide } from './sides.js';

const reason =
  'werift offering to @rtc/peer fails to open channels after earlier sessions (werift dataChannelFlush race)';
describePair(nodeSide('rtc', RTCPeerConnection), await weriftSide(), {
  excludeOfferer: { side: 'B', reason },
});
describePair(await weriftSide(), nodeSide('rtc', RTCPeerConnection), {
  excludeOfferer: { side: 'A', reason },
});
