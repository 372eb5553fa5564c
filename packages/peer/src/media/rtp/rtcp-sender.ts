// Outgoing RTCP (RFC 3550 §6): compound reports (SR per sending source, else RR, then SDES CNAME,
// §6.1) on the §6.3 interval, and feedback packets (RFC 4585) sent at once, reduced-size when
// a=rtcp-rsize was negotiated (RFC 5506 §3) or wrapped in a minimal compound otherwise.
import { encodeRtcp, type ReportBlock, type RtcpPacket, SdesItemType } from '@rtc/rtp';
import type { ReceiveStream } from './receive-stream.js';
import { rtcpIntervalMs } from './rtcp-interval.js';
import type { SendStream } from './send-stream.js';

export interface RtcpSenderOptions {
  cname: string;
  minIntervalMs: number;
  sessionBandwidthKbps: number;
  reducedSize: boolean;
  random: () => number;
  rtcpSsrc: number;
}

/** RFC 3550 §6.4.1: at most 31 report blocks per SR/RR (5-bit count). */
const MAX_BLOCKS = 31;
/** RFC 3550 §6.3.3: the average counts the UDP and IP headers too. */
const UDP_IP_OVERHEAD = 28;

export class RtcpSender {
  private nextAt: number | undefined;
  private initial = true;
  private avgRtcpSize = 128;

  constructor(private readonly options: RtcpSenderOptions) {}

  /** The session became active (first RTP sent or received): schedule the first report (§6.2, half interval). */
  noteSending(now: number): void {
    if (this.nextAt === undefined) this.schedule(now, false, 1, 1);
  }

  /** RFC 3550 §6.3.3: avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size. */
  noteSent(size: number, _now: number): void {
    this.avgRtcpSize = (size + UDP_IP_OVERHEAD) / 16 + (this.avgRtcpSize * 15) / 16;
  }

  nextReportAt(): number | undefined {
    return this.nextAt;
  }

  /** Builds the periodic compound report when it is due, and schedules the next one. */
  handleTimeout(
    now: number,
    ntpNow: bigint,
    send: readonly SendStream[],
    receive: readonly ReceiveStream[],
  ): Uint8Array | undefined {
    if (this.nextAt === undefined || now < this.nextAt) return undefined;
    const weSent = send.some((s) => s.sentSinceReport);
    const bytes = this.report(now, ntpNow, send, receive);
    for (const s of send) s.sentSinceReport = false;
    const remoteSenders = receive.filter((r) => r.ssrc !== undefined).length;
    this.schedule(now, weSent, 1 + remoteSenders, remoteSenders + (weSent ? 1 : 0));
    return bytes;
  }

  private schedule(now: number, weSent: boolean, members: number, senders: number): void {
    const interval = rtcpIntervalMs(
      {
        members,
        senders,
        rtcpBandwidth: (this.options.sessionBandwidthKbps * 1000 * 0.05) / 8,
        weSent,
        avgRtcpSize: this.avgRtcpSize,
        initial: this.initial,
        minIntervalMs: this.options.minIntervalMs,
      },
      this.options.random,
    );
    this.initial = false;
    this.nextAt = now + interval;
  }

  /**
   * The compound report (RFC 3550 §6.1): an SR for each stream that has sent RTP, and RRs, then SDES.
   * Each reception report goes out from our SSRC on the same m-section (RFC 8108 §5.3): in that
   * section's SR when it sends, else in an RR from the section's own SSRC (signalled with a=ssrc
   * even when recvonly). Firefox takes an audio report only from the SSRC it knows on that section.
   */
  report(
    now: number,
    ntpNow: bigint,
    send: readonly SendStream[],
    receive: readonly ReceiveStream[],
  ): Uint8Array {
    const senders = send.filter((s) => s.lastTimestamp !== undefined);
    const fallback = senders[0]?.ssrc ?? send[0]?.ssrc ?? this.options.rtcpSsrc;
    // Reporter SSRC -> its blocks, senders first (in order), then the RR reporters as they come.
    const byReporter = new Map<number, ReportBlock[]>(senders.map((s) => [s.ssrc, []]));
    for (const r of receive) {
      const b = r.statistics?.reportBlock(now);
      if (!b) continue;
      const reporter =
        (r.mid === undefined ? undefined : senders.find((s) => s.mid === r.mid)?.ssrc) ??
        r.reporterSsrc ??
        fallback;
      let blocks = byReporter.get(reporter);
      if (!blocks) byReporter.set(reporter, (blocks = []));
      blocks.push(b);
    }
    if (byReporter.size === 0) byReporter.set(fallback, []);
    const packets: RtcpPacket[] = [];
    for (const [reporter, blocks] of byReporter) {
      const sender = senders.find((s) => s.ssrc === reporter);
      let rest = blocks;
      if (sender) {
        packets.push(
          sender.statistics.senderReport(ntpNow, sender.rtpTimestampAt(now), rest.slice(0, MAX_BLOCKS)),
        );
        rest = rest.slice(MAX_BLOCKS);
      } else {
        packets.push({ type: 'rr', ssrc: reporter, reports: rest.slice(0, MAX_BLOCKS) });
        rest = rest.slice(MAX_BLOCKS);
      }
      // §6.4.2: further blocks go in additional RRs from the same reporter.
      while (rest.length > 0) {
        packets.push({ type: 'rr', ssrc: reporter, reports: rest.slice(0, MAX_BLOCKS) });
        rest = rest.slice(MAX_BLOCKS);
      }
    }
    packets.push(this.sdes([...byReporter.keys()]));
    return encodeRtcp(packets);
  }

  feedback(send: readonly SendStream[], packets: RtcpPacket[]): Uint8Array {
    if (this.options.reducedSize) return encodeRtcp(packets);
    const reporter = send[0]?.ssrc ?? this.options.rtcpSsrc;
    return encodeRtcp([{ type: 'rr', ssrc: reporter, reports: [] }, this.sdes([reporter]), ...packets]);
  }

  /** RFC 3550 §6.6: BYE inside a compound packet that starts with a report. */
  bye(send: readonly SendStream[], ssrcs: number[]): Uint8Array {
    const reporter = send[0]?.ssrc ?? ssrcs[0] ?? this.options.rtcpSsrc;
    return encodeRtcp([
      { type: 'rr', ssrc: reporter, reports: [] },
      { type: 'bye', sources: ssrcs },
    ]);
  }

  private sdes(ssrcs: number[]): RtcpPacket {
    return {
      type: 'sdes',
      chunks: ssrcs.map((ssrc) => ({
        ssrc,
        items: [{ type: SdesItemType.CNAME, value: this.options.cname }],
      })),
    };
  }
}
