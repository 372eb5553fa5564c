// The ICE candidate pool (webrtc-pc §4.2.1 iceCandidatePoolSize, RFC 8829 §3.5.4): with a pool size
// above 0 and no local description yet, the connection gathers at once (host sockets bound, STUN and
// TURN asked) on a transport it will adopt at the first description, so candidates are ready when
// the application signals. Nothing is surfaced before setLocalDescription: the transport's ICE
// events are held (iceGatheringState stays "new"), then handed over by transport-wiring.ts.
//
// RFC 8829 §3.5.4 sizes the pool in ICE components; a browser pre-gathers that many sessions. Every
// m-section here is bundled on one transport (max-bundle by default, rtcp-mux required), so the first
// exchange needs exactly one component: one pooled transport serves any pool size above 0.
import type { NormalizedConfiguration } from '../w3c/configuration.js';
import type { PeerState } from './peer-state.js';
import { createStack, PeerTransportHooks } from './transport-wiring.js';

/** What the pooled gathering depends on beyond the pool size. */
function poolKey(c: NormalizedConfiguration): string {
  return JSON.stringify([c.iceTransportPolicy, c.parsedIceServers]);
}

/**
 * Makes the pool match the configuration, before the first setLocalDescription only (the pool serves
 * the first offer/answer exchange, RFC 8829 §3.5.4): started when the size becomes > 0, released
 * when it becomes 0, gathered anew when the ICE servers or transport policy changed.
 */
export function updatePool(s: PeerState): void {
  if (s.closed || s.stack || s.localDescriptionSet) return;
  const key = poolKey(s.config);
  const want = s.config.iceCandidatePoolSize > 0;
  const pool = s.pool;
  if (pool && (!want || pool.key !== key || pool.stack.closed)) {
    s.pool = undefined;
    pool.stack.close();
  }
  if (!want || s.pool) return;
  // The offerer's role (RFC 8445 §6.1.1); an answerer's transport takes 'controlled' on adoption.
  const hooks = new PeerTransportHooks(s, true);
  const stack = createStack(s, 'controlling', hooks);
  s.pool = { stack, hooks, key };
  stack.startGathering();
}

/** close(): an unadopted pool's sockets, TURN allocations and timer go. */
export function closePool(s: PeerState): void {
  const pool = s.pool;
  s.pool = undefined;
  if (pool && pool.stack !== s.stack) pool.stack.close();
}
