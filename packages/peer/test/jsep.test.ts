import { parseSdp } from '@rtc/sdp';
import { RTCPeerConnection, RTCSessionDescription } from '../src/index.js';
import { newPeer, once, until } from './helpers.js';

const opened: RTCPeerConnection[] = [];
function peer(): RTCPeerConnection {
  const p = newPeer();
  opened.push(p);
  return p;
}
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

describe('JSEP offers and answers', () => {
  test('an offer with a data channel has the data m-section of RFC 8841/8829', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    expect(offer.type).toBe('offer');
    const sdp = parseSdp(offer.sdp!);
    expect(sdp.bundle).toEqual(['0']);
    const m = sdp.media[0]!;
    expect(m.mediaLine).toMatchObject({ kind: 'application', port: 9, protocol: 'UDP/DTLS/SCTP' });
    expect(m.formats).toEqual(['webrtc-datachannel']);
    expect(m.sctpPort).toBe(5000);
    expect(m.maxMessageSize).toBe(262144);
    expect(m.setup).toBe('actpass');
    expect(m.mid).toBe('0');
    expect(m.iceOptions).toContain('trickle');
    expect(m.iceUfrag!.length).toBeGreaterThanOrEqual(4);
    expect(m.icePwd!.length).toBeGreaterThanOrEqual(22);
    expect(m.fingerprints[0]!.algorithm).toBe('sha-256');
    expect(offer.sdp!.includes('\r\n')).toBe(true);
  });

  test('an offer without channels has no m-section; createAnswer in stable is InvalidStateError', async () => {
    const pc = peer();
    const offer = await pc.createOffer();
    expect(parseSdp(offer.sdp!).media).toHaveLength(0);
    await expect(pc.createAnswer()).rejects.toMatchObject({ name: 'InvalidStateError' });
  });

  test('the answer is active by default and passive when the offer is active', async () => {
    const a = peer();
    const b = peer();
    a.createDataChannel('x');
    const offer = await a.createOffer();
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    expect(parseSdp(answer.sdp!).media[0]!.setup).toBe('active');
    const c = peer();
    await c.setRemoteDescription({
      type: 'offer',
      sdp: offer.sdp!.replace('a=setup:actpass', 'a=setup:active'),
    });
    expect(parseSdp((await c.createAnswer()).sdp!).media[0]!.setup).toBe('passive');
  });

  test('a legacy sctpmap offer is answered in kind', async () => {
    const a = peer();
    a.createDataChannel('x');
    const modern = (await a.createOffer()).sdp!;
    const legacy = modern
      .replace('m=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'm=application 9 DTLS/SCTP 5000')
      .replace('a=sctp-port:5000\r\n', 'a=sctpmap:5000 webrtc-datachannel 1024\r\n')
      .replace('a=max-message-size:262144\r\n', '');
    const b = peer();
    await b.setRemoteDescription({ type: 'offer', sdp: legacy });
    const answer = parseSdp((await b.createAnswer()).sdp!);
    expect(answer.media[0]!.sctpmap).toMatchObject({ port: 5000, protocol: 'webrtc-datachannel' });
    expect(b.sctp).toBeNull();
  });

  test('media m-sections of a remote offer: unsupported ones rejected with port 0, all kept in order', async () => {
    const a = peer();
    a.createDataChannel('x');
    const offer = (await a.createOffer()).sdp!;
    const withMedia = offer
      .replace('a=group:BUNDLE 0', 'a=group:BUNDLE a0 a1 0')
      .replace(
        'm=application',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:a0\r\na=rtpmap:111 opus/48000/2\r\n' +
          'm=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\na=mid:a1\r\na=rtpmap:0 PCMU/8000\r\nm=application',
      );
    const b = peer();
    await b.setRemoteDescription({ type: 'offer', sdp: withMedia });
    const answer = parseSdp((await b.createAnswer()).sdp!);
    expect(answer.media.map((m) => [m.kind, m.port, m.mid])).toEqual([
      ['audio', 9, 'a0'],
      ['audio', 0, 'a1'],
      ['application', 9, '0'],
    ]);
    expect(answer.media[0]!.direction).toBe('recvonly');
    expect(answer.bundle).toEqual(['a0', '0']);
  });

  test('an answer whose m-sections differ from the offer is InvalidAccessError, state unchanged', async () => {
    const a = peer();
    const b = peer();
    a.createDataChannel('x');
    a.addTransceiver('audio');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    const answer = (await b.createAnswer()).sdp!;
    const dropped = answer.slice(0, answer.indexOf('m=application'));
    await expect(a.setRemoteDescription({ type: 'answer', sdp: dropped })).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    const offer = a.localDescription!.sdp;
    const twice = offer.replace('a=mid:0', 'a=mid:1').replace('BUNDLE 0 1', 'BUNDLE 1');
    await expect(peer().setRemoteDescription({ type: 'offer', sdp: twice })).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    const renamed = answer.replace('a=mid:0', 'a=mid:zz').replace('BUNDLE 0 1', 'BUNDLE zz 1');
    await expect(a.setRemoteDescription({ type: 'answer', sdp: renamed })).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    expect(a.signalingState).toBe('have-local-offer');
    await a.setRemoteDescription({ type: 'answer', sdp: answer });
    expect(a.getTransceivers()[0]!.currentDirection).toBe('sendonly');
  });

  test('setLocalDescription with a modified SDP is InvalidModificationError', async () => {
    const pc = peer();
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    await expect(
      pc.setLocalDescription({ type: 'offer', sdp: offer.sdp!.replace('a=mid:0', 'a=mid:9') }),
    ).rejects.toMatchObject({ name: 'InvalidModificationError' });
  });

  test('the last created offer and answer can be set again after their text was released', async () => {
    const a = peer();
    const b = peer();
    a.createDataChannel('x');
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    // Setting the same offer again (have-local-offer -> have-local-offer) still matches it...
    await a.setLocalDescription({ type: 'offer', sdp: offer.sdp! });
    expect(a.signalingState).toBe('have-local-offer');
    // ...and a modified one still does not.
    await expect(
      a.setLocalDescription({ type: 'offer', sdp: offer.sdp!.replace('a=mid:0', 'a=mid:9') }),
    ).rejects.toMatchObject({ name: 'InvalidModificationError' });
    await b.setRemoteDescription(offer);
    const first = await b.createAnswer();
    // The remote offer's parsed form is kept until the answer is applied: a second answer is the same.
    const answer = await b.createAnswer();
    expect(answer.sdp!.replace(/^o=.*$/m, '')).toBe(first.sdp!.replace(/^o=.*$/m, ''));
    await b.setLocalDescription(answer);
    expect(b.signalingState).toBe('stable');
    expect(b.canTrickleIceCandidates).toBe(true);
    await a.setRemoteDescription(answer);
    expect(a.canTrickleIceCandidates).toBe(true);
    expect(a.currentRemoteDescription!.sdp).toBe(answer.sdp);
    // A new offer from b after everything settled reads the current descriptions again.
    b.createDataChannel('y');
    const reoffer = await b.createOffer();
    await b.setLocalDescription(reoffer);
    await a.setRemoteDescription(reoffer);
    const reanswer = await a.createAnswer();
    expect(parseSdp(reanswer.sdp!).media.map((m) => m.mid)).toEqual(['0']);
    await a.setLocalDescription(reanswer);
    await b.setRemoteDescription(reanswer);
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
  });

  test('bad remote descriptions fail with the browser error names', async () => {
    const pc = peer();
    await expect(pc.setRemoteDescription({ type: 'answer', sdp: 'v=0' })).rejects.toMatchObject({
      name: 'InvalidStateError',
    });
    await expect(pc.setRemoteDescription({ type: 'offer', sdp: 'garbage' })).rejects.toMatchObject({
      name: 'OperationError',
    });
    const a = peer();
    a.createDataChannel('x');
    const offer = (await a.createOffer()).sdp!;
    await expect(
      pc.setRemoteDescription({ type: 'offer', sdp: offer.replace(/a=fingerprint:.*\r\n/, '') }),
    ).rejects.toMatchObject({ name: 'InvalidAccessError' });
    await expect(pc.setRemoteDescription({ type: 'bogus' as 'offer', sdp: offer })).rejects.toThrow(
      TypeError,
    );
    await expect(
      pc.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' }),
    ).rejects.toMatchObject({
      name: 'InvalidStateError',
    });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await expect(pc.addIceCandidate({ candidate: 'candidate:garbage', sdpMid: '0' })).rejects.toMatchObject({
      name: 'OperationError',
    });
    await expect(
      pc.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: 'nope' }),
    ).rejects.toMatchObject({
      name: 'OperationError',
    });
    // end-of-candidates (null and the empty string) is accepted
    await pc.addIceCandidate(null);
    await pc.addIceCandidate({ candidate: '', sdpMid: '0' });
  });

  test('createDataChannel argument errors are TypeErrors; a closed connection is InvalidStateError', async () => {
    const pc = peer();
    expect(() => pc.createDataChannel('x', { maxRetransmits: 1, maxPacketLifeTime: 1 })).toThrow(TypeError);
    expect(() => pc.createDataChannel('x', { negotiated: true })).toThrow(TypeError);
    expect(() => pc.createDataChannel('x', { negotiated: true, id: 65535 })).toThrow(TypeError);
    const ch = pc.createDataChannel('y');
    expect(() => ch.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    pc.close();
    expect(pc.signalingState).toBe('closed');
    expect(pc.connectionState).toBe('closed');
    expect(ch.readyState).toBe('closed');
    expect(() => pc.createDataChannel('z')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    await expect(pc.createOffer()).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(() => pc.setConfiguration({})).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  });
});

describe('signaling state machine', () => {
  test('offer/answer walks the states and fires signalingstatechange', async () => {
    const a = peer();
    const b = peer();
    a.createDataChannel('x');
    const states: string[] = [];
    a.onsignalingstatechange = () => states.push(`a:${a.signalingState}`);
    b.onsignalingstatechange = () => states.push(`b:${b.signalingState}`);
    await a.setLocalDescription();
    expect(a.pendingLocalDescription?.type).toBe('offer');
    expect(a.currentLocalDescription).toBeNull();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    expect(states).toEqual(['a:have-local-offer', 'b:have-remote-offer', 'b:stable', 'a:stable']);
    expect(a.currentLocalDescription?.type).toBe('offer');
    expect(a.currentRemoteDescription?.type).toBe('answer');
    expect(a.pendingLocalDescription).toBeNull();
    expect(b.currentRemoteDescription?.type).toBe('offer');
    expect(a.canTrickleIceCandidates).toBe(true);
  });

  test('rollback of a local offer returns to stable and allows a remote offer', async () => {
    const a = peer();
    a.createDataChannel('x');
    await a.setLocalDescription();
    expect(a.signalingState).toBe('have-local-offer');
    await a.setLocalDescription({ type: 'rollback' });
    expect(a.signalingState).toBe('stable');
    expect(a.localDescription).toBeNull();
    await expect(a.setRemoteDescription({ type: 'rollback' })).rejects.toMatchObject({
      name: 'InvalidStateError',
    });
    const b = peer();
    b.createDataChannel('y');
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    expect(a.signalingState).toBe('have-remote-offer');
    await a.setRemoteDescription(new RTCSessionDescription({ type: 'rollback' }));
    expect(a.signalingState).toBe('stable');
    expect(a.remoteDescription).toBeNull();
  });

  test('operations run in call order (operations chain)', async () => {
    const a = peer();
    a.createDataChannel('x');
    const order: string[] = [];
    const p1 = a.createOffer().then(() => order.push('createOffer'));
    const p2 = a.setLocalDescription().then(() => order.push('setLocalDescription'));
    const p3 = a.setLocalDescription({ type: 'rollback' }).then(() => order.push('rollback'));
    await Promise.all([p1, p2, p3]);
    expect(order).toEqual(['createOffer', 'setLocalDescription', 'rollback']);
  });

  test('negotiationneeded fires once for the first data channel', async () => {
    const a = peer();
    let fired = 0;
    a.onnegotiationneeded = () => fired++;
    a.createDataChannel('x');
    a.createDataChannel('y');
    await until(() => fired > 0, 1000, 'negotiationneeded');
    await new Promise((r) => setTimeout(r, 20));
    expect(fired).toBe(1);
  });

  test('getConfiguration reflects the configuration; no default STUN server', async () => {
    const pc = new RTCPeerConnection();
    opened.push(pc);
    expect(pc.getConfiguration()).toMatchObject({
      iceServers: [],
      iceTransportPolicy: 'all',
      bundlePolicy: 'max-bundle',
    });
    pc.setConfiguration({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
    expect(pc.getConfiguration().iceServers).toEqual([{ urls: 'stun:127.0.0.1:3478' }]);
    expect(() => pc.setConfiguration({ bundlePolicy: 'balanced' })).toThrow(
      expect.objectContaining({ name: 'InvalidModificationError' }),
    );
  });

  test('generateCertificate returns an ECDSA certificate usable in the configuration', async () => {
    const cert = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(cert.expires).toBeGreaterThan(Date.now());
    expect(cert.getFingerprints()[0]!.algorithm).toBe('sha-256');
    await expect(RTCPeerConnection.generateCertificate({ name: 'RSASSA-PKCS1-v1_5' })).rejects.toMatchObject({
      name: 'NotSupportedError',
    });
    const pc = new RTCPeerConnection({ certificates: [cert] });
    opened.push(pc);
    pc.createDataChannel('x');
    const offer = await pc.createOffer();
    expect(offer.sdp).toContain(cert.getFingerprints()[0]!.value);
  });
});

export { once };

describe('ICE server failures', () => {
  test('a TURN server that refuses the allocation gives icecandidateerror (701)', async () => {
    // A fake TURN server on 127.0.0.1 answering every request with 400 Bad Request (RFC 8489 §14.8).
    const { createSocket } = await import('node:dgram');
    const server = createSocket('udp4');
    server.on('message', (req, rinfo) => {
      const reason = Buffer.from('Bad Request');
      const attr = Buffer.alloc(4 + 4 + 12);
      attr.writeUInt16BE(0x0009, 0); // ERROR-CODE
      attr.writeUInt16BE(4 + reason.length, 2);
      attr[6] = 4; // class 4
      attr[7] = 0; // number 00
      reason.copy(attr, 8);
      const header = Buffer.alloc(20);
      header.writeUInt16BE((req.readUInt16BE(0) & 0x3eef) | 0x0110, 0); // error response class
      header.writeUInt16BE(attr.length, 2);
      req.copy(header, 4, 4, 20); // magic cookie and transaction id
      server.send(Buffer.concat([header, attr]), rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const pc = new RTCPeerConnection(
      { iceServers: [{ urls: `turn:127.0.0.1:${server.address().port}`, username: 'u', credential: 'p' }] },
      { hostAddresses: ['127.0.0.1'] },
    );
    opened.push(pc);
    pc.createDataChannel('x');
    const error = once<Event & { errorCode: number; errorText: string }>(pc, 'icecandidateerror', 10_000);
    try {
      await pc.setLocalDescription();
      const e = await error;
      expect(e.errorCode).toBe(701);
      expect(e.errorText).toContain('TURN');
    } finally {
      server.close();
    }
  });
});
