// webrtc-pc §4.3.2-§4.3.3: the aggregate states an RTCPeerConnection reports.

export type RTCPeerConnectionState =
  | 'new'
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'failed'
  | 'closed';
export type RTCIceConnectionState =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed';
export type RTCIceGatheringState = 'new' | 'gathering' | 'complete';

/** webrtc-pc §4.3.3: RTCPeerConnectionState from the (one, bundled) ICE and DTLS transport states. */
export function aggregateConnectionState(ice: RTCIceConnectionState, dtls: string): RTCPeerConnectionState {
  if (ice === 'failed' || dtls === 'failed') return 'failed';
  if (ice === 'disconnected') return 'disconnected';
  // A transport the remote closed counts like a connected one in the webrtc-pc table.
  if ((ice === 'connected' || ice === 'completed') && (dtls === 'connected' || dtls === 'closed'))
    return 'connected';
  if (ice === 'new' && dtls === 'new') return 'new';
  return 'connecting';
}
