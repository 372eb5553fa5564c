// Two @rtc peers in one process over loopback: data channel behaviour through the W3C API.
import type { RTCDataChannel, RTCDataChannelEvent, RTCPeerConnection } from '../src/index.js';
import { connectedPair, negotiate, newPeer, once, trickle, until } from './helpers.js';

const live: RTCPeerConnection[] = [];
afterEach(() => {
  for (const p of live.splice(0)) p.close();
});

async function pair() {
  const r = await connectedPair();
  live.push(r.a, r.b);
  return r;
}

function collect(ch: RTCDataChannel, n: number, ms = 10_000): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`got ${got.length}/${n} messages`)), ms);
    ch.addEventListener('message', (e) => {
      got.push((e as MessageEvent).data);
      if (got.length === n) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

describe('data channels between two @rtc peers', () => {
  test('transport objects: one reached before connecting fires its state changes; one reached later shows the state', async () => {
    const a = newPeer();
    const b = newPeer();
    live.push(a, b);
    trickle(a, b);
    const ca = a.createDataChannel('early');
    expect(a.sctp).toBeNull();
    const incoming = once<RTCDataChannelEvent>(b, 'datachannel');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    // b's SCTP transport exists once its answer is applied; reached now, before DTLS connects.
    const sctpB = b.sctp!;
    expect(sctpB.state).toBe('connecting');
    const dtlsStates: string[] = [];
    const sctpStates: string[] = [];
    sctpB.transport.addEventListener('statechange', () => dtlsStates.push(sctpB.transport.state));
    sctpB.addEventListener('statechange', () => sctpStates.push(sctpB.state));
    let iceChanges = 0;
    sctpB.transport.iceTransport.addEventListener('statechange', () => iceChanges++);
    await a.setRemoteDescription(b.localDescription!);
    await incoming;
    if (ca.readyState !== 'open') await once(ca, 'open');
    await until(() => sctpB.state === 'connected', 5000, 'b SCTP connected');
    expect(dtlsStates).toContain('connected');
    expect(sctpStates).toEqual(['connected']);
    expect(iceChanges).toBeGreaterThan(0);
    expect(b.sctp).toBe(sctpB);
    // a's transports are first reached now: they show the state reached without them.
    const sctpA = a.sctp!;
    expect(sctpA.state).toBe('connected');
    expect(sctpA.maxChannels).toBeGreaterThan(0);
    expect(sctpA.transport.state).toBe('connected');
    expect(sctpA.transport.getRemoteCertificates()).toHaveLength(1);
    expect(sctpA.transport.iceTransport.state).toMatch(/^(connected|completed)$/);
    a.close();
    expect(sctpA.state).toBe('closed');
    expect(sctpA.transport.state).toBe('closed');
  }, 15_000);

  test('connect, then messages both ways: string, binary, empty', async () => {
    const { a, b, ca, cb } = await pair();
    expect(a.connectionState).toBe('connected');
    expect(b.connectionState).toBe('connected');
    expect(a.sctp?.state).toBe('connected');
    expect(a.sctp?.transport.state).toBe('connected');
    expect(a.sctp?.transport.iceTransport.getSelectedCandidatePair()?.local.address).toBe('127.0.0.1');
    expect(cb.label).toBe('test');
    expect(ca.id).toBe(cb.id);
    const atB = collect(cb, 5);
    ca.send('hello');
    ca.send('');
    ca.send(new Uint8Array([1, 2, 3]));
    ca.send(new Uint8Array(0).buffer);
    ca.send(new Float32Array([1.5]));
    const got = await atB;
    expect(got[0]).toBe('hello');
    expect(got[1]).toBe('');
    expect(new Uint8Array(got[2] as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect((got[3] as ArrayBuffer).byteLength).toBe(0);
    expect(new Float32Array(got[4] as ArrayBuffer)[0]).toBe(1.5);
    const atA = collect(ca, 2);
    cb.send('back');
    cb.binaryType = 'blob';
    cb.send(new Blob(['blob!']));
    const back = await atA;
    expect(back[0]).toBe('back');
    expect(new TextDecoder().decode(back[1] as ArrayBuffer)).toBe('blob!');
    cb.binaryType = 'bogus' as 'blob';
    expect(cb.binaryType).toBe('blob');
    const blobs = collect(cb, 1);
    ca.send(new Uint8Array([9]));
    const [blob] = await blobs;
    expect(blob).toBeInstanceOf(Blob);
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(new Uint8Array([9]));
  });

  test('messages over max-message-size are a TypeError; 256 KiB passes', async () => {
    const { ca, cb } = await pair();
    expect(() => ca.send(new Uint8Array(262145))).toThrow(TypeError);
    const got = collect(cb, 1);
    ca.send(new Uint8Array(262144).fill(7));
    expect(((await got)[0] as ArrayBuffer).byteLength).toBe(262144);
  });

  test("received ArrayBuffers (fragmented or not) hold exactly their message and are the receiver's own", async () => {
    const { ca, cb } = await pair();
    const got = collect(cb, 3);
    const big = Uint8Array.from({ length: 65536 }, (_, i) => (i * 7) & 0xff);
    ca.send(big);
    ca.send(big);
    ca.send(new Uint8Array([9, 8, 7]));
    const [m1, m2, m3] = (await got) as ArrayBuffer[];
    expect(m1).toBeInstanceOf(ArrayBuffer);
    expect([m1!.byteLength, m2!.byteLength, m3!.byteLength]).toEqual([65536, 65536, 3]);
    expect(Buffer.from(m1!).equals(Buffer.from(big))).toBe(true);
    // Each event has its own buffer: writing one changes neither the other nor the sender's copy.
    new Uint8Array(m1!).fill(0);
    expect(Buffer.from(m2!).equals(Buffer.from(big))).toBe(true);
    expect(big[1]).toBe(7);
    expect(Array.from(new Uint8Array(m3!))).toEqual([9, 8, 7]);
  });

  test('ordered, unordered, maxRetransmits and maxPacketLifeTime channels carry their parameters', async () => {
    const { a, b } = await pair();
    const specs = [
      { label: 'u', init: { ordered: false } },
      { label: 'r0', init: { ordered: false, maxRetransmits: 0 } },
      { label: 'lt', init: { maxPacketLifeTime: 150 } },
      { label: 'proto', init: { protocol: 'chat-v1' } },
    ];
    const remote = new Map<string, RTCDataChannel>();
    const all = new Promise<void>((resolve) => {
      b.ondatachannel = (e: RTCDataChannelEvent) => {
        remote.set(e.channel.label, e.channel);
        if (remote.size === specs.length) resolve();
      };
    });
    const local = specs.map((s) => a.createDataChannel(s.label, s.init));
    await all;
    expect(remote.get('u')).toMatchObject({ ordered: false, maxRetransmits: null, maxPacketLifeTime: null });
    expect(remote.get('r0')).toMatchObject({ ordered: false, maxRetransmits: 0 });
    expect(remote.get('lt')).toMatchObject({ ordered: true, maxPacketLifeTime: 150 });
    expect(remote.get('proto')!.protocol).toBe('chat-v1');
    for (const ch of local) if (ch.readyState !== 'open') await once(ch, 'open');
    // every kind delivers on loopback
    for (const ch of local) {
      const got = collect(remote.get(ch.label)!, 20);
      for (let i = 0; i < 20; i++) ch.send(`${ch.label}-${i}`);
      const msgs = (await got) as string[];
      expect(new Set(msgs).size).toBe(20);
      if (ch.ordered) expect(msgs).toEqual(Array.from({ length: 20 }, (_, i) => `${ch.label}-${i}`));
    }
  });

  test('negotiated channels open on both sides without DCEP', async () => {
    const a = newPeer();
    const b = newPeer();
    live.push(a, b);
    trickle(a, b);
    const na = a.createDataChannel('neg', { negotiated: true, id: 7 });
    const nb = b.createDataChannel('neg', { negotiated: true, id: 7 });
    let announced = false;
    b.ondatachannel = () => {
      announced = true;
    };
    await negotiate(a, b);
    await Promise.all([once(na, 'open'), once(nb, 'open')]);
    expect(na.id).toBe(7);
    expect(nb.negotiated).toBe(true);
    const got = collect(nb, 1);
    na.send('over 7');
    expect(await got).toEqual(['over 7']);
    expect(announced).toBe(false);
  });

  test('close is seen on both sides (closing then close), and by whoever closes', async () => {
    const { ca, cb } = await pair();
    const events: string[] = [];
    ca.onclosing = () => events.push('a:closing');
    ca.onclose = () => events.push('a:close');
    cb.onclosing = () => events.push(`b:closing:${cb.readyState}`);
    cb.onclose = () => events.push('b:close');
    const closedB = once(cb, 'close');
    const closedA = once(ca, 'close');
    ca.close();
    expect(ca.readyState).toBe('closing');
    await Promise.all([closedA, closedB]);
    expect(ca.readyState).toBe('closed');
    expect(cb.readyState).toBe('closed');
    expect(events).toContain('a:close');
    // W3C webrtc-pc §6.2.5: the side that did not call close() announces closing, then close;
    // the side that called close() only sees close.
    expect(events.filter((e) => e.startsWith('b:'))).toEqual(['b:closing:closing', 'b:close']);
    expect(events).not.toContain('a:closing');
    expect(() => ca.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  test('closing the connection closes the remote channels', async () => {
    const { a, cb, b } = await pair();
    const closed = once(cb, 'close');
    a.close();
    await closed;
    await until(() => b.sctp?.state === 'closed', 5000, 'remote SCTP transport closed');
    expect(a.connectionState).toBe('closed');
  });

  test('bufferedAmount grows on send and bufferedamountlow fires at the threshold', async () => {
    const { ca, cb } = await pair();
    ca.bufferedAmountLowThreshold = 64 * 1024;
    expect(ca.bufferedAmountLowThreshold).toBe(65536);
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 32; i++) ca.send(chunk);
    expect(ca.bufferedAmount).toBeGreaterThan(64 * 1024);
    const got = collect(cb, 32, 20_000);
    await once(ca, 'bufferedamountlow', 20_000);
    expect(ca.bufferedAmount).toBeLessThanOrEqual(64 * 1024);
    await got;
    await until(() => ca.bufferedAmount === 0, 5000, 'bufferedAmount 0');
  });

  test('a channel added after connect opens without renegotiation; renegotiation keeps the transport', async () => {
    const { a, b, ca } = await pair();
    const second = once<RTCDataChannelEvent>(b, 'datachannel');
    const late = a.createDataChannel('late');
    const rb = (await second).channel;
    expect(rb.label).toBe('late');
    if (late.readyState !== 'open') await once(late, 'open');
    // An explicit renegotiation round (as an app using negotiationneeded would do) keeps everything up.
    await negotiate(b, a);
    expect(a.signalingState).toBe('stable');
    expect(b.signalingState).toBe('stable');
    const got = collect(rb, 1);
    late.send('still here');
    expect(await got).toEqual(['still here']);
    expect(ca.readyState).toBe('open');
  });

  test('restartIce: new credentials in the next offer, the connection stays up', async () => {
    const { a, b, ca, cb } = await pair();
    const before = a.localDescription!.sdp.match(/a=ice-ufrag:(\S+)/)![1];
    const needed = once(a, 'negotiationneeded');
    a.restartIce();
    await needed;
    await negotiate(a, b);
    const after = a.localDescription!.sdp.match(/a=ice-ufrag:(\S+)/)![1];
    expect(after).not.toBe(before);
    const got = collect(cb, 1);
    ca.send('after restart');
    expect(await got).toEqual(['after restart']);
    // Either is "up" (W3C webrtc-pc §4.4.4): 'completed' once end-of-candidates and nomination are done.
    const up = (s: string) => s === 'connected' || s === 'completed';
    await until(() => up(a.iceConnectionState) && up(b.iceConnectionState), 5000, 'ice up after restart');
  });

  test('getStats has the W3C stats types and fields', async () => {
    const { a, ca, cb } = await pair();
    const got = collect(cb, 1);
    ca.send('count me');
    await got;
    // DTLS starts on the first valid pair (RFC 8445 §12): a message can arrive before nomination,
    // and ICE is 'connected' then already (webrtc-pc §5.6). The selected pair follows nomination.
    const ice = a.sctp!.transport.iceTransport;
    expect(ice.state).toBe('connected');
    await until(() => ice.getSelectedCandidatePair() !== null, 5000, 'a selected pair');
    const report = await a.getStats();
    const byType = (t: string) => [...report.values()].filter((s) => s.type === t);
    expect(byType('peer-connection')[0]).toMatchObject({ dataChannelsOpened: 1, dataChannelsClosed: 0 });
    const transport = byType('transport')[0]!;
    expect(transport).toMatchObject({
      iceState: 'connected',
      dtlsState: 'connected',
      iceRole: 'controlling',
    });
    expect(transport.bytesSent).toBeGreaterThan(0);
    const selected = report.get(String(transport.selectedCandidatePairId))!;
    expect(selected.type).toBe('candidate-pair');
    // The pair DTLS runs on is valid: 'succeeded' even while its nomination check is out. The
    // channel may open before that check completes (False Start makes it likely).
    expect(selected.state).toBe('succeeded');
    const nominated = async () => {
      const r = await a.getStats();
      const t = [...r.values()].find((s) => s.type === 'transport')!;
      return r.get(String(t.selectedCandidatePairId))?.nominated === true;
    };
    for (const end = Date.now() + 5000; !(await nominated()); ) {
      if (Date.now() > end) throw new Error('the selected pair was never nominated');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(report.get(String(selected.localCandidateId))).toMatchObject({
      type: 'local-candidate',
      candidateType: 'host',
      address: '127.0.0.1',
    });
    expect(report.get(String(selected.remoteCandidateId))?.type).toBe('remote-candidate');
    expect(byType('certificate').length).toBe(2);
    expect(byType('certificate')[0]).toMatchObject({ fingerprintAlgorithm: 'sha-256' });
    expect(byType('data-channel')[0]).toMatchObject({
      label: 'test',
      state: 'open',
      messagesSent: 1,
      bytesSent: 8,
      dataChannelIdentifier: ca.id,
    });
  });
});

describe('DTLS fingerprint check', () => {
  test('a wrong a=fingerprint fails the connection and no channel opens', async () => {
    const a = newPeer();
    const b = newPeer();
    live.push(a, b);
    trickle(a, b);
    const ch = a.createDataChannel('x');
    let opened = false;
    ch.onopen = () => {
      opened = true;
    };
    await a.setLocalDescription();
    const tampered = a.localDescription!.sdp.replace(/a=fingerprint:sha-256 (\S+)/, (_m, fp: string) => {
      const flipped = (fp[0] === 'A' ? 'B' : 'A') + fp.slice(1);
      return `a=fingerprint:sha-256 ${flipped}`;
    });
    await b.setRemoteDescription({ type: 'offer', sdp: tampered });
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await until(() => b.connectionState === 'failed', 10_000, 'failed');
    expect(b.sctp?.transport.state).toBe('failed');
    expect(opened).toBe(false);
  });
});
