// Packets held before their layer exists are bounded: a peer cannot make an unfinished connection
// keep an unbounded queue of DTLS or SRTP datagrams.
import { EarlyPackets } from '../src/transport/early-packets.js';

const datagram = (i: number) => Uint8Array.of(22, 254, 253, i & 0xff);

describe('packets held before their layer exists', () => {
  it('keeps at most 32 early DTLS datagrams, in order, and counts the rest as dropped', () => {
    const early = new EarlyPackets();
    for (let i = 0; i < 40; i++) early.holdDtls(datagram(i));
    expect(early.counters.earlyDtlsHeld).toBe(32);
    expect(early.counters.earlyDtlsDropped).toBe(8);
    const held = early.takeDtls();
    expect(held.map((d) => d[3])).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(early.takeDtls()).toEqual([]);
  });

  it('keeps SRTP only while DTLS is connecting, at most 64, and counts the rest as ignored', () => {
    const early = new EarlyPackets();
    early.holdRtp(datagram(0), false);
    expect(early.counters.rtpIgnored).toBe(1);
    for (let i = 0; i < 70; i++) early.holdRtp(datagram(i), true);
    expect(early.counters.earlyRtpHeld).toBe(64);
    expect(early.counters.rtpIgnored).toBe(7);
    early.dropRtp();
    expect(early.counters.rtpIgnored).toBe(71);
    expect(early.takeRtp()).toEqual([]);
  });
});
