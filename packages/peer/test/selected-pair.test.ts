// The selected candidate pair as the application sees it (webrtc-pc §5.6 getSelectedCandidatePair,
// RTCTransportStats.selectedCandidatePairId): from the moment data can flow, which between two
// processes is often before the controlling agent's nomination check has completed (the transport
// then reports the valid pair carrying DTLS: transport-early-dtls.test.ts pins that down with a
// nomination that never comes). Here: reported after open, and announced once on each side even
// though it is first the valid pair and then, by nomination, the selected one.
import { connectedPair } from './helpers.js';

describe('selected candidate pair', () => {
  it('is reported on both sides as soon as the channels are open, and announced once', async () => {
    const changes = { a: 0, b: 0 };
    // Two loopback addresses each: four pairs, so the controlling agent nominates after more checks.
    const { a, b, ca, cb } = await connectedPair('sel', ['127.0.0.1', '127.0.0.2']);
    try {
      for (const [pc, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        const ice = pc.sctp!.transport.iceTransport;
        ice.addEventListener('selectedcandidatepairchange', () => changes[name]++);
        const pair = ice.getSelectedCandidatePair();
        expect(pair).not.toBeNull();
        const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
        const transport = stats.find((s) => s.type === 'transport')!;
        expect(typeof transport.selectedCandidatePairId).toBe('string');
        const reported = stats.find((s) => s.id === transport.selectedCandidatePairId)!;
        expect(reported.type).toBe('candidate-pair');
        expect(transport.selectedCandidatePairChanges).toBe(1);
      }
      // Nomination of the pair already in use changes nothing: no further event, same count.
      const received = new Promise((r) => {
        cb.onmessage = r;
      });
      ca.send('x');
      await received;
      await new Promise((r) => setTimeout(r, 200));
      expect(changes).toEqual({ a: 0, b: 0 });
      for (const pc of [a, b]) {
        const stats = [...(await pc.getStats()).values()] as Array<Record<string, unknown>>;
        expect(stats.find((s) => s.type === 'transport')!.selectedCandidatePairChanges).toBe(1);
      }
    } finally {
      a.close();
      b.close();
    }
  }, 10_000);
});
