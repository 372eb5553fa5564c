// Host candidates are gathered inside setLocalDescription (sockets on IP literals bind at once), so
// the local description read right after it carries them; their W3C events still come after the
// operation resolved (webrtc-pc §4.4.1.6), in order, ending with the null candidate.
import { peersClosedAfterEach } from './helpers.js';

const newPeer = peersClosedAfterEach();

test('the local description carries host candidates as soon as setLocalDescription resolves', async () => {
  const a = newPeer();
  a.createDataChannel('x');
  const log: string[] = [];
  a.onicecandidate = (e) => log.push(e.candidate ? 'candidate' : 'null');
  a.onicegatheringstatechange = () => log.push(`gathering:${a.iceGatheringState}`);
  const done = a.setLocalDescription().then(() => {
    log.push('resolved');
    log.push(`sdp-candidates:${(a.localDescription!.sdp.match(/^a=candidate:/gm) ?? []).length}`);
  });
  // Nothing is surfaced while the operation runs.
  expect(log).toEqual([]);
  await done;
  await new Promise((r) => setImmediate(r));
  expect(log).toEqual([
    'resolved',
    'sdp-candidates:1',
    'gathering:gathering',
    'candidate',
    'gathering:complete',
    'null',
  ]);
  expect(a.localDescription!.sdp).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
  expect(a.localDescription!.sdp).toMatch(/^a=end-of-candidates/m);
}, 10_000);

test('an answerer with the offer candidates checks before its answer is applied, and connects', async () => {
  const a = newPeer();
  const b = newPeer();
  const ch = a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  // No trickle: the candidates travel in the descriptions only.
  await a.setRemoteDescription(b.localDescription!);
  await new Promise<void>((resolve) => {
    ch.onopen = () => resolve();
  });
  expect(a.connectionState).toBe('connected');
}, 10_000);
