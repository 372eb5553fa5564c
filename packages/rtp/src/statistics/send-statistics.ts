import type { ReportBlock } from '../rtcp/report-block.js';
import type { SenderReport } from '../rtcp/sender-report.js';

/** Sender counters for RTCP sender reports (RFC 3550 §6.4.1: packet and payload octet counts). */
export class SendStatistics {
  private packets = 0;
  private octets = 0;

  constructor(readonly ssrc: number) {}

  /** Counts one sent RTP packet with `payloadLength` payload octets (header and padding excluded). */
  handleSent(payloadLength: number): void {
    this.packets = (this.packets + 1) >>> 0;
    this.octets = (this.octets + payloadLength) >>> 0;
  }

  /**
   * A sender report for wall-clock `ntpTimestamp` and the RTP timestamp of the same instant (the
   * caller maps its media clock), carrying the given reception reports.
   */
  senderReport(ntpTimestamp: bigint, rtpTimestamp: number, reports: ReportBlock[] = []): SenderReport {
    return {
      type: 'sr',
      ssrc: this.ssrc,
      ntpTimestamp,
      rtpTimestamp: rtpTimestamp >>> 0,
      packetCount: this.packets,
      octetCount: this.octets,
      reports,
    };
  }
}
