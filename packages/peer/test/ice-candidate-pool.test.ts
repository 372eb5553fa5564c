// webrtc-pc iceCandidatePoolSize / RFC 8829 §3.5.4: with a pool size above 0 the connection gathers
// before any description (host sockets bound, STUN asked) without surfacing anything; the first
// setLocalDescription adopts that gathering (its candidates are in the local description when the
// operation resolves, their events follow) and binds nothing again.
import { createSocket, type Socket } from 'node:dgram';
import { type RTCDataChannel, RTCPeerConnection } from '../src/index.js';
import { peerStateOf } from '../src/peer-connection.js';
import { negotiate, once, trickle, until } from './helpers.js';

const opened: RTCPeerConnection[] = [];
const servers: Socket[] = [];
afterEach(() => {
  for (const pc of opened.splice(0)) pc.close();
  for (const s of servers.splice(0)) s.close();
});

function peer(config: ConstructorParameters<typeof RTCPeerConnection>[0] = {}): RTCPeerConnection {
  const pc = new RTCPeerConnection(config, { hostAddresses: ['127.0.0.1'] });
  opened.push(pc);
  return pc;
}

/** UDP sockets of this process, once the ones closed before (here or by an earlier test) are gone. */
async function udpSockets(): Promise<number> {
  await new Promise((r) => setTimeout(r, 20));
  return process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
}

const poolOf = (pc: RTCPeerConnection) => peerStateOf(pc)!.pool;

/** Every icecandidate / icegatheringstatechange event, in order. */
function eventLog(pc: RTCPeerConnection): string[] {
  const log: string[] = [];
  pc.addEventListener('icecandidate', (e) => {
    const c = (e as Event & { candidate: { candidate: string } | null }).candidate;
    log.push(c ? `candidate:${c.candidate}` : 'null');
  });
  pc.addEventListener('icegatheringstatechange', () => log.push(`gathering:${pc.iceGatheringState}`));
  return log;
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const candidateLines = (sdp: string) => sdp.match(/^a=candidate:.*$/gm)?.map((l) => l.slice(2)) ?? [];

describe('iceCandidatePoolSize > 0: gathering before setLocalDescription', () => {
  test('the constructor binds the host socket and gathers, surfacing nothing; size 0 binds nothing', async () => {
    const before = await udpSockets();
    const plain = peer();
    expect(await udpSockets()).toBe(before);
    expect(poolOf(plain)).toBeUndefined();

    const pc = peer({ iceCandidatePoolSize: 1 });
    const log = eventLog(pc);
    expect(await udpSockets()).toBe(before + 1);
    const pool = poolOf(pc)!;
    expect(pool).toBeDefined();
    const gathered = pool.stack.agent.getLocalCandidates();
    expect(gathered.map((c) => [c.type, c.address])).toEqual([['host', '127.0.0.1']]);
    await turns(5);
    await new Promise((r) => setTimeout(r, 50));
    // Held: no event, the W3C gathering state is still "new", no description exists.
    expect(log).toEqual([]);
    expect(pc.iceGatheringState).toBe('new');
    expect(pc.localDescription).toBeNull();
    expect(pc.getConfiguration().iceCandidatePoolSize).toBe(1);
  }, 10_000);

  test('the STUN server is asked before setLocalDescription, and no event fires', async () => {
    const stun = createSocket('udp4');
    servers.push(stun);
    let received = 0;
    stun.on('message', () => {
      received++;
    });
    await new Promise<void>((r) => stun.bind(0, '127.0.0.1', () => r()));
    const pc = peer({
      iceServers: [{ urls: `stun:127.0.0.1:${stun.address().port}` }],
      iceCandidatePoolSize: 1,
    });
    const log = eventLog(pc);
    await until(() => received > 0, 5000, 'a STUN request from the pool');
    expect(log).toEqual([]);
    expect(pc.iceGatheringState).toBe('new');
  }, 10_000);

  test('an idle pool has gathered and waits for nothing (no deadline, no timer)', async () => {
    const pc = peer({ iceCandidatePoolSize: 1 });
    const stack = poolOf(pc)!.stack;
    await turns(3);
    expect(stack.gatheringState).toBe('complete');
    expect(stack.agent.nextDeadline()).toBeUndefined();
  }, 10_000);

  test('setLocalDescription: the pooled candidates are in the description when it resolves, their events follow; nothing bound again', async () => {
    const pc = peer({ iceCandidatePoolSize: 1 });
    pc.createDataChannel('x');
    const log = eventLog(pc);
    const pool = poolOf(pc)!;
    const agent = pool.stack.agent;
    const sockets = await udpSockets();
    // The credentials offered are the pooled agent's.
    const offer = await pc.createOffer();
    expect(offer.sdp).toContain(`a=ice-ufrag:${agent.localUfrag}`);
    expect(offer.sdp).toContain(`a=ice-pwd:${agent.localPwd}`);
    let atResolve: string[] = [];
    await pc.setLocalDescription(offer).then(() => {
      atResolve = [...log];
    });
    expect(atResolve).toEqual([]);
    expect(peerStateOf(pc)!.stack).toBe(pool.stack);
    expect(poolOf(pc)).toBeUndefined();
    const lines = candidateLines(pc.localDescription!.sdp);
    expect(lines).toHaveLength(1);
    const port = agent.getLocalCandidates()[0]!.port;
    expect(lines[0]).toMatch(new RegExp(` 127\\.0\\.0\\.1 ${port} typ host`));
    expect(pc.localDescription!.sdp).toContain(`a=ice-ufrag:${agent.localUfrag}`);
    await turns(3);
    expect(log).toEqual(['gathering:gathering', `candidate:${lines[0]}`, 'gathering:complete', 'null']);
    expect(pc.iceGatheringState).toBe('complete');
    expect(await udpSockets()).toBe(sockets);
  }, 10_000);

  test('two pooled peers connect and a data channel opens (the answerer adopts its pool as controlled)', async () => {
    const a = peer({ iceCandidatePoolSize: 1 });
    const b = peer({ iceCandidatePoolSize: 3 });
    const bPool = poolOf(b)!.stack;
    const bLog = eventLog(b);
    trickle(a, b);
    const ca = a.createDataChannel('pooled');
    const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    // Adopted by the remote offer, still held until b's own setLocalDescription.
    expect(peerStateOf(b)!.stack).toBe(bPool);
    expect(bPool.agent.role).toBe('controlled');
    await turns(3);
    expect(bLog).toEqual([]);
    expect(b.iceGatheringState).toBe('new');
    await b.setLocalDescription();
    expect(candidateLines(b.localDescription!.sdp)).toHaveLength(1);
    await a.setRemoteDescription(b.localDescription!);
    const cb = (await incoming).channel;
    if (ca.readyState !== 'open') await once(ca, 'open');
    const got = once<MessageEvent>(cb, 'message');
    ca.send('over pooled candidates');
    expect((await got).data).toBe('over pooled candidates');
    expect(peerStateOf(a)!.stack!.agent.role).toBe('controlling');
    expect(bLog[0]).toBe('gathering:gathering');
  }, 15_000);

  test('a pooled offerer connects with a peer without a pool', async () => {
    const a = peer({ iceCandidatePoolSize: 1 });
    const b = peer();
    trickle(a, b);
    const ca = a.createDataChannel('x');
    const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
    await negotiate(a, b);
    await incoming;
    if (ca.readyState !== 'open') await once(ca, 'open');
    expect(a.connectionState).toBe('connected');
  }, 15_000);
});

describe('rollback of the first exchange', () => {
  test('a remote offer rolled back drops the adopted pool; the next offer gathers on a new transport and connects', async () => {
    const a = peer();
    a.createDataChannel('x');
    await a.setLocalDescription();
    const b = peer({ iceCandidatePoolSize: 1 });
    const pooled = poolOf(b)!.stack;
    const log = eventLog(b);
    await b.setRemoteDescription(a.localDescription!);
    await b.setRemoteDescription({ type: 'rollback' });
    expect(pooled.closed).toBe(true);
    await turns(3);
    expect(log).toEqual([]);
    // b offers now: a fresh transport, credentials not the closed pool's.
    const a2 = peer();
    trickle(b, a2);
    const cb = b.createDataChannel('after rollback');
    const incoming = once<Event & { channel: RTCDataChannel }>(a2, 'datachannel');
    await negotiate(b, a2);
    expect(peerStateOf(b)!.stack).not.toBe(pooled);
    expect(b.localDescription!.sdp).not.toContain(`a=ice-ufrag:${pooled.agent.localUfrag}`);
    await incoming;
    if (cb.readyState !== 'open') await once(cb, 'open');
    expect(log[0]).toBe('gathering:gathering');
  }, 15_000);

  test('a local offer rolled back before its pooled candidate events fired: none of them fire, gathering stays new', async () => {
    const pc = peer({ iceCandidatePoolSize: 1 });
    pc.createDataChannel('x');
    const log = eventLog(pc);
    const pooled = poolOf(pc)!.stack;
    await until(() => pooled.agent.getLocalCandidates().length > 0, 5000, 'pooled candidates');
    // The events of the adopted pool are queued for the next tick; the rollback comes first
    // (a promise continuation runs before process.nextTick callbacks queued inside a microtask).
    await pc.setLocalDescription();
    await pc.setLocalDescription({ type: 'rollback' });
    expect(pooled.closed).toBe(true);
    await turns(3);
    expect(log).toEqual([]);
    expect(pc.iceGatheringState).toBe('new');
  }, 10_000);
});

describe('setConfiguration and the pool size (webrtc-pc "set a configuration")', () => {
  test('before setLocalDescription: 0 releases the pooled socket, > 0 gathers again', async () => {
    const before = await udpSockets();
    const pc = peer({ iceCandidatePoolSize: 2 });
    expect(await udpSockets()).toBe(before + 1);
    pc.setConfiguration({ iceCandidatePoolSize: 0 });
    expect(poolOf(pc)).toBeUndefined();
    expect(await udpSockets()).toBe(before);
    pc.setConfiguration({ iceCandidatePoolSize: 1 });
    expect(poolOf(pc)).toBeDefined();
    expect(await udpSockets()).toBe(before + 1);
    expect(pc.getConfiguration().iceCandidatePoolSize).toBe(1);
    // Another size above 0 keeps the one pooled transport.
    const stack = poolOf(pc)!.stack;
    pc.setConfiguration({ iceCandidatePoolSize: 4 });
    expect(poolOf(pc)!.stack).toBe(stack);
    expect(await udpSockets()).toBe(before + 1);
  }, 10_000);

  test('new ICE servers before setLocalDescription gather anew on one socket', async () => {
    const before = await udpSockets();
    const pc = peer({ iceCandidatePoolSize: 1 });
    const first = poolOf(pc)!.stack;
    pc.setConfiguration({ iceCandidatePoolSize: 1, iceServers: [{ urls: 'stun:127.0.0.1:9' }] });
    expect(first.closed).toBe(true);
    expect(poolOf(pc)!.stack).not.toBe(first);
    expect(await udpSockets()).toBe(before + 1);
  }, 10_000);

  test('after setLocalDescription a changed size throws InvalidModificationError; the same size does not', async () => {
    const pc = peer({ iceCandidatePoolSize: 1 });
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    const tryWith = (config: Parameters<RTCPeerConnection['setConfiguration']>[0]) => {
      try {
        pc.setConfiguration(config);
        return 'ok';
      } catch (e) {
        return (e as DOMException).name;
      }
    };
    expect(tryWith({ iceCandidatePoolSize: 2 })).toBe('InvalidModificationError');
    expect(tryWith({ iceCandidatePoolSize: 0 })).toBe('InvalidModificationError');
    // The dictionary default is 0: leaving it out is a change too.
    expect(tryWith({})).toBe('InvalidModificationError');
    expect(pc.getConfiguration().iceCandidatePoolSize).toBe(1);
    expect(tryWith({ iceCandidatePoolSize: 1 })).toBe('ok');
    // A connection without a pool may not start one after setLocalDescription either.
    const plain = peer();
    plain.createDataChannel('x');
    await plain.setLocalDescription();
    expect(() => plain.setConfiguration({ iceCandidatePoolSize: 1 })).toThrow(
      expect.objectContaining({ name: 'InvalidModificationError' }),
    );
    expect(poolOf(plain)).toBeUndefined();
  }, 10_000);

  test('a changed size after a remote offer but before setLocalDescription is accepted', async () => {
    const a = peer();
    a.createDataChannel('x');
    await a.setLocalDescription();
    const b = peer({ iceCandidatePoolSize: 1 });
    await b.setRemoteDescription(a.localDescription!);
    expect(() => b.setConfiguration({ iceCandidatePoolSize: 0 })).not.toThrow();
    // The adopted transport is the connection's now: not released.
    expect(peerStateOf(b)!.stack!.closed).toBe(false);
    await b.setLocalDescription();
    expect(candidateLines(b.localDescription!.sdp)).toHaveLength(1);
  }, 10_000);
});

describe('close() releases the pool', () => {
  test('an unused pool: its socket goes', async () => {
    const before = await udpSockets();
    const pc = peer({ iceCandidatePoolSize: 1 });
    const stack = poolOf(pc)!.stack;
    pc.close();
    expect(stack.closed).toBe(true);
    expect(poolOf(pc)).toBeUndefined();
    expect(await udpSockets()).toBe(before);
  }, 10_000);
});
