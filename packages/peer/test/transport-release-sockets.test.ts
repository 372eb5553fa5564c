// RFC 8445 §8.3.1: 3 s after ICE selects a pair, the transport closes host sockets no pair uses;
// an ICE restart binds them again so every interface is offered anew.
import { type RTCDataChannel, RTCPeerConnection } from '../src/index.js';
import { negotiate, once, trickle, until } from './helpers.js';

const localCandidates = async (pc: RTCPeerConnection) =>
  [...(await pc.getStats()).values()]
    .filter((s) => s.type === 'local-candidate')
    .map((s) => String(s.address))
    .sort();

describe('transport: unused host sockets are released after selection', () => {
  test('one of two host sockets closes 3 s after selection; data still flows; restartIce binds it again', async () => {
    // Linux routes all of 127/8 to lo, so two loopback addresses behave like two interfaces.
    const opts = { hostAddresses: ['127.0.0.1', '127.0.0.2'] };
    const a = new RTCPeerConnection({}, opts);
    const b = new RTCPeerConnection({}, opts);
    try {
      trickle(a, b);
      const ca = a.createDataChannel('x');
      const incoming = once<Event & { channel: RTCDataChannel }>(b, 'datachannel');
      await negotiate(a, b);
      const cb = (await incoming).channel;
      if (ca.readyState !== 'open') await once(ca, 'open');
      expect(await localCandidates(a)).toEqual(['127.0.0.1', '127.0.0.2']);
      await new Promise((r) => setTimeout(r, 3300));
      expect(await localCandidates(a)).toHaveLength(1);
      expect(await localCandidates(b)).toHaveLength(1);
      const got = once<MessageEvent>(cb, 'message');
      ca.send('after release');
      expect((await got).data).toBe('after release');
      // ICE restart: the released address is bound again and signalled as a new candidate.
      a.restartIce();
      await negotiate(a, b);
      await until(() => a.iceConnectionState === 'connected', 5000, 'connected after restart');
      await until(() => a.iceGatheringState === 'complete', 5000, 'gathering complete');
      let both = false;
      await until(
        () => {
          void localCandidates(a).then((c) => {
            both = c.length === 2;
          });
          return both;
        },
        5000,
        'both addresses again',
      );
      expect(await localCandidates(a)).toEqual(['127.0.0.1', '127.0.0.2']);
    } finally {
      a.close();
      b.close();
    }
  }, 20_000);
});
