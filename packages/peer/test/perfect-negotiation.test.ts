// The "perfect negotiation" pattern (webrtc-pc §10.7 example) between two @rtc peers, with glare:
// both sides create a channel at the same time and both send offers; the polite peer rolls back.
import type {
  RTCDataChannel,
  RTCDataChannelEvent,
  RTCPeerConnection,
  RTCSessionDescriptionInit,
  RTCTrackEvent,
} from '../src/index.js';
import { EncodedTrackSource } from '../src/media/nonstandard/index.js';
import { newPeer, once, until } from './helpers.js';
import { recordingSink, vp8Frame } from './media-helpers.js';

type Signal = { description?: RTCSessionDescriptionInit; candidate?: unknown };

function perfectNegotiation(pc: RTCPeerConnection, polite: boolean, send: (m: Signal) => void) {
  let makingOffer = false;
  let ignoreOffer = false;
  const errors: unknown[] = [];
  pc.onnegotiationneeded = async () => {
    try {
      makingOffer = true;
      await pc.setLocalDescription();
      send({ description: pc.localDescription!.toJSON() });
    } catch (e) {
      errors.push(e);
    } finally {
      makingOffer = false;
    }
  };
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) send({ candidate: candidate.toJSON() });
  };
  const receive = async ({ description, candidate }: Signal) => {
    try {
      if (description) {
        const collision = description.type === 'offer' && (makingOffer || pc.signalingState !== 'stable');
        ignoreOffer = !polite && collision;
        if (ignoreOffer) return;
        await pc.setRemoteDescription(description);
        if (description.type === 'offer') {
          await pc.setLocalDescription();
          send({ description: pc.localDescription!.toJSON() });
        }
      } else if (candidate) {
        try {
          await pc.addIceCandidate(candidate as never);
        } catch (e) {
          if (!ignoreOffer) throw e;
        }
      }
    } catch (e) {
      errors.push(e);
    }
  };
  return { receive, errors };
}

test('perfect negotiation with glare: both offer at once, both channels open, no errors', async () => {
  const a = newPeer();
  const b = newPeer();
  try {
    // Signalling with a little latency so both offers are in flight at the same time.
    const pa = perfectNegotiation(a, false, (m) => setTimeout(() => void pb.receive(m), 5));
    const pb = perfectNegotiation(b, true, (m) => setTimeout(() => void pa.receive(m), 5));
    const seenByA = new Map<string, RTCDataChannel>();
    let resolveMessage: (text: string) => void = () => undefined;
    const got = new Promise<string>((resolve) => {
      resolveMessage = resolve;
    });
    a.ondatachannel = (e: RTCDataChannelEvent) => seenByA.set(e.channel.label, e.channel);
    // The handler is attached in ondatachannel: a message may arrive in the same packet as the OPEN.
    b.ondatachannel = (e: RTCDataChannelEvent) => {
      if (e.channel.label === 'from-a') e.channel.onmessage = (m) => resolveMessage(String(m.data));
    };
    const fromA = a.createDataChannel('from-a');
    const fromB = b.createDataChannel('from-b');
    await Promise.all([once(fromA, 'open', 10_000), once(fromB, 'open', 10_000)]);
    expect(pa.errors).toEqual([]);
    expect(pb.errors).toEqual([]);
    expect(a.signalingState).toBe('stable');
    expect(b.signalingState).toBe('stable');
    fromA.send('through the glare');
    expect(await got).toBe('through the glare');
    await new Promise((r) => setTimeout(r, 50));
    expect(seenByA.has('from-b')).toBe(true);
  } finally {
    a.close();
    b.close();
  }
});

test('perfect negotiation with media glare: both add a track at once, frames flow both ways', async () => {
  const a = newPeer();
  const b = newPeer();
  try {
    const pa = perfectNegotiation(a, false, (m) => setTimeout(() => void pb.receive(m), 5));
    const pb = perfectNegotiation(b, true, (m) => setTimeout(() => void pa.receive(m), 5));
    const atA: RTCTrackEvent[] = [];
    const atB: RTCTrackEvent[] = [];
    a.ontrack = (e) => atA.push(e);
    b.ontrack = (e) => atB.push(e);
    const va = new EncodedTrackSource({ codec: 'video/VP8' });
    const vb = new EncodedTrackSource({ codec: 'video/VP8' });
    a.addTrack(va.track);
    b.addTrack(vb.track);
    await until(
      () => atA.length > 0 && atB.length > 0 && va.attached && vb.attached,
      10_000,
      'tracks both ways',
    );
    await until(() => a.signalingState === 'stable' && b.signalingState === 'stable', 5000, 'stable');
    expect(pa.errors).toEqual([]);
    expect(pb.errors).toEqual([]);
    const sinkA = recordingSink(atA.at(-1)!.track);
    const sinkB = recordingSink(atB.at(-1)!.track);
    for (let i = 0; i < 3; i++) {
      va.writeFrame({ data: vp8Frame(i, i === 0), timestampMs: i * 33 });
      vb.writeFrame({ data: vp8Frame(i, i === 0), timestampMs: i * 33 });
    }
    await until(() => sinkA.frames.length === 3 && sinkB.frames.length === 3, 5000, 'frames both ways');
  } finally {
    a.close();
    b.close();
  }
});
