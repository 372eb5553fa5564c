// Remote mDNS host candidates (draft-ietf-mmusic-mdns-ice-candidates §3.2): browsers signal
// `<uuid>.local` instead of their addresses; the transport resolves the name with the injected
// resolver (never the real multicast one here) and hands the answer to the ICE agent.
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeMessage, StunMethod, shortTermKey } from '@rtc/stun';
import { type RTCDataChannel, type RTCIceCandidate, RTCPeerConnection } from '../src/index.js';
import { peerStateOf } from '../src/peer-connection.js';
import { MAX_CONCURRENT_MDNS, MdnsResolutions } from '../src/transport/mdns-resolution.js';
import { runModuleScript } from './child-script.js';
import { gathered, once, until } from './helpers.js';

type Resolver = (name: string) => Promise<string | undefined>;

const opened: RTCPeerConnection[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});
function peer(mdnsResolver: Resolver): RTCPeerConnection {
  const p = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'], mdnsResolver });
  opened.push(p);
  return p;
}

/** Our host candidates as a browser signals them: the address replaced by an mDNS name. */
const hide = (text: string, name: string) =>
  text.replace(/ 127\.0\.0\.1 (\d+) typ host/g, ` ${name} $1 typ host`);

/** Trickles `from`'s candidates to `to` with their address hidden behind `name`. */
function relayHidden(from: RTCPeerConnection, to: RTCPeerConnection, name: string): void {
  from.addEventListener('icecandidate', (e) => {
    const c = (e as Event & { candidate: RTCIceCandidate | null }).candidate;
    if (!c || to.signalingState === 'closed') return;
    to.addIceCandidate({ ...c.toJSON(), candidate: hide(c.candidate, name) }).catch(() => undefined);
  });
}

async function negotiateHidden(a: RTCPeerConnection, b: RTCPeerConnection, nameA: string, nameB: string) {
  await a.setLocalDescription();
  await b.setRemoteDescription({ type: 'offer', sdp: hide(a.localDescription!.sdp, nameA) });
  await b.setLocalDescription();
  await a.setRemoteDescription({ type: 'answer', sdp: hide(b.localDescription!.sdp, nameB) });
}

/** A resolver that knows `names` (all on loopback) and records what it was asked. */
function loopbackResolver(...names: string[]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const r = async (n: string) => {
    calls.push(n);
    return names.includes(n) ? '127.0.0.1' : undefined;
  };
  return Object.assign(r, { calls });
}

const remoteCandidates = async (pc: RTCPeerConnection) =>
  [...(await pc.getStats()).values()].filter((s) => s.type === 'remote-candidate');

describe('remote mDNS candidates', () => {
  test('hidden both ways, resolved by the injected resolvers: the data channel opens', async () => {
    const nameA = `${randomUUID()}.local`;
    const nameB = `${randomUUID()}.local`;
    const ra = loopbackResolver(nameB);
    const rb = loopbackResolver(nameA);
    const a = peer(ra);
    const b = peer(rb);
    relayHidden(a, b, nameA);
    relayHidden(b, a, nameB);
    const ca = a.createDataChannel('x');
    const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
    await negotiateHidden(a, b, nameA, nameB);
    const cb = (await incoming).channel;
    if (ca.readyState !== 'open') await once(ca, 'open');
    const got = once<MessageEvent>(cb, 'message');
    ca.send('over a resolved name');
    expect((await got).data).toBe('over a resolved name');
    expect(ra.calls).toContain(nameB);
    expect(rb.calls).toContain(nameA);
    expect(peerStateOf(a)?.stack?.mdns?.counters).toMatchObject({ overLimit: 0, failed: 0 });
  }, 15_000);

  test('names neither side resolves: nothing connects, the candidates are dropped, nothing stays pending', async () => {
    const nameA = `${randomUUID()}.local`;
    const nameB = `${randomUUID()}.local`;
    const ra = loopbackResolver();
    const rb: Resolver & { calls?: string[] } = async () => {
      throw new Error('no mDNS here');
    };
    const a = peer(ra);
    const b = peer(rb);
    relayHidden(a, b, nameA);
    relayHidden(b, a, nameB);
    a.createDataChannel('x');
    await negotiateHidden(a, b, nameA, nameB);
    await until(() => (peerStateOf(a)?.stack?.mdns?.counters.queried ?? 0) > 0, 5000, 'A queried');
    await until(() => peerStateOf(b)?.stack?.mdns?.counters.failed === 1, 5000, "B's resolver rejected");
    await until(() => peerStateOf(a)?.stack?.mdns?.running === 0, 5000, "A's queries answered");
    expect(ra.calls).toContain(nameB);
    expect(await remoteCandidates(a)).toEqual([]);
    expect(await remoteCandidates(b)).toEqual([]);
    expect(a.iceConnectionState).not.toBe('connected');
  }, 15_000);
});

/**
 * A stand-in remote whose only usable candidate answers every check with a 400 error response
 * (integrity-protected with the password it signalled): RFC 8445 §7.2.5.2.4 fails that pair at once.
 */
async function refusingRemote(pwd: string): Promise<{ socket: Socket; port: number; checks: () => number }> {
  const socket = createSocket('udp4');
  let checks = 0;
  socket.on('message', (data, from) => {
    let msg: ReturnType<typeof decodeMessage>;
    try {
      msg = decodeMessage(new Uint8Array(data));
    } catch {
      return;
    }
    if (msg.class !== 'request' || msg.method !== StunMethod.Binding) return;
    checks++;
    const reply = encodeMessage(
      {
        class: 'error',
        method: StunMethod.Binding,
        transactionId: msg.transactionId,
        attributes: [{ type: 'ERROR-CODE', value: { code: 400, reason: 'refused' } }],
      },
      { integrity: shortTermKey(pwd), fingerprint: true },
    );
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { socket, port: socket.address().port, checks: () => checks };
}

/**
 * A offers to a remote that signals one mDNS candidate and one candidate whose checks are refused,
 * then end-of-candidates: once the refused pair failed, only the pending name keeps the check list
 * open (RFC 8445 §7.2.5.3.3 with the agent's rule for parked names).
 */
async function mdnsAndRefusedRemote(resolver: Resolver) {
  const a = peer(resolver);
  a.createDataChannel('x');
  await a.setLocalDescription();
  const pwd = 'mdnsTestPasswordOf24Char';
  const remote = await refusingRemote(pwd);
  const name = `${randomUUID()}.local`;
  const sdp = [
    'v=0',
    'o=- 1 1 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    `a=candidate:1 1 udp 2122260223 ${name} 54321 typ host`,
    `a=candidate:2 1 udp 2122260222 127.0.0.1 ${remote.port} typ host`,
    'a=end-of-candidates',
    'a=ice-ufrag:mdnsTest',
    `a=ice-pwd:${pwd}`,
    `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`,
    'a=setup:active',
    'a=mid:0',
    'a=sctp-port:5000',
    '',
  ].join('\r\n');
  await a.setRemoteDescription({ type: 'answer', sdp });
  return { a, name, remote };
}

describe('unresolved names do not keep the check list open', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });

  test.each([
    ['answers undefined', async () => undefined],
    [
      'rejects',
      async () => {
        throw new Error('no mDNS here');
      },
    ],
  ])(
    "a resolver that %s: iceConnectionState ends 'failed'",
    async (_, answer: Resolver) => {
      const calls: string[] = [];
      const { a, name, remote } = await mdnsAndRefusedRemote((n) => {
        calls.push(n);
        return answer(n);
      });
      sockets.push(remote.socket);
      await until(() => a.iceConnectionState === 'failed', 8000, "'failed'");
      expect(calls).toEqual([name]);
      expect(remote.checks()).toBeGreaterThan(0);
      expect((await remoteCandidates(a)).map((c) => c.address)).toEqual(['127.0.0.1']);
    },
    15_000,
  );

  test("while the name is pending the list stays 'checking'; the late 'unresolved' ends it", async () => {
    let answer: ((ip: string | undefined) => void) | undefined;
    const { a, remote } = await mdnsAndRefusedRemote(
      () =>
        new Promise((r) => {
          answer = r;
        }),
    );
    sockets.push(remote.socket);
    await until(() => remote.checks() > 0 && answer !== undefined, 5000, 'a refused check');
    const pairFailed = async () =>
      [...(await a.getStats()).values()].some((s) => s.type === 'candidate-pair' && s.state === 'failed');
    let failedPair = false;
    await until(
      () => {
        void pairFailed().then((f) => {
          failedPair ||= f;
        });
        return failedPair;
      },
      5000,
      'the refused pair failed',
    );
    expect(a.iceConnectionState).toBe('checking');
    answer!(undefined);
    await until(() => a.iceConnectionState === 'failed', 5000, "'failed' after the answer");
  }, 15_000);
});

describe('close while a name is being resolved', () => {
  test('close() does not wait; the late answer is ignored and changes nothing', async () => {
    let answer: ((ip: string | undefined) => void) | undefined;
    const a = peer(
      () =>
        new Promise((r) => {
          answer = r;
        }),
    );
    a.createDataChannel('x');
    await a.setLocalDescription();
    await gathered(a);
    const b = peer(async () => undefined);
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await gathered(b);
    const name = `${randomUUID()}.local`;
    await a.setRemoteDescription({ type: 'answer', sdp: hide(b.localDescription!.sdp, name) });
    await until(() => answer !== undefined, 5000, 'the query');
    const stack = peerStateOf(a)!.stack!;
    const events: string[] = [];
    for (const t of ['iceconnectionstatechange', 'connectionstatechange', 'icecandidateerror'])
      a.addEventListener(t, () => events.push(t));
    a.close();
    expect(stack.mdns?.running).toBe(1);
    answer!('127.0.0.1');
    await new Promise((r) => setImmediate(r));
    expect(stack.mdns?.counters.late).toBe(1);
    expect(stack.mdns?.running).toBe(0);
    expect(events).toEqual([]);
    expect(a.iceConnectionState).toBe('closed');
  }, 15_000);

  test('in a process: close() with a query pending, its answer comes after, nothing fails', async () => {
    const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
    // The resolver answers 200 ms after close(): the answer must be ignored without an error, and the
    // process must then exit by itself (the connections hold nothing).
    const script = `
import { RTCPeerConnection } from ${JSON.stringify(dist)};
let asked = 0;
const late = (name) => {
  asked++;
  return new Promise((resolve) => setTimeout(() => {
    resolve('127.0.0.1');
    setImmediate(() => console.log('answered after close, states ' + a.iceConnectionState + ' ' + a.connectionState));
  }, 200));
};
const a = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'], mdnsResolver: late });
const b = new RTCPeerConnection({}, { hostAddresses: ['127.0.0.1'] });
a.createDataChannel('x');
const gathered = (pc) => new Promise((r) => {
  if (pc.iceGatheringState === 'complete') r();
  else pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
});
await a.setLocalDescription();
await gathered(a);
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await gathered(b);
await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription.sdp.replace(/ 127\\.0\\.0\\.1 (\\d+) typ host/g, ' ${randomUUID()}.local $1 typ host') });
a.close();
b.close();
console.log('closed, asked ' + asked);
`;
    const { code, out, err } = await runModuleScript(script, 10_000);
    expect(err).toBe('');
    expect(out.trim().split('\n')).toEqual(['closed, asked 1', 'answered after close, states closed closed']);
    expect(code).toBe(0);
  }, 15_000);
});

describe('MdnsResolutions', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  test(`at most ${MAX_CONCURRENT_MDNS} queries at once; more are answered unresolved and counted`, async () => {
    const waiting: Array<(ip: string | undefined) => void> = [];
    const answers: Array<[string, string | undefined]> = [];
    const m = new MdnsResolutions(
      () => new Promise((r) => waiting.push(r)),
      (n, ip) => answers.push([n, ip]),
    );
    for (let i = 0; i < MAX_CONCURRENT_MDNS + 3; i++) m.resolve(`n${i}.local`);
    expect(waiting).toHaveLength(MAX_CONCURRENT_MDNS);
    expect(m.counters).toMatchObject({ queried: MAX_CONCURRENT_MDNS, overLimit: 3 });
    expect(answers).toEqual([
      [`n${MAX_CONCURRENT_MDNS}.local`, undefined],
      [`n${MAX_CONCURRENT_MDNS + 1}.local`, undefined],
      [`n${MAX_CONCURRENT_MDNS + 2}.local`, undefined],
    ]);
    waiting[0]!('192.0.2.1');
    await tick();
    expect(answers.at(-1)).toEqual(['n0.local', '192.0.2.1']);
    // A slot is free again.
    m.resolve('again.local');
    expect(waiting).toHaveLength(MAX_CONCURRENT_MDNS + 1);
    m.close();
  });

  test('a resolver that throws, rejects or answers a non-string gives "unresolved", never an error', async () => {
    const answers: Array<[string, string | undefined]> = [];
    const resolvers = [
      () => {
        throw new Error('sync');
      },
      () => Promise.reject(new Error('async')),
      () => Promise.resolve(42 as unknown as string),
    ];
    for (const [i, r] of resolvers.entries()) {
      const m = new MdnsResolutions(r, (n, ip) => answers.push([n, ip]));
      m.resolve(`x${i}.local`);
      await tick();
      expect(m.running).toBe(0);
    }
    expect(answers).toEqual([
      ['x0.local', undefined],
      ['x1.local', undefined],
      ['x2.local', undefined],
    ]);
  });

  test('after close(): no new query, and a running one is not answered', async () => {
    let answer: ((ip: string | undefined) => void) | undefined;
    let asked = 0;
    let signal: AbortSignal | undefined;
    const answers: string[] = [];
    const m = new MdnsResolutions(
      (_name, s) => {
        signal = s;
        asked++;
        return new Promise((r) => {
          answer = r;
        });
      },
      (n) => answers.push(n),
    );
    m.resolve('a.local');
    expect(signal?.aborted).toBe(false);
    m.close();
    // The running query is told to let go of its socket and timer (the default resolver's are).
    expect(signal?.aborted).toBe(true);
    m.resolve('b.local');
    expect(asked).toBe(1);
    answer!('127.0.0.1');
    await tick();
    expect(answers).toEqual([]);
    expect(m.counters.late).toBe(1);
  });
});
