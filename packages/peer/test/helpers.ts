import { createSocket } from 'node:dgram';
import { RTCPeerConnection } from '../src/index.js';

export function newPeer(hostAddresses = ['127.0.0.1']): RTCPeerConnection {
  return new RTCPeerConnection({}, { hostAddresses });
}

/** A `newPeer` whose connections are all closed after each test of the calling file. */
export function peersClosedAfterEach(): () => RTCPeerConnection {
  const opened: RTCPeerConnection[] = [];
  afterEach(() => {
    for (const p of opened.splice(0)) p.close();
  });
  return () => {
    const p = newPeer();
    opened.push(p);
    return p;
  };
}

/** Resolves with the next `type` event on `target` (fails after `ms`). */
export function once<T extends Event = Event>(target: EventTarget, type: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), ms);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(timer);
        resolve(e as T);
      },
      { once: true },
    );
  });
}

export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Resolves once `pc` has gathered (iceGatheringState 'complete'): its local description then
 * carries its candidates, as for a peer that does not trickle (webrtc-pc §4.4.1.6: gathering runs
 * after setLocalDescription).
 */
export async function gathered(pc: RTCPeerConnection, ms = 5000): Promise<void> {
  while (pc.iceGatheringState !== 'complete') await once(pc, 'icegatheringstatechange', ms);
}

/** Trickles candidates both ways (a candidate that arrives early is queued by the chain). */
export function trickle(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEventLike).candidate;
    if (c && b.signalingState !== 'closed') b.addIceCandidate(c).catch(() => undefined);
  });
  b.addEventListener('icecandidate', (e) => {
    const c = (e as RTCPeerConnectionIceEventLike).candidate;
    if (c && a.signalingState !== 'closed') a.addIceCandidate(c).catch(() => undefined);
  });
}

interface RTCPeerConnectionIceEventLike extends Event {
  candidate: import('../src/index.js').RTCIceCandidate | null;
}

/** One offer/answer round from `offerer` to `answerer`. */
export async function negotiate(offerer: RTCPeerConnection, answerer: RTCPeerConnection): Promise<void> {
  await offerer.setLocalDescription();
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription();
  await offerer.setRemoteDescription(answerer.localDescription!);
}

/** Creates a connected pair with one open channel from a to b, both on `hostAddresses`. */
export async function connectedPair(label = 'test', hostAddresses?: string[]) {
  const a = newPeer(hostAddresses);
  const b = newPeer(hostAddresses);
  trickle(a, b);
  const ca = a.createDataChannel(label);
  const incoming = once<Event & { channel: import('../src/index.js').RTCDataChannel }>(b, 'datachannel');
  await negotiate(a, b);
  const cb = (await incoming).channel;
  if (ca.readyState !== 'open') await once(ca, 'open');
  return { a, b, ca, cb };
}

/** Whether a udp6 socket binds ::1 here (containers may run without IPv6 on lo). */
export function canBindIPv6Loopback(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = createSocket({ type: 'udp6', ipv6Only: true });
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(0, '::1', () => {
      s.close();
      resolve(true);
    });
  });
}
