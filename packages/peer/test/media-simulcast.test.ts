// Receiving simulcast by rid (RFC 8851, RFC 8853, RFC 8843 §9.2 with RFC 8852 rid header
// extensions) between two @rtc/peer connections. Our senders do not send simulcast, so the offer
// given to the receiver announces two send rids, and the far end's own SRTP context protects two
// unsignalled streams (one per rid) that go out on its ICE pair: the receiver binds each SSRC to
// its layer by mid+rid, and a sink reads the layer it asked for.
import { encodeHeaderExtensions, encodeMid, encodeRid, encodeRtpPacket, Vp8Packetizer } from '@rtc/rtp';
import { parseSdp } from '@rtc/sdp';
import type { RTCPeerConnection, RTCTrackEvent } from '../src/index.js';
import { EncodedTrackSource } from '../src/media/nonstandard/index.js';
import { peerStateOf } from '../src/peer-connection.js';
import { newPeer, trickle, until } from './helpers.js';
import { contiguous, recordingSink, vp8Frame } from './media-helpers.js';

const opened: RTCPeerConnection[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

/** a offers one video section announced as two send rids; b answers; crafted layers go a -> b. */
async function simulcastPair() {
  const a = newPeer();
  const b = newPeer();
  opened.push(a, b);
  trickle(a, b);
  a.addTrack(new EncodedTrackSource({ codec: 'video/VP8' }).track);
  await a.setLocalDescription();
  // RFC 8853 §5.2: the offer announces the layers it will send.
  const sdp = a.localDescription!.sdp.replace(
    'a=rtcp-mux\r\n',
    'a=rtcp-mux\r\na=rid:hi send\r\na=rid:lo send\r\na=simulcast:send hi;lo\r\n',
  );
  const tracks: RTCTrackEvent[] = [];
  b.ontrack = (e) => tracks.push(e);
  await b.setRemoteDescription({ type: 'offer', sdp });
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  await until(
    () => a.connectionState === 'connected' && b.connectionState === 'connected',
    5000,
    'connected',
  );
  const s = peerStateOf(a)!;
  const stack = s.stack!;
  const session = s.media.transport!.session;
  const packetizer = new Vp8Packetizer();
  /** Sends frame `frame` of a layer; `skip` leaves out the packet with that index. */
  const send = (ssrc: number, rid: string, frame: number, seq: { n: number }, skip?: number) => {
    const payloads = packetizer.packetize(vp8Frame(frame, frame === 0, 2000), 1200);
    payloads.forEach((payload, i) => {
      const rtp = encodeRtpPacket({
        marker: i === payloads.length - 1,
        payloadType: 96,
        sequenceNumber: seq.n++ & 0xffff,
        timestamp: frame * 3000,
        ssrc,
        csrcs: [],
        extension: encodeHeaderExtensions([
          { id: 4, data: encodeMid('0') },
          { id: 10, data: encodeRid(rid) },
        ]),
        payload,
        paddingLength: 0,
      });
      if (i === skip) return;
      const now = stack.now();
      stack.agent.send(session.srtp.protectRtp(rtp), now);
      stack.pump(now);
    });
  };
  return { a, b, tracks, send };
}

test('two rid layers on one m-section: each SSRC bound by mid+rid, a sink per layer', async () => {
  const { b, tracks, send } = await simulcastPair();
  const answer = parseSdp(b.localDescription!.sdp);
  expect(answer.media[0]!.simulcast?.recv?.map((x) => x[0]!.rid)).toEqual(['hi', 'lo']);

  const track = tracks[0]!.track;
  const hi = recordingSink(track, { rid: 'hi' });
  const lo = recordingSink(track, { rid: 'lo' });
  const first = recordingSink(track); // no rid: the first layer announced
  const seqHi = { n: 100 };
  const seqLo = { n: 5000 };
  for (let f = 0; f < 4; f++) {
    send(0xaaaa0001, 'hi', f, seqHi);
    send(0xbbbb0002, 'lo', f, seqLo);
  }
  await until(
    () => hi.frames.length === 4 && lo.frames.length === 4 && first.frames.length === 4,
    5000,
    'layers',
  );
  expect(hi.packets.every((p) => p.ssrc === 0xaaaa0001)).toBe(true);
  expect(lo.packets.every((p) => p.ssrc === 0xbbbb0002)).toBe(true);
  expect(first.packets.every((p) => p.ssrc === 0xaaaa0001)).toBe(true);
  expect(contiguous(hi.packets) && contiguous(lo.packets)).toBe(true);
  expect(hi.frames.map((f) => f.data)).toEqual([0, 1, 2, 3].map((f) => vp8Frame(f, f === 0, 2000)));
  // Both layers are in the stats, each with its rid.
  const inbound = [...(await tracks[0]!.receiver.getStats()).values()].filter(
    (x) => x.type === 'inbound-rtp',
  );
  expect(inbound.map((x) => [x.rid, x.ssrc]).sort()).toEqual([
    ['hi', 0xaaaa0001],
    ['lo', 0xbbbb0002],
  ]);
  // A key frame request names the layer.
  expect(lo.sink.requestKeyframe()).toBe(true);
}, 20_000);

test('loss the retransmissions do not repair: NACKs, then a PLI once the jitter buffer gives up', async () => {
  const { tracks, send } = await simulcastPair();
  const lo = recordingSink(tracks[0]!.track, { rid: 'lo', jitterBuffer: { maxWaitMs: 60 } });
  const seq = { n: 65530 }; // across the 16-bit wrap too
  for (let f = 0; f < 3; f++) send(0xbbbb0002, 'lo', f, seq);
  await until(() => lo.frames.length === 3, 5000, 'first frames');
  send(0xbbbb0002, 'lo', 3, seq, 0); // its first packet never comes, RTX neither
  const stats = async () =>
    [...(await tracks[0]!.receiver.getStats()).values()].find(
      (x) => x.type === 'inbound-rtp' && x.rid === 'lo',
    )!;
  let inbound = await stats();
  for (let f = 4; f < 80 && ((inbound.pliCount as number) < 1 || (inbound.nackCount as number) < 1); f++) {
    send(0xbbbb0002, 'lo', f, seq);
    await new Promise((r) => setTimeout(r, 20));
    inbound = await stats();
  }
  expect(inbound.nackCount as number).toBeGreaterThanOrEqual(1);
  expect(inbound.pliCount as number).toBeGreaterThanOrEqual(1);
  expect(lo.sink.jitterBuffer!.stats.framesDropped).toBeGreaterThanOrEqual(1);
  // Frames after the loss are not handed out until a key frame: the sink still wants one.
  expect(lo.sink.needsKeyframe).toBe(true);
  expect(lo.frames.every((f, i) => i < 3 || !f.afterGap || f.keyframe)).toBe(true);
}, 20_000);
