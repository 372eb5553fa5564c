// webrtc-pc §4.4.1.6 "set the RTCSessionDescription" (local and remote) and rollback, on the JSEP
// state machine (RFC 8829 §5.5-§5.8): which description becomes pending or current, which transport
// starts, and the signaling state that follows.

import { setSignalingState } from '../pc/negotiation.js';
import type { LastCreated, PeerState } from '../pc/peer-state.js';
import {
  applyRemoteTransport,
  cancelGathering,
  ensureStack,
  maxMessageSize,
  startDtls,
  startGathering,
  syncMedia,
} from '../pc/transport-wiring.js';
import { domError } from '../w3c/errors.js';
import { RTCSessionDescription, type RTCSessionDescriptionInit } from '../w3c/session-description.js';
import {
  applyLocalAnswer,
  applyLocalOffer,
  applyRemoteAnswer,
  applyRemoteOffer,
  rollbackMedia,
} from './apply-media.js';
import { answerInput, offerInput } from './description-input.js';
import { randomIceString } from './ice-credentials.js';
import { buildDescription, bundledMids, type LocalDescriptionInput } from './local-description.js';
import { readRemoteDescription, releaseParsedRemote } from './remote-description.js';
import { fireChanges, noChanges } from './remote-tracks.js';
import { nextSignalingState } from './signaling-state.js';

export function setLocal(s: PeerState, description: RTCSessionDescriptionInit | undefined): void {
  let type = description?.type;
  if (type === 'rollback') {
    rollback(s, 'local');
    return;
  }
  if (type === undefined) {
    const st = s.signalingState;
    type = st === 'stable' || st === 'have-local-offer' || st === 'have-remote-pranswer' ? 'offer' : 'answer';
  }
  if (nextSignalingState(s.signalingState, 'local', type) === undefined) {
    throw domError('InvalidStateError', `Cannot set a local ${type} in state ${s.signalingState}`);
  }
  const given = description?.sdp;
  let input: LocalDescriptionInput;
  if (type === 'offer') {
    if (given && !matches(s.lastOffer, given)) {
      throw domError('InvalidModificationError', 'The SDP does not match the last offer created');
    }
    input = given ? s.lastOffer!.input : offerInput(s);
  } else {
    if (given && !matches(s.lastAnswer, given)) {
      throw domError('InvalidModificationError', 'The SDP does not match the last answer created');
    }
    input = given ? s.lastAnswer!.input : answerInput(s);
  }
  applyLocal(s, type, input);
  // webrtc-pc [[LastCreatedOffer]]/[[LastCreatedAnswer]]: once applied, the text is not kept (it is
  // made again from its input if the same description is set again).
  for (const last of [s.lastOffer, s.lastAnswer]) if (last?.input === input) last.sdp = undefined;
}

/** Whether `sdp` is the text of the last created offer or answer. */
function matches(last: LastCreated | undefined, sdp: string): boolean {
  return last !== undefined && sdp === (last.sdp ?? buildDescription(last.input));
}

function applyLocal(s: PeerState, type: 'offer' | 'answer' | 'pranswer', input: LocalDescriptionInput): void {
  const next = nextSignalingState(s.signalingState, 'local', type)!;
  const changes = noChanges();
  if (type === 'offer') {
    ensureStack(s, 'controlling');
    applyLocalOffer(s, input);
    s.pendingLocal = { type, input, described: undefined };
  } else {
    const stack = ensureStack(s, 'controlled');
    applyLocalAnswer(s, input, type, changes);
    if (type === 'answer') {
      s.currentLocal = { type, input, described: undefined };
      s.pendingLocal = undefined;
      if (s.pendingRemote) s.currentRemote = s.pendingRemote;
      s.pendingRemote = undefined;
    } else s.pendingLocal = { type, input, described: undefined };
    if (bundledMids(input).length > 0) startDtls(s, input.setup === 'active' ? 'client' : 'server', stack);
    syncMedia(s);
  }
  startGathering(s);
  if (next === 'stable') releaseParsedRemote(s.remoteInfo);
  setSignalingState(s, next);
  fireChanges(s, changes);
}

export function setRemote(s: PeerState, description: RTCSessionDescriptionInit): void {
  if (!description || typeof description.type !== 'string') {
    throw domError('TypeError', 'setRemoteDescription needs a description with a type');
  }
  const type = description.type;
  if (type === 'rollback') {
    rollback(s, 'remote');
    return;
  }
  if (!['offer', 'answer', 'pranswer'].includes(type)) throw domError('TypeError', `Invalid type ${type}`);
  // webrtc-pc §4.4.1.6 step: an offer in have-local-offer first rolls back (perfect negotiation).
  if (type === 'offer' && s.signalingState === 'have-local-offer') rollback(s, 'local');
  const next = nextSignalingState(s.signalingState, 'remote', type);
  if (next === undefined) {
    throw domError('InvalidStateError', `Cannot set a remote ${type} in state ${s.signalingState}`);
  }
  const info = readRemoteDescription(description.sdp ?? '', type);
  if (type !== 'offer') checkAnswerLayout(s, info.sdp!.media);
  const desc = new RTCSessionDescription({ type, sdp: description.sdp ?? '' });
  s.remoteInfo = info;
  s.remoteMaxMessageSize = info.maxMessageSize;
  s.views.setSctpMaxMessageSize(maxMessageSize(s));
  const changes = noChanges();
  if (type === 'offer') {
    const stack = ensureStack(s, 'controlled');
    s.pendingRemote = desc;
    applyRemoteOffer(s, info, changes);
    applyRemoteTransport(s, info, stack);
  } else {
    const stack = s.stack!;
    applyRemoteAnswer(s, info, type, changes);
    if (type === 'answer') {
      s.currentRemote = desc;
      s.pendingRemote = undefined;
      if (s.pendingLocal) s.currentLocal = s.pendingLocal;
      s.pendingLocal = undefined;
    } else s.pendingRemote = desc;
    applyRemoteTransport(s, info, stack);
    if (info.transportIndex >= 0) {
      // RFC 8842 §5.1: the answerer's a=setup decides; active means it is the DTLS client.
      startDtls(s, info.setup === 'active' ? 'server' : 'client', stack);
    }
    if (info.dataIndex >= 0 && info.dataRejected) s.channels.closeAll('The data m-section was rejected');
    syncMedia(s);
  }
  if (next === 'stable') releaseParsedRemote(info);
  setSignalingState(s, next);
  fireChanges(s, changes);
}

/** RFC 8829 §5.10 / RFC 3264 §6: an answer has the offer's m-sections, in order, with their mids. */
function checkAnswerLayout(s: PeerState, media: readonly { mid: string | undefined }[]): void {
  const offered = s.layout;
  const same =
    media.length === offered.length &&
    media.every((m, i) => m.mid === undefined || offered[i]!.mid === undefined || m.mid === offered[i]!.mid);
  if (!same) throw domError('InvalidAccessError', 'The answer does not have the m-sections of the offer');
}

export function rollback(s: PeerState, source: 'local' | 'remote'): void {
  if (nextSignalingState(s.signalingState, source, 'rollback') === undefined) {
    throw domError('InvalidStateError', `Cannot roll back ${source} in state ${s.signalingState}`);
  }
  const changes = noChanges();
  rollbackMedia(s, source, changes);
  s.pendingLocal = undefined;
  s.pendingRemote = undefined;
  if (s.currentRemote) {
    s.remoteInfo = readRemoteDescription(s.currentRemote.sdp, s.currentRemote.type as 'answer');
    releaseParsedRemote(s.remoteInfo);
    s.remoteInfo.candidates = [];
  } else s.remoteInfo = undefined;
  // Nothing was negotiated yet: drop the transport so the next role (offerer or answerer) is fresh.
  if (!s.currentLocal && s.stack && !s.dtlsRole) {
    // A gathering task still queued for the dropped transport must not stand in for the next
    // one's (the description that follows starts its own), and ICE events it raised that still
    // wait for their tick (pooled candidates, gathering states) must not reach the application.
    cancelGathering(s);
    if (s.iceEvents) s.iceEvents.length = 0;
    s.stack.close();
    s.stack = undefined;
    s.localCandidates = [];
    s.ufrag = randomIceString(8);
    s.pwd = randomIceString(24);
    s.iceGatheringState = 'new';
  }
  setSignalingState(s, 'stable');
  fireChanges(s, changes);
}
