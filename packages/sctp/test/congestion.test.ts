// RFC 9260 §7.2 congestion control and §6.3 retransmission, driven through the Sender with synthetic
// SACKs: HTNA miss indications, one Fast Retransmit per TSN, one cwnd reduction per Fast Recovery and
// its exit point, the first retransmission ignoring cwnd only on entry, a lost fast retransmission
// repaired without T3-rtx, and T3-rtx.
import { OutMessage } from '../src/association/outbound.js';
import { RtoEstimator } from '../src/association/rto.js';
import { Sender } from '../src/association/sender.js';
import { ChunkType, type SackChunk } from '../src/index.js';

const MTU = 1000;

/** A sender with `messages` queued 900-byte messages (one DATA chunk per 1000-byte packet). */
function setup(messages = 60, cwndPackets = 10) {
  const rto = new RtoEstimator(1000, 200, 60000);
  const s = new Sender(1, 1 << 20, { mtu: MTU, initialCwnd: cwndPackets * MTU, maxBurst: 0 }, rto);
  for (let i = 0; i < messages; i++)
    s.enqueue(
      new OutMessage(1, 53, new Uint8Array(900), false, -1, Number.POSITIVE_INFINITY, undefined, 900),
    );
  /** One packet's worth of DATA: the TSNs written. */
  const packet = (now = 0): number[] => {
    const out = new Uint8Array(MTU);
    const end = s.fill(out, 0, MTU, now);
    const tsns: number[] = [];
    for (let off = 0; off < end; ) {
      expect(out[off]).toBe(ChunkType.DATA);
      tsns.push(new DataView(out.buffer).getUint32(off + 4));
      off += (((out[off + 2]! << 8) | out[off + 3]!) + 3) & ~3;
    }
    return tsns;
  };
  const sendAll = (now = 0) => {
    const tsns: number[] = [];
    for (let p = packet(now); p.length; p = packet(now)) tsns.push(...p);
    return tsns;
  };
  /** SACK with the cumulative ack and gap blocks given as absolute TSN ranges. */
  const sack = (cum: number, ranges: [number, number][] = [], now = 10) => {
    const c: SackChunk = {
      type: ChunkType.SACK,
      flags: 0,
      cumulativeTsnAck: cum,
      advertisedRwnd: 1 << 20,
      gapBlocks: ranges.flatMap(([a, b]) => [a - cum, b - cum]),
      duplicateTsns: [],
    };
    expect(s.onSack(c, now)).toBe(true);
  };
  /** Three SACKs reporting TSN 1 missing while 2, 3 and 4 arrive: its third miss indication. */
  const loseFirst = () => {
    sack(0, [[2, 2]]);
    sack(0, [[2, 3]]);
    sack(0, [[2, 4]]);
  };
  return { s, rto, packet, sendAll, sack, loseFirst };
}

describe('congestion control and fast retransmit (RFC 9260 §7.2)', () => {
  it('counts miss indications by the HTNA rule: a SACK that acks nothing new adds none', () => {
    const { s, sendAll, sack, packet } = setup();
    // cwnd is 10 MTU and counts user data: twelve 900-byte chunks fit.
    expect(sendAll()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    sack(0, [[2, 2]]); // miss 1
    sack(0, [[2, 2]]); // same report again: nothing newly acked, no miss
    sack(0, [[2, 2]]);
    sack(0, [[2, 3]]); // miss 2
    expect(s.stats.fastRetransmits).toBe(0);
    expect(s.cc.inFastRecovery).toBe(false);
    sack(0, [[2, 4]]); // miss 3: fast retransmit
    expect(s.stats.fastRetransmits).toBe(1);
    expect(s.cc.inFastRecovery).toBe(true);
    // §7.2.3: ssthresh = max(cwnd/2, 4 MTU), cwnd = ssthresh; the flight (7 packets) exceeds it, yet
    // the retransmission goes out at once (§7.2.4 3), and nothing else does.
    expect(s.cwnd).toBe(5 * MTU);
    expect(s.ssthresh).toBe(5 * MTU);
    expect(s.flightSize).toBeGreaterThan(s.cwnd);
    expect(packet()).toEqual([1]);
    expect(packet()).toEqual([]);
  });

  it('fast-retransmits a TSN once; later holes in the same recovery wait for cwnd and do not cut it again', () => {
    const { s, sendAll, sack, packet, loseFirst } = setup(60, 20);
    const last = sendAll().at(-1)!;
    loseFirst();
    expect(packet()).toEqual([1]);
    const cwnd = s.cwnd;
    expect(cwnd).toBe(10 * MTU);
    const ssthresh = s.ssthresh;
    // TSN 6 is lost too; further SACKs keep reporting 1 missing (its retransmission is in flight).
    sack(0, [[2, 5]]);
    sack(0, [
      [2, 5],
      [7, 7],
    ]);
    sack(0, [
      [2, 5],
      [7, 8],
    ]);
    sack(0, [
      [2, 5],
      [7, 9],
    ]);
    expect(s.stats.fastRetransmits).toBe(2); // 1 and 6, each once
    expect(s.cwnd).toBe(cwnd); // §7.2.4 6: no second reduction inside Fast Recovery
    expect(s.ssthresh).toBe(ssthresh);
    // TSN 6 is marked, but the retransmission now has to wait for cwnd (no bypass inside recovery).
    expect(s.flightSize).toBeGreaterThanOrEqual(s.cwnd);
    expect(packet()).toEqual([]);
    // The retransmission of 1 arrives: the cum ack moves to 5, below the exit point (the highest TSN
    // sent when recovery began): still in recovery. 6 goes out as soon as cwnd allows.
    sack(5, [[7, last - 2]]);
    expect(s.cc.inFastRecovery).toBe(true);
    expect(s.flightSize).toBeLessThan(s.cwnd);
    expect(packet()).toEqual([6]);
    expect(s.stats.retransmissions).toBe(2);
    // Reaching the exit point ends Fast Recovery.
    sack(last - 1, []);
    expect(s.cc.inFastRecovery).toBe(true);
    sack(last);
    expect(s.cc.inFastRecovery).toBe(false);
    expect(s.stats.fastRetransmits).toBe(2);
  });

  it('a loss after the recovery exit point is a new congestion event', () => {
    const { s, sendAll, sack, loseFirst } = setup();
    const last = sendAll().at(-1)!;
    loseFirst();
    sendAll();
    sack(last);
    expect(s.cc.inFastRecovery).toBe(false);
    const before = s.cwnd;
    const sent = sendAll();
    expect(sent.length).toBeGreaterThan(3);
    const first = sent[0]!;
    sack(last, [[first + 1, first + 1]]);
    sack(last, [[first + 1, first + 2]]);
    sack(last, [[first + 1, first + 3]]);
    expect(s.cc.inFastRecovery).toBe(true);
    expect(s.cwnd).toBe(Math.max(before >> 1, 4 * MTU));
  });

  it('a lost fast retransmission is sent again after three SACKs ack data sent after it, with no T3-rtx', () => {
    const { s, rto, sendAll, sack, packet, loseFirst } = setup(200, 20);
    const first = sendAll();
    const last = first.at(-1)!;
    loseFirst();
    expect(packet(10)).toEqual([1]); // the fast retransmission, which the network loses
    const cwnd1 = s.cwnd;
    // SACKs that newly ack only data sent before the retransmission say nothing about it.
    for (let k = 5; k <= last; k++) sack(0, [[2, k]]);
    expect(s.stats.fastRetransmits).toBe(1);
    // Recovery frees the window as the originals are acked: new data (above `last`) goes out.
    const after = sendAll(10);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after[0]).toBe(last + 1);
    // Three SACKs each newly acking data sent after the retransmission: it was lost.
    sack(0, [[2, after[0]!]]);
    sack(0, [[2, after[1]!]]);
    expect(s.stats.fastRetransmits).toBe(1);
    sack(0, [[2, after[2]!]]);
    expect(s.stats.fastRetransmits).toBe(2);
    expect(s.stats.t3Expirations).toBe(0);
    // A new congestion event: the window halves again and the retransmission ignores it once.
    expect(s.cwnd).toBe(Math.max(cwnd1 >> 1, 4 * MTU));
    expect(s.cc.inFastRecovery).toBe(true);
    expect(s.flightSize).toBeGreaterThan(s.cwnd);
    expect(packet(50)).toEqual([1]);
    expect(packet(50)).toEqual([]);
    // §7.2.4 4: the first outstanding chunk going again restarts T3-rtx from this send.
    expect(s.t3At).toBe(50 + rto.rto);
    sack(after.at(-1)!);
    expect(s.cc.inFastRecovery).toBe(false);
  });

  it('a retransmission lost in the congestion one reduction answered does not reduce cwnd again', () => {
    // Virtual clock: each send happens at the time of the SACK that allowed it.
    const { s, sendAll, sack, packet, loseFirst } = setup(300, 20);
    expect(sendAll().at(-1)).toBe(23);
    loseFirst(); // TSN 1: fast retransmit, the reduction (at 10)
    expect(packet(10)).toEqual([1]);
    const cwnd1 = s.cwnd;
    for (let k = 5; k <= 11; k++) sack(0, [[2, k]], 20);
    // TSN 12 is missing too. Two reports, then the window lets new data out: TSN 24.
    const without12 = (k: number): [number, number][] => [
      [2, 11],
      [13, k],
    ];
    sack(0, without12(13), 20);
    sack(0, without12(14), 20);
    expect(sendAll(20)).toEqual([24]);
    sack(0, without12(15), 30); // third report: 12 goes, inside the same recovery
    expect(s.stats.fastRetransmits).toBe(2);
    expect(s.cwnd).toBe(cwnd1);
    expect(packet(30)).toEqual([12]); // its retransmission, at 30, which the network loses
    for (let k = 16; k <= 23; k++) sack(0, without12(k), 40);
    const fresh = sendAll(40);
    expect(fresh[0]).toBe(25);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    // SACKs for 24 and later: 1 (retransmitted before 24 was sent) counts them all; 12 (after 24)
    // from 25 on. 1 is lost again first: its retransmission (at 10) went after the reduction (at
    // 10), so congestion outlived it: a second reduction, at 50.
    sack(0, without12(24), 50);
    sack(0, without12(25), 50);
    sack(0, without12(26), 50);
    expect(s.stats.fastRetransmits).toBe(3);
    const cwnd2 = s.cwnd;
    expect(cwnd2).toBe(Math.max(cwnd1 >> 1, 4 * MTU));
    // Then 12: its retransmission (at 30) went before the reduction at 50, in the congestion that
    // reduction answered. It goes again, and cwnd stays.
    sack(0, without12(27), 60);
    expect(s.stats.fastRetransmits).toBe(4);
    expect(s.cwnd).toBe(cwnd2);
    expect(s.stats.t3Expirations).toBe(0);
  });

  it('after T3-rtx resends a fast-retransmitted TSN, only data sent after that resend counts against it', () => {
    const { s, sendAll, sack, packet, loseFirst } = setup(200, 20);
    const last = sendAll().at(-1)!;
    loseFirst();
    expect(packet()).toEqual([1]);
    for (let k = 5; k <= last; k++) sack(0, [[2, k]]);
    const after = sendAll(); // sent after the fast retransmission
    expect(after.length).toBeGreaterThanOrEqual(3);
    s.onT3(s.t3At!);
    expect(packet(2000)).toEqual([1]); // the T3 resend goes first
    // SACKs for data sent between the fast retransmission and the T3 resend: the resend may
    // still arrive, so they are no evidence against it.
    for (let k = 0; k < 3; k++) sack(0, [[2, after[k]!]], 2010);
    expect(s.stats.fastRetransmits).toBe(1);
  });

  it('slow start grows cwnd by at most one MTU per SACK, only while the window is full', () => {
    const { s, sendAll, sack } = setup(200);
    const tsns = sendAll();
    const start = s.cwnd;
    sack(tsns[1]!); // two chunks (1800 bytes) acked: +1 MTU, not +1800
    expect(s.cwnd).toBe(start + MTU);
    // Before this SACK the flight (10 chunks) was more than an MTU short of the grown cwnd: the
    // window was not in full use, so no growth (§7.2.1).
    sack(tsns[tsns.length - 1]!);
    expect(s.cwnd).toBe(start + MTU);
    // A full window again: growth resumes.
    const more = sendAll();
    sack(more[1]!);
    expect(s.cwnd).toBe(start + 2 * MTU);
  });

  it('T3-rtx: cwnd to 1 MTU, ssthresh halved (at least 4 MTU), RTO doubled, one packet retransmitted', () => {
    const { s, rto, sendAll, packet } = setup();
    sendAll();
    const cwnd = s.cwnd;
    const rtoBefore = rto.rto;
    expect(s.t3At).toBe(rtoBefore);
    s.onT3(s.t3At!);
    expect(s.stats.t3Expirations).toBe(1);
    expect(s.cwnd).toBe(MTU);
    expect(s.ssthresh).toBe(Math.max(cwnd >> 1, 4 * MTU));
    expect(rto.rto).toBe(Math.min(2 * rtoBefore, 60000));
    expect(s.flightSize).toBe(0);
    // The earliest outstanding chunk first; then only what one MTU of cwnd lets out (flight is
    // counted in user bytes, so a second 900-byte chunk still fits under 1000).
    expect(packet(2000)).toEqual([1]);
    expect(packet(2000)).toEqual([2]);
    expect(packet(2000)).toEqual([]);
    expect(s.stats.retransmissions).toBe(2);
    expect(s.t3At).toBe(rtoBefore + rto.rto); // restarted with the backed-off RTO at expiry
    // A new RTT sample (from a chunk sent once) recomputes the RTO: the back-off is undone.
    rto.measure(50);
    expect(rto.rto).toBe(200);
  });
});
