// JSEP (RFC 8829 §3.2, webrtc-pc §4.3.1.1): which description may be applied in which signaling
// state, and the state it leads to. "set local offer" from stable gives have-local-offer, and so on.

export type RTCSignalingState =
  | 'stable'
  | 'have-local-offer'
  | 'have-remote-offer'
  | 'have-local-pranswer'
  | 'have-remote-pranswer'
  | 'closed';

export type DescriptionSource = 'local' | 'remote';
export type DescriptionType = 'offer' | 'pranswer' | 'answer' | 'rollback';

const transitions: Record<string, RTCSignalingState> = {
  'stable|local|offer': 'have-local-offer',
  'stable|remote|offer': 'have-remote-offer',
  'have-local-offer|local|offer': 'have-local-offer',
  'have-local-offer|remote|answer': 'stable',
  'have-local-offer|remote|pranswer': 'have-remote-pranswer',
  'have-remote-pranswer|remote|pranswer': 'have-remote-pranswer',
  'have-remote-pranswer|remote|answer': 'stable',
  'have-remote-offer|remote|offer': 'have-remote-offer',
  'have-remote-offer|local|answer': 'stable',
  'have-remote-offer|local|pranswer': 'have-local-pranswer',
  'have-local-pranswer|local|pranswer': 'have-local-pranswer',
  'have-local-pranswer|local|answer': 'stable',
  'have-local-offer|local|rollback': 'stable',
  'have-remote-offer|remote|rollback': 'stable',
  // Rollback of the side that is not pending is allowed by webrtc-pc only where JSEP allows it:
  // a remote rollback while we have a local offer (and vice versa) is an InvalidStateError.
};

/** The next signaling state, or undefined when the transition is not allowed (InvalidStateError). */
export function nextSignalingState(
  state: RTCSignalingState,
  source: DescriptionSource,
  type: DescriptionType,
): RTCSignalingState | undefined {
  return transitions[`${state}|${source}|${type}`];
}
