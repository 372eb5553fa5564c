// Attribution of the warm connect's JIT cost: preloaded into both tracer children, this runs one
// layer's connect-time code a dozen times before the first connect, in memory, so that its
// functions have V8 feedback (and baseline code) when the measured connects run. How much faster
// connects 2-6 get with a layer warmed is what that layer's code costs while V8 still interprets it
// without feedback (a function gets its feedback vector only after about eight calls' worth of
// bytecode, so code that runs once per connect runs without it until about the eighth connect).
//
//   RTC_PREWARM=dtls node tools/bench/dist/trace/connect-trace.js --connects=6 --show= \
//     --node-flags=--import=./tools/bench/dist/trace/prewarm.js
//
// RTC_PREWARM: comma-separated layers, any of sdp (parse and serialize an offer and an answer),
// ice (two agents, trickled host candidates, checks until both are connected: @rtc/ice and
// @rtc/stun), dtls (a whole handshake, both roles), sctp (association and one DCEP channel, both ends), full
// (whole RTCPeerConnection pairs over loopback, the fully warm reference). RTC_PREWARM_COUNT: how
// many times (12). Nothing is warmed when RTC_PREWARM is empty. The modules are the very ones
// @rtc/peer loads (one resolved path each), so the warmed functions are the ones it runs.
import { webcrypto } from 'node:crypto';
import { Certificate, DtlsEndpoint } from '@rtc/dtls';
import { IceAgent } from '@rtc/ice';
import { RTCPeerConnection } from '@rtc/peer';
import { Association } from '@rtc/sctp';
import { parseSdp, serializeSdp } from '@rtc/sdp';

const layers = new Set((process.env.RTC_PREWARM ?? '').split(',').filter(Boolean));
const count = Number(process.env.RTC_PREWARM_COUNT ?? 12);

/** An offer and an answer shaped like the bench's (one data channel, trickle, two host candidates). */
function sampleSdp(setup: 'actpass' | 'active', ufrag: string, port: number): string {
  return [
    'v=0',
    'o=- 2634243167260036518 0 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 0.0.0.0',
    `a=candidate:1259949798 1 udp 2130706431 fd00::2 ${port} typ host ufrag ${ufrag}`,
    `a=candidate:3361066532 1 udp 2130705663 192.0.2.2 ${port + 1} typ host ufrag ${ufrag}`,
    `a=ice-ufrag:${ufrag}`,
    'a=ice-pwd:YyRzNrtajEH4cg2T92uQCIPD',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 59:8C:30:4B:B5:A8:9B:0A:54:BF:CF:DA:E6:63:84:9A:A7:9D:0D:A4:48:40:C5:69:03:7A:BC:42:8A:04:1D:5B',
    `a=setup:${setup}`,
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
    '',
  ].join('\r\n');
}

function warmSdp(): void {
  const sdps = [sampleSdp('actpass', 'tPXrY8j2', 46588), sampleSdp('active', 'I3yqUOpk', 34060)];
  for (let i = 0; i < count; i++) for (const s of sdps) serializeSdp(parseSdp(s));
}

function warmIce(): void {
  for (let i = 0; i < count; i++) {
    const ends = [
      { agent: new IceAgent({ role: 'controlling' }), address: '10.0.0.1' },
      { agent: new IceAgent({ role: 'controlled' }), address: '10.0.0.2' },
    ];
    let now = 0;
    for (const [me, peer] of [ends, [...ends].reverse()] as const) {
      me.agent.addHostSocket({ socketId: 's0', address: me.address, port: 5000 }, now);
      me.agent.setRemoteCredentials(peer.agent.localUfrag, peer.agent.localPwd, { lite: false }, now);
    }
    for (const e of ends) e.agent.gather(now);
    const connected = () => ends.every((e) => e.agent.selectedPair !== undefined);
    for (let round = 0; round < 500 && !connected(); round++) {
      for (const [me, peer] of [ends, [...ends].reverse()] as const) {
        for (let t = me.agent.pollTransmit(); t; t = me.agent.pollTransmit())
          if (t.to.address === peer.address)
            peer.agent.handleDatagram(
              { socketId: 's0', from: { address: me.address, port: 5000 }, data: t.data },
              now,
            );
        for (let e = me.agent.pollEvent(); e; e = me.agent.pollEvent())
          if (e.type === 'local-candidate') peer.agent.addRemoteCandidate(e.candidate, now);
      }
      const next = Math.min(...ends.map((e) => e.agent.nextDeadline() ?? Number.POSITIVE_INFINITY));
      if (Number.isFinite(next) && next > now) now = next;
      for (const e of ends) e.agent.handleTimeout(now);
    }
    if (!connected()) throw new Error('prewarm: the ICE agents did not connect');
    for (const e of ends) e.agent.close(now);
  }
}

function warmDtls(): void {
  const [a, b] = [Certificate.generate(), Certificate.generate()];
  for (let i = 0; i < count; i++) {
    const client = new DtlsEndpoint({
      role: 'client',
      certificate: a,
      expectedFingerprints: [b.sdpFingerprint()],
    });
    const server = new DtlsEndpoint({
      role: 'server',
      certificate: b,
      expectedFingerprints: [a.sdpFingerprint()],
    });
    client.start(0);
    let connected = 0;
    for (let round = 0; round < 20 && connected < 2; round++) {
      for (let d = client.pollTransmit(); d; d = client.pollTransmit()) server.handleDatagram(d, 0);
      for (let d = server.pollTransmit(); d; d = server.pollTransmit()) client.handleDatagram(d, 0);
      for (const e of [client, server])
        for (let ev = e.pollEvent(); ev; ev = e.pollEvent()) if (ev.type === 'connected') connected++;
    }
    if (connected < 2) throw new Error('prewarm: the DTLS handshake did not complete');
  }
}

function warmSctp(): void {
  const random = (n: number) => webcrypto.getRandomValues(new Uint8Array(n));
  for (let i = 0; i < count; i++) {
    const a = new Association({ role: 'client', random });
    const b = new Association({ role: 'server', random });
    a.connect(0);
    a.createChannel({ label: 'bench' }, 0);
    let opened = false;
    for (let round = 0; round < 20 && !opened; round++) {
      for (let p = a.pollTransmit(); p; p = a.pollTransmit()) b.handlePacket(p, 0);
      for (let p = b.pollTransmit(); p; p = b.pollTransmit()) a.handlePacket(p, 0);
      while (a.pollEvent());
      for (let e = b.pollEvent(); e; e = b.pollEvent()) if (e.type === 'channel-open') opened = true;
    }
    if (!opened) throw new Error('prewarm: the SCTP association did not open its channel');
  }
}

async function warmFull(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
    b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
    const channel = a.createDataChannel('bench');
    const open = Promise.all([
      new Promise((r) => channel.addEventListener('open', r, { once: true })),
      new Promise((r) => {
        b.ondatachannel = (e) => {
          if (e.channel.readyState === 'open') r(undefined);
          else e.channel.addEventListener('open', r, { once: true });
        };
      }),
    ]);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await open;
    a.close();
    b.close();
  }
}

if (layers.has('sdp')) warmSdp();
if (layers.has('ice')) warmIce();
if (layers.has('dtls')) warmDtls();
if (layers.has('sctp')) warmSctp();
if (layers.has('full')) await warmFull();
