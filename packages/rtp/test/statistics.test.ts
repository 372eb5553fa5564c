import {
  decodeRtcp,
  encodeRtcp,
  ntpFromUnixMs,
  ntpMiddle32,
  ReceiveStatistics,
  RtpError,
  roundTripTimeMs,
  SendStatistics,
} from '../src/index.js';

describe('ReceiveStatistics (RFC 3550 A.3, A.8)', () => {
  test('loss, fraction lost per interval, extended highest sequence across the wrap', () => {
    const rs = new ReceiveStatistics(0xabc, 90000);
    // 65530 .. 65535, 0 .. 9 with 2 lost; 3000 ticks per 33.33 ms -> no jitter
    let n = 0;
    for (let s = 65530; s < 65536 + 10; s++) {
      const seq = s & 0xffff;
      if (seq === 2 || seq === 5) continue;
      rs.handlePacket(seq, (s - 65530) * 3000, ((s - 65530) * 1000) / 30);
      n++;
    }
    const rb = rs.reportBlock(1000)!;
    expect(rb.ssrc).toBe(0xabc);
    expect(rb.packetsLost).toBe(2);
    expect(rb.fractionLost).toBe(Math.floor((2 * 256) / 16));
    expect(rb.highestSequence).toBe(65536 + 9);
    expect(rb.jitter).toBe(0);
    expect(rb.lsr).toBe(0);
    expect(rb.dlsr).toBe(0);
    expect(rs.packetsReceived).toBe(n);
    // next interval with no loss: fraction 0, cumulative unchanged
    for (let s = 10; s < 20; s++) rs.handlePacket(s, (s + 6) * 3000, 0);
    const rb2 = rs.reportBlock(2000)!;
    expect(rb2.fractionLost).toBe(0);
    expect(rb2.packetsLost).toBe(2);
  });

  test('jitter converges to the mean deviation of transit times', () => {
    const rs = new ReceiveStatistics(1, 8000);
    // packets every 20 ms (160 ticks), arrivals alternate +-5 ms (40 ticks): |D| = 80 ticks
    for (let i = 0; i < 500; i++) rs.handlePacket(i, i * 160, i * 20 + (i % 2 ? 5 : -5));
    expect(rs.reportBlock(0)!.jitter).toBe(80);
    expect(rs.jitterMs).toBeCloseTo(10, 3);
  });

  test('LSR/DLSR from the last sender report give the sender its RTT', () => {
    const rs = new ReceiveStatistics(1, 90000);
    rs.handlePacket(1, 0, 0);
    const srNtp = ntpFromUnixMs(1_700_000_000_000);
    rs.handleSenderReport(srNtp, 100); // arrived at local 100 ms
    const rb = rs.reportBlock(350)!; // report sent 250 ms later
    expect(rb.lsr).toBe(ntpMiddle32(srNtp));
    expect(rb.dlsr).toBe(Math.round(0.25 * 65536));
    // the sender receives the RR 40 ms after sending its SR... plus the 250 ms hold time
    const rtt = roundTripTimeMs(ntpFromUnixMs(1_700_000_000_000 + 290), rb.lsr, rb.dlsr)!;
    expect(rtt).toBeCloseTo(40, 0);
  });

  test('no packets, no report; bad clock rate rejected', () => {
    expect(new ReceiveStatistics(1, 48000).reportBlock(0)).toBeUndefined();
    expect(() => new ReceiveStatistics(1, 0)).toThrow(RtpError);
  });
});

test('SendStatistics builds a sender report that encodes', () => {
  const ss = new SendStatistics(7);
  for (let i = 0; i < 10; i++) ss.handleSent(1000);
  const rr = new ReceiveStatistics(9, 48000);
  rr.handlePacket(1, 0, 0);
  const sr = ss.senderReport(ntpFromUnixMs(0), 1234, [rr.reportBlock(0)!]);
  expect(sr).toMatchObject({ ssrc: 7, packetCount: 10, octetCount: 10000, rtpTimestamp: 1234 });
  expect(decodeRtcp(encodeRtcp([sr]))).toEqual([sr]);
});
