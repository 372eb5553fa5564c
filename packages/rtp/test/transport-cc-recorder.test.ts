import { decodeRtcp, encodeRtcp, TransportCcRecorder, transportCcResults } from '../src/index.js';

describe('TransportCcRecorder', () => {
  test('reports arrivals and losses every interval, across the sequence wrap', () => {
    const rec = new TransportCcRecorder({ senderSsrc: 1, mediaSsrc: 2, intervalMs: 100 });
    expect(rec.nextDeadline()).toBeUndefined();
    const sent: number[] = [];
    for (let i = 0; i < 30; i++) {
      const seq = (65520 + i) & 0xffff;
      if (i % 7 === 3) continue; // lost
      rec.handlePacket(seq, 1000 + i * 2);
      sent.push(seq);
    }
    expect(rec.nextDeadline()).toBe(1100);
    rec.handleTimeout(1099);
    expect(rec.pollFeedback()).toBeUndefined();
    rec.handleTimeout(1100);
    const fb = rec.pollFeedback()!;
    expect(rec.pollFeedback()).toBeUndefined();
    const back = decodeRtcp(encodeRtcp([fb]))[0]!;
    if (back.type !== 'twcc') throw new Error('not twcc');
    const results = transportCcResults(back);
    expect(results.length).toBe(30);
    expect(results.filter((r) => r.received).map((r) => r.sequenceNumber)).toEqual(sent);
    const t0 = results[0]!.arrivalTimeUs!;
    for (const r of results)
      if (r.received) expect(r.arrivalTimeUs! - t0).toBe(((r.sequenceNumber - 65520) & 0xffff) * 2000);
    expect(back.fbPktCount).toBe(0);
    // the next feedback continues after the last reported packet; late arrivals of reported ones are ignored
    rec.handlePacket(65523, 1200);
    rec.handlePacket(14, 1201);
    rec.handleTimeout(1301);
    const next = rec.pollFeedback()!;
    expect(next.baseSequenceNumber).toBe(14);
    expect(next.packetStatusCount).toBe(1);
    expect(next.fbPktCount).toBe(1);
    expect(rec.nextDeadline()).toBeUndefined();
  });

  test('splits feedback when a delta exceeds 16 bits and bounds pending arrivals', () => {
    const rec = new TransportCcRecorder({ senderSsrc: 1, mediaSsrc: 2, maxPending: 100 });
    rec.handlePacket(0, 0);
    rec.handlePacket(1, 10_000); // 10 s later: beyond a signed 16-bit delta of 250 us ticks
    rec.flush();
    expect([rec.pollFeedback()?.baseSequenceNumber, rec.pollFeedback()?.baseSequenceNumber]).toEqual([0, 1]);
    for (let i = 2; i < 1000; i++) rec.handlePacket(i, 20_000 + i);
    rec.flush();
    const fb = rec.pollFeedback()!;
    expect(fb.packetStatusCount).toBeLessThanOrEqual(100);
    expect(fb.baseSequenceNumber).toBe(900);
  });
});
