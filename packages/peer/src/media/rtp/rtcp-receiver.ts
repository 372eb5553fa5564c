// Incoming RTCP (RFC 3550 §6.4, RFC 4585 §6, RFC 5104 §4.3): report blocks about our streams (RTT,
// loss), sender reports from the remote's streams (LSR for our RRs), NACK answered from the packet
// history with RTX, PLI/FIR turned into key-frame requests, REMB and TWCC passed up as events.
import { decodeRtcp, type ReportBlock, type RtcpPacket, roundTripTimeMs } from '@rtc/rtp';
import type { MediaSessionEvent } from './events.js';
import type { ReceiveStream } from './receive-stream.js';
import type { SendStream } from './send-stream.js';

export interface RtcpContext {
  sendStreams: readonly SendStream[];
  receiveStreams: readonly ReceiveStream[];
  ntpNow: bigint;
  emit(event: MediaSessionEvent): void;
  retransmit(rtp: Uint8Array): void;
}

export class RtcpReceiver {
  /** Decodes a compound packet; undefined when malformed (the caller counts it, nothing else happens). */
  decode(bytes: Uint8Array): RtcpPacket[] | undefined {
    try {
      return decodeRtcp(bytes);
    } catch {
      return undefined;
    }
  }

  handle(packets: readonly RtcpPacket[], now: number, ctx: RtcpContext): void {
    for (const p of packets) {
      switch (p.type) {
        case 'sr': {
          const stream = ctx.receiveStreams.find((r) => r.ssrc === p.ssrc);
          if (stream) {
            stream.statistics?.handleSenderReport(p.ntpTimestamp, now);
            stream.remoteSenderReport = {
              ntpTimestamp: p.ntpTimestamp,
              rtpTimestamp: p.rtpTimestamp,
              packetCount: p.packetCount,
              octetCount: p.octetCount,
              receivedAt: now,
              reportsReceived: (stream.remoteSenderReport?.reportsReceived ?? 0) + 1,
            };
          }
          this.reportBlocks(p.reports, now, ctx);
          break;
        }
        case 'rr':
          this.reportBlocks(p.reports, now, ctx);
          break;
        case 'nack': {
          const stream = ctx.sendStreams.find((s) => s.ssrc === p.mediaSsrc);
          if (!stream) break;
          stream.counters.nackCount++;
          const history = stream.history;
          if (!history) break;
          history.handleNack(p.lost, now);
          for (let rtx = history.pollTransmit(); rtx; rtx = history.pollTransmit()) {
            stream.counters.retransmittedPacketsSent++;
            stream.counters.retransmittedBytesSent += rtx.length;
            ctx.retransmit(rtx);
          }
          break;
        }
        case 'pli': {
          const stream = ctx.sendStreams.find((s) => s.ssrc === p.mediaSsrc);
          if (!stream) break;
          stream.counters.pliCount++;
          ctx.emit({ type: 'keyframe-request', stream, method: 'pli' });
          break;
        }
        case 'fir':
          for (const entry of p.entries) {
            const stream = ctx.sendStreams.find((s) => s.ssrc === entry.ssrc);
            if (!stream) continue;
            // RFC 5104 §4.3.1.2: a repeated sequence number is a retransmission of the same request.
            if (stream.firSeen.get(p.senderSsrc) === entry.sequenceNumber) continue;
            if (stream.firSeen.size >= 64) stream.firSeen.clear();
            stream.firSeen.set(p.senderSsrc, entry.sequenceNumber);
            stream.counters.firCount++;
            ctx.emit({ type: 'keyframe-request', stream, method: 'fir' });
          }
          break;
        case 'remb':
          ctx.emit({ type: 'remb', bitrate: p.bitrate, ssrcs: p.ssrcs, remb: p });
          break;
        case 'twcc':
          ctx.emit({ type: 'transport-cc', feedback: p });
          break;
        case 'bye':
          ctx.emit({ type: 'bye', ssrcs: [...p.sources] });
          break;
        default:
          break; // SDES, APP, XR and unknown types carry nothing we act on
      }
    }
  }

  private reportBlocks(blocks: readonly ReportBlock[], now: number, ctx: RtcpContext): void {
    for (const b of blocks) {
      const stream = ctx.sendStreams.find((s) => s.ssrc === b.ssrc);
      if (!stream) continue;
      // RFC 3550 §6.4.1: RTT = A - LSR - DLSR, in 1/65536 s.
      const rtt = roundTripTimeMs(ctx.ntpNow, b.lsr, b.dlsr);
      stream.handleReportBlock(b, rtt, now);
      if (rtt !== undefined) for (const r of ctx.receiveStreams) r.nack?.setRtt(rtt);
    }
  }
}
