// Binds one RTCPeerConnection to its TransportStack (ICE -> DTLS -> SCTP): creating the stack with
// the configuration, starting DTLS once the role is known, applying the remote ICE parameters, and
// turning the stack's events into W3C events and transport state.
import { type IceEvent, type IceRole, serializeCandidate } from '@rtc/ice';
import type { RemoteDescriptionInfo } from '../jsep/remote-description.js';
import { RTCRtpTransceiver } from '../media/transceiver.js';
import { resolveIceServers } from '../transport/ice-servers.js';
import { createSctpLink } from '../transport/sctp-association.js';
import type { SctpEvent } from '../transport/sctp-link.js';
import { type DtlsState, type TransportHooks, TransportStack } from '../transport/transport-stack.js';
import type { HostAddress } from '../transport/udp-sockets.js';
import { RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent } from '../w3c/events.js';
import { RTCIceCandidate } from '../w3c/ice-candidate.js';
import { MAX_MESSAGE_SIZE, SCTP_PORT } from './data-channels.js';
import { MediaTransport, SRTP_PROFILES } from './media-transport.js';
import { setIceConnectionState, updateConnectionState } from './negotiation.js';
import type { HeldIceEvents, PeerState } from './peer-state.js';

/**
 * The connection's transport: the pooled one if a pool gathered before this first description
 * (RFC 8829 §3.5.4; its ICE credentials are the ones every description so far carried, see
 * PeerState.localCredentials), else a new one. The role is the description's (RFC 8445 §6.1.1).
 */
export function ensureStack(s: PeerState, role: IceRole): TransportStack {
  if (s.stack) return s.stack;
  const pool = s.pool;
  if (pool && !pool.stack.closed) {
    // Its events stay held (s.pool stays set) until setLocalDescription surfaces them (startGathering).
    s.stack = pool.stack;
    pool.stack.assumeIceRole(role);
    return pool.stack;
  }
  s.pool = undefined;
  s.stack = createStack(s, role, new PeerTransportHooks(s, false));
  return s.stack;
}

/** A TransportStack with the connection's configuration; its events go to `hooks`. */
export function createStack(s: PeerState, role: IceRole, hooks: PeerTransportHooks): TransportStack {
  const { ufrag, pwd } = s.localCredentials();
  const hostAddresses: HostAddress[] | undefined = s.nodeOptions.hostAddresses?.map((address, i) => ({
    address,
    interfaceIndex: i,
  }));
  const servers = resolveIceServers(s.config.parsedIceServers);
  return new TransportStack(
    {
      role,
      certificate: s.certificate.certificate,
      stunServers: servers.stun,
      turnServers: servers.turn,
      hostAddresses,
      relayOnly: s.config.iceTransportPolicy === 'relay',
      pathMtu: s.nodeOptions.sctpPathMtuDiscovery ?? 'auto',
      mdnsResolver: s.nodeOptions.mdnsResolver,
      srtpProfiles: SRTP_PROFILES,
      createSctp: (dtlsRole, send) => {
        const link = createSctpLink({
          role: dtlsRole,
          maxMessageSize: MAX_MESSAGE_SIZE,
          remoteMaxMessageSize: s.remoteMaxMessageSize,
          remotePort: s.remoteInfo?.sctpPort ?? SCTP_PORT,
          localPort: SCTP_PORT,
          send,
        });
        s.channels.link = link;
        return link;
      },
    },
    hooks,
    ufrag,
    pwd,
  );
}

/**
 * ICE events of a pooled transport wait here until setLocalDescription (webrtc-pc: pooled
 * candidates are not surfaced before). A pool never used keeps at most this many (its candidates
 * and state changes are far fewer; what exceeds it is counted, not kept).
 */
const MAX_HELD_ICE_EVENTS = 256;

/** The stack's events go to the connection (methods on the prototype: no closures per connection). */
export class PeerTransportHooks implements TransportHooks, HeldIceEvents {
  readonly #s: PeerState;
  held: IceEvent[] | undefined;
  dropped = 0;
  constructor(s: PeerState, hold: boolean) {
    this.#s = s;
    this.held = hold ? [] : undefined;
  }
  ice(e: IceEvent): void {
    const held = this.held;
    if (!held) onIce(this.#s, e);
    else if (held.length < MAX_HELD_ICE_EVENTS) held.push(e);
    else this.dropped++;
  }
  dtlsState(state: DtlsState): void {
    onDtlsState(this.#s, state);
  }
  sctp(e: SctpEvent): void {
    onSctp(this.#s, e);
  }
}

export function startDtls(s: PeerState, role: 'client' | 'server', stack: TransportStack): void {
  if (s.dtlsRole || !s.remoteInfo) return;
  s.dtlsRole = role;
  s.views.startSctp(maxMessageSize(s));
  stack.startDtls(role, s.remoteInfo.fingerprints);
  s.channels.openAll();
}

export function maxMessageSize(s: PeerState): number {
  return Math.min(s.remoteMaxMessageSize, MAX_MESSAGE_SIZE);
}

/** The remote ICE credentials and candidates of a description go to the agent. */
export function applyRemoteTransport(s: PeerState, info: RemoteDescriptionInfo, stack: TransportStack): void {
  if (info.transportIndex < 0 || !info.ufrag || !info.pwd) return;
  const previousUfrag = s.stack?.agent.localUfrag;
  stack.setRemoteCredentials(info.ufrag, info.pwd, info.iceLite);
  // The agent restarts itself when the peer's ufrag changed (RFC 8445 §9): new local candidates follow.
  if (previousUfrag !== undefined && stack.agent.localUfrag !== previousUfrag) s.localCandidates = [];
  // A candidate we cannot parse in an SDP is skipped (browsers do the same).
  stack.addRemoteCandidates(info.candidates, info.endOfCandidates);
  // The agent has them now (its remote candidates are what getStats and getRemoteCandidates show).
  info.candidates = [];
}

/**
 * Starts gathering for setLocalDescription (webrtc-pc §4.4.1.6: gathering begins once the
 * description is set and its candidates are surfaced afterwards, as browsers and libwebrtc do).
 * The sockets are bound in a task queued behind the operation, so the description the application
 * sends on right after setLocalDescription resolved leaves before the binding work, and the peer
 * parses it while we gather: the offer or answer is on a connect's critical path, our candidates
 * follow by trickle (or in the local description, for an application that waits for gathering to
 * complete). Pooled candidates (RFC 8829 §3.5.4) were gathered before: they go into the local
 * description at once, and their events wait for the next tick, like every ICE event raised from
 * inside the operation.
 */
export function startGathering(s: PeerState): void {
  const stack = s.stack;
  if (!stack) return;
  s.localDescriptionSet = true;
  deferIceEvents(s);
  // RFC 8829 §3.5.4: the pooled candidates are handed over now, first (into the local description
  // at once, their events queued like the ones gathering produces); gathering goes on from there.
  const pool = s.pool;
  if (pool?.stack === stack) {
    s.pool = undefined;
    const held = pool.hooks.held ?? [];
    pool.hooks.held = undefined;
    for (const e of held) onIce(s, e);
  }
  if (stack.gatheringStarted || s.gatherTask) return;
  s.gatherTask = setImmediate(gatherNow, s, stack);
}

/**
 * The gathering task. Its ICE events (the host candidates, the state changes) reach the application
 * on the next tick, after the task: the first checks, which the remote candidates already trickled
 * make possible as soon as the sockets are bound, leave before the application's icecandidate
 * handlers run (which typically serialize and send each candidate).
 */
function gatherNow(s: PeerState, stack: TransportStack): void {
  s.gatherTask = undefined;
  if (s.closed || s.stack !== stack) return;
  deferIceEvents(s);
  stack.startGathering();
}

/** ICE events raised from now until the next tick wait for it (s.iceEvents), then fire in order. */
function deferIceEvents(s: PeerState): void {
  if (s.iceEvents) return;
  const queue: IceEvent[] = [];
  s.iceEvents = queue;
  process.nextTick(() => {
    for (let i = 0; i < queue.length; i++) dispatchIce(s, queue[i]!);
    if (s.iceEvents === queue) s.iceEvents = undefined;
  });
}

/** close(): a gathering task not yet run does not bind sockets for a closed connection. */
export function cancelGathering(s: PeerState): void {
  if (s.gatherTask) clearImmediate(s.gatherTask);
  s.gatherTask = undefined;
}

function onIce(s: PeerState, e: IceEvent): void {
  if (s.closed) return;
  if (e.type === 'local-candidate') {
    // Part of the local description from now on (webrtc-pc §4.4.1.6), even while its event waits.
    s.localCandidates.push(serializeCandidate(e.candidate));
  }
  if (s.iceEvents) s.iceEvents.push(e);
  else dispatchIce(s, e);
}

function dispatchIce(s: PeerState, e: IceEvent): void {
  if (s.closed) return;
  switch (e.type) {
    case 'local-candidate': {
      const tag = s.transportSection;
      const withUfrag = new RTCIceCandidate({
        candidate: serializeCandidate(e.candidate),
        sdpMid: tag.mid,
        sdpMLineIndex: tag.index,
        usernameFragment: s.stack?.agent.localUfrag ?? null,
      });
      s.dispatch(new RTCPeerConnectionIceEvent('icecandidate', { candidate: withUfrag }));
      return;
    }
    case 'gathering-state':
      if (e.state === s.iceGatheringState) return;
      s.iceGatheringState = e.state;
      s.views.iceEvent('gatheringstatechange');
      s.dispatch(new Event('icegatheringstatechange'));
      // webrtc-pc §5.6: gathering done is announced as a null candidate.
      if (e.state === 'complete')
        s.dispatch(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null }));
      return;
    case 'connection-state':
      s.views.iceEvent('statechange');
      setIceConnectionState(s, e.state);
      return;
    case 'error':
      // webrtc-pc §4.8.3: a STUN/TURN server failed; 701 is the code for "no response / unusable".
      if (e.message.startsWith('TURN ')) {
        s.dispatch(
          new RTCPeerConnectionIceErrorEvent('icecandidateerror', { errorCode: 701, errorText: e.message }),
        );
      }
      return;
    case 'selected-pair':
      s.selectedPairChanges++;
      s.views.iceEvent('selectedcandidatepairchange');
      return;
    default:
      return;
  }
}

function onDtlsState(s: PeerState, state: DtlsState): void {
  if (s.closed) return;
  s.views.setDtlsState(state, s.stack?.dtls?.remoteCertificate);
  // RFC 5764 §4.2: SRTP keys from the handshake; media flows before `connected` is announced.
  if (state === 'connected') ensureMediaTransport(s);
  if (state === 'failed' || state === 'closed') {
    s.views.setSctpState('closed');
    s.channels.closeAll(state === 'failed' ? 'DTLS failed' : undefined);
  }
  updateConnectionState(s);
}

/** An audio or video m-section is negotiated (an answer settled it) and not being stopped. */
function hasNegotiatedMedia(s: PeerState): boolean {
  return s.media.entries.some(
    (e) => e.negotiated !== undefined && !RTCRtpTransceiver.isStopping(e.transceiver),
  );
}

/**
 * The SRTP path (MediaSession, SRTP contexts) exists only once DTLS is connected and a description
 * negotiated audio or video: a data-only connection never pays for it (memory, key derivation). A
 * renegotiation that adds the first audio/video m-section on a connected transport creates it then;
 * the DTLS endpoint keeps the master secret and randoms after the handshake for the RFC 5705 exporter.
 */
export function ensureMediaTransport(s: PeerState): void {
  const stack = s.stack;
  if (s.media.transport || !stack || stack.closed || stack.dtlsState !== 'connected') return;
  if (!hasNegotiatedMedia(s)) return;
  const transport = MediaTransport.create(s, stack);
  if (!transport) return;
  s.media.transport = transport;
  stack.attachMedia(transport);
  transport.sync();
}

/** After a description or a track change: binds the media path's streams, creating it if now needed. */
export function syncMedia(s: PeerState): void {
  if (s.media.transport) s.media.transport.sync();
  else ensureMediaTransport(s);
}

function onSctp(s: PeerState, e: SctpEvent): void {
  if (s.closed) return;
  if (e.type === 'connected') s.views.setSctpState('connected', s.channels.link?.maxChannels);
  else if (e.type === 'closed') s.views.setSctpState('closed');
  s.channels.handleSctp(e);
}
