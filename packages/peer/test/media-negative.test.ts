// Bad input on a live media transport between two @rtc/peer connections. The far end's own SRTP
// context protects crafted packets, which go out through its ICE agent on the selected pair, so
// they arrive exactly as a tampering or confused peer's would: an SRTP packet with a bad tag, a
// replayed one, RTP for an SSRC/mid nobody negotiated, and RTCP that is not RTCP. Each is dropped and
// counted, and the session carries on (RFC 3711 §3.3, RFC 8843 §9.2, RFC 3550 §6).
import { encodeHeaderExtensions, encodeMid, encodeRtpPacket } from '@rtc/rtp';
import type { RTCPeerConnection, RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource, rtpTransportStats } from '../src/media/nonstandard/index.js';
import { peerStateOf } from '../src/peer-connection.js';
import { negotiate, newPeer, trickle, until } from './helpers.js';
import { contiguous, recordingSink, vp8Frame } from './media-helpers.js';

const opened: RTCPeerConnection[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

/** Puts already protected bytes on `pc`'s selected ICE pair. */
function wire(pc: RTCPeerConnection) {
  const s = peerStateOf(pc)!;
  const stack = s.stack!;
  const session = s.media.transport!.session;
  return {
    session,
    send(bytes: Uint8Array): void {
      const now = stack.now();
      stack.agent.send(bytes, now);
      stack.pump(now);
    },
  };
}

function rtp(ssrc: number, seq: number, mid?: string): Uint8Array {
  return encodeRtpPacket({
    marker: true,
    payloadType: 96,
    sequenceNumber: seq,
    timestamp: 1234,
    ssrc,
    csrcs: [],
    extension: mid === undefined ? undefined : encodeHeaderExtensions([{ id: 4, data: encodeMid(mid) }]),
    payload: new Uint8Array([0x10, 1, 2, 3]),
    paddingLength: 0,
  });
}

test('bad SRTP tag, replay, unknown SSRC or mid, malformed RTCP: dropped, counted, media goes on', async () => {
  const a = newPeer();
  const b = newPeer();
  opened.push(a, b);
  trickle(a, b);
  const source = new EncodedTrackSource({ codec: 'video/VP8' });
  a.addTrack(source.track);
  const tracks: RTCTrackEvent[] = [];
  b.ontrack = (e) => tracks.push(e);
  await negotiate(a, b);
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    5000,
    'connected',
  );
  const sink = recordingSink(tracks[0]!.track);
  const frame = (n: number) => source.writeFrame({ data: vp8Frame(n, n === 0), timestampMs: n * 33 });
  for (let i = 0; i < 3; i++) frame(i);
  await until(() => sink.frames.length === 3, 5000, 'first frames');
  const before = rtpTransportStats(b)!;
  expect(before.srtp.rtpDropped['auth-failed']).toBe(0);

  const far = wire(a);
  // 1. A bad authentication tag (RFC 3711 §3.3 step 5 / RFC 7714 §9.2): dropped.
  const tampered = far.session.srtp.protectRtp(rtp(0x22222222, 1));
  tampered[tampered.length - 1]! ^= 0xff;
  far.send(tampered);
  // 2. A replayed packet (RFC 3711 §3.3.2): the first copy is for an unknown mid, the second a replay.
  const once = far.session.srtp.protectRtp(rtp(0x11111111, 7, 'zz'));
  far.send(once);
  far.send(once.slice());
  // 3. An SSRC no section signalled, without a mid, on a payload type whose stream has its SSRC.
  far.send(far.session.srtp.protectRtp(rtp(0x33333333, 1)));
  // 4. RTCP that is not RTCP (a length beyond the packet), properly protected.
  const bogus = new Uint8Array([0x80, 200, 0x00, 0x40, 0, 0, 0, 1, 9, 9, 9, 9]);
  far.send(far.session.srtp.protectRtcp(bogus));
  // 5. Junk that is neither: a first byte in the RTP range but too short for SRTP.
  far.send(new Uint8Array([0x80, 0x60, 0x00]));

  await until(
    () => {
      const st = rtpTransportStats(b)!;
      return (
        st.srtp.rtpDropped['auth-failed'] === 1 &&
        st.srtp.rtpDropped.replayed === 1 &&
        st.session.unknownSsrc === 2 &&
        st.session.malformedRtcp === 1 &&
        st.session.srtpDropped >= 3
      );
    },
    5000,
    'drops counted',
  );
  // Media goes on, and nothing crafted reached the track.
  for (let i = 3; i < 8; i++) frame(i);
  await until(() => sink.frames.length === 8, 5000, 'frames after the junk');
  expect(contiguous(sink.packets)).toBe(true);
  expect(sink.packets.every((p) => p.ssrc === sink.packets[0]!.ssrc)).toBe(true);
  const inbound = [...(await tracks[0]!.receiver.getStats()).values()].find((x) => x.type === 'inbound-rtp')!;
  const outbound = [...(await a.getSenders()[0]!.getStats()).values()].find(
    (x) => x.type === 'outbound-rtp',
  )!;
  expect(inbound.packetsReceived).toBe(outbound.packetsSent);
  expect(b.connectionState).toBe('connected');
}, 20_000);
