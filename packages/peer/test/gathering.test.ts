// Gathering runs after setLocalDescription (webrtc-pc §4.4.1.6), as in browsers and libwebrtc: the
// description the application sends right after the operation resolves carries no candidates yet,
// so the peer can parse it while this side binds its sockets; candidates follow by trickle, and in
// the local description once gathered. Their W3C events come after the operation resolved, in
// order, ending with the null candidate.
import { Socket } from 'node:dgram';
import { gathered, peersClosedAfterEach, until } from './helpers.js';

const newPeer = peersClosedAfterEach();

test('setLocalDescription resolves before gathering; the candidates then follow in events and in the local description', async () => {
  const a = newPeer();
  a.createDataChannel('x');
  const log: string[] = [];
  const sdpCandidates = () => (a.localDescription!.sdp.match(/^a=candidate:/gm) ?? []).length;
  a.onicecandidate = (e) => log.push(e.candidate ? `candidate (sdp ${sdpCandidates()})` : 'null');
  a.onicegatheringstatechange = () => log.push(`gathering:${a.iceGatheringState}`);
  const done = a.setLocalDescription().then(() => {
    log.push('resolved');
    log.push(`sdp-candidates:${sdpCandidates()}`);
    log.push(`state:${a.iceGatheringState}`);
  });
  // Nothing is surfaced while the operation runs.
  expect(log).toEqual([]);
  await done;
  await gathered(a);
  await new Promise((r) => setImmediate(r));
  expect(log).toEqual([
    'resolved',
    'sdp-candidates:0',
    'state:new',
    'gathering:gathering',
    // A candidate is part of the local description by the time its event fires.
    'candidate (sdp 1)',
    'gathering:complete',
    'null',
  ]);
  expect(a.localDescription!.sdp).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
  expect(a.localDescription!.sdp).toMatch(/^a=end-of-candidates/m);
}, 10_000);

test('close() before the gathering task runs binds no socket and raises no event', async () => {
  const bind = Socket.prototype.bind;
  let binds = 0;
  Socket.prototype.bind = function (this: Socket, ...args: unknown[]) {
    binds++;
    return (bind as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof bind;
  try {
    const a = newPeer();
    a.createDataChannel('x');
    const log: string[] = [];
    a.onicecandidate = () => log.push('candidate');
    a.onicegatheringstatechange = () => log.push(`gathering:${a.iceGatheringState}`);
    await a.setLocalDescription();
    a.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(binds).toBe(0);
    expect(log).toEqual([]);
  } finally {
    Socket.prototype.bind = bind;
  }
}, 10_000);

test('without trickle: descriptions sent once gathering completes carry the candidates, the answerer checks before its answer is applied, and the pair connects', async () => {
  const a = newPeer();
  const b = newPeer();
  const ch = a.createDataChannel('x');
  await a.setLocalDescription();
  await gathered(a);
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await gathered(b);
  // No trickle: the candidates travel in the descriptions only.
  expect(a.localDescription!.sdp).toMatch(/^a=candidate:/m);
  expect(b.localDescription!.sdp).toMatch(/^a=candidate:/m);
  await a.setRemoteDescription(b.localDescription!);
  await new Promise<void>((resolve) => {
    ch.onopen = () => resolve();
  });
  expect(a.connectionState).toBe('connected');
}, 10_000);

test('an offer rolled back before its gathering task ran: the answer that follows still gathers, and the pair connects', async () => {
  // Perfect negotiation's polite side (webrtc-pc §10.7): its own offer is rolled back by the
  // peer's (implicitly, in setRemoteDescription) before the task that would gather for it ran.
  // Rolling back drops that transport; the answer's new one must still gather.
  const a = newPeer();
  const b = newPeer();
  a.createDataChannel('x');
  b.createDataChannel('y');
  await a.setLocalDescription();
  const polite = b.setLocalDescription().then(async () => {
    // Same macrotask as the offer's setLocalDescription: its gathering task has not run.
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
  });
  await polite;
  await gathered(b);
  expect(b.localDescription!.type).toBe('answer');
  expect(b.localDescription!.sdp).toMatch(/^a=candidate:/m);
  await gathered(a);
  await a.setRemoteDescription(b.localDescription!);
  for (const c of (a.localDescription!.sdp.match(/^a=candidate:.*$/gm) ?? []).map((l) => l.slice(2)))
    await b.addIceCandidate({ candidate: c, sdpMid: '0' });
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    5000,
    'connected',
  );
}, 10_000);

test("the gathering task's first checks leave before its candidates reach the application", async () => {
  // The answerer knows the offerer's candidates before it gathers: once its sockets are bound its
  // first check can leave at once, ahead of the icecandidate handlers (which serialize and send).
  const send = Socket.prototype.send;
  const log: string[] = [];
  Socket.prototype.send = function (this: Socket, ...args: unknown[]) {
    const m = args[0] as Uint8Array;
    if (m[0] === 0x00 && m[1] === 0x01) log.push('binding request sent');
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as typeof send;
  try {
    const a = newPeer();
    const b = newPeer();
    a.createDataChannel('x');
    await a.setLocalDescription();
    await gathered(a);
    await b.setRemoteDescription(a.localDescription!);
    b.onicecandidate = (e) => log.push(e.candidate ? 'candidate event' : 'null candidate event');
    await b.setLocalDescription();
    await gathered(b);
    expect(log[0]).toBe('binding request sent');
    expect(log).toContain('candidate event');
    expect(log.at(-1)).not.toBe('binding request sent');
  } finally {
    Socket.prototype.send = send;
  }
}, 10_000);
