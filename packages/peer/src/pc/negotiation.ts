// webrtc-pc §4.4.1.2 operations chain, §4.7.3 the negotiation-needed flag, and the state-change
// events (signalingstatechange, iceconnectionstatechange, connectionstatechange).
import type { RTCSignalingState } from '../jsep/signaling-state.js';
import { domError } from '../w3c/errors.js';
import { mediaNegotiationNeeded } from './media-negotiation.js';
import type { PeerState } from './peer-state.js';
import { aggregateConnectionState, type RTCIceConnectionState } from './states.js';

export function setSignalingState(s: PeerState, state: RTCSignalingState): void {
  if (state === s.signalingState) return;
  s.signalingState = state;
  s.dispatch(new Event('signalingstatechange'));
  if (state === 'stable') updateNegotiationNeeded(s);
}

/** webrtc-pc §4.7.3 "update the negotiation-needed flag", run as a microtask after the change. */
export function updateNegotiationNeeded(s: PeerState, force = false): void {
  queueMicrotask(() => {
    if (s.closed || s.chain.length > 0 || s.signalingState !== 'stable') return;
    const needed =
      force ||
      s.iceRestartPending ||
      (s.channels.size > 0 && !s.sections.some((x) => x.data)) ||
      mediaNegotiationNeeded(s);
    if (!needed) {
      s.negotiationNeeded = false;
      return;
    }
    if (s.negotiationNeeded && !force) return;
    s.negotiationNeeded = true;
    s.dispatch(new Event('negotiationneeded'));
  });
}

/** Chains a JSEP operation; when the chain empties in `stable`, negotiation-needed is re-checked. */
export function chained<T>(s: PeerState, op: () => T | Promise<T>): Promise<T> {
  if (s.closed) return Promise.reject(domError('InvalidStateError', 'The RTCPeerConnection is closed'));
  return s.chain
    .chain(op, () => domError('InvalidStateError', 'The RTCPeerConnection is closed'))
    .finally(() => {
      if (s.chain.length === 0 && s.signalingState === 'stable') {
        s.negotiationNeeded = false;
        updateNegotiationNeeded(s);
      }
    });
}

export function setIceConnectionState(s: PeerState, state: RTCIceConnectionState): void {
  if (state === s.iceConnectionState) return;
  s.iceConnectionState = state;
  s.dispatch(new Event('iceconnectionstatechange'));
  updateConnectionState(s);
}

export function updateConnectionState(s: PeerState): void {
  if (s.closed) return;
  const state = aggregateConnectionState(s.iceConnectionState, s.views.dtlsState);
  if (state === s.connectionState) return;
  s.connectionState = state;
  s.dispatch(new Event('connectionstatechange'));
}
