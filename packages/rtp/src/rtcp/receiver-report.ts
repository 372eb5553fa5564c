import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';
import { REPORT_BLOCK_SIZE, type ReportBlock, readReportBlocks, writeReportBlocks } from './report-block.js';

/** RFC 3550 §6.4.2 receiver report. */
export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
  profileExtension?: Uint8Array;
}

export function decodeReceiverReport(count: number, body: Uint8Array): ReceiverReport {
  if (body.length < 4 + count * REPORT_BLOCK_SIZE) {
    throw new RtpError('bad-length', 'RTCP receiver report length is invalid');
  }
  const rr: ReceiverReport = {
    type: 'rr',
    ssrc: readU32(body, 0),
    reports: readReportBlocks(body, 4, count),
  };
  const extStart = 4 + count * REPORT_BLOCK_SIZE;
  if (extStart < body.length) rr.profileExtension = body.subarray(extStart);
  return rr;
}

export function encodeReceiverReport(rr: ReceiverReport): Uint8Array {
  const ext = rr.profileExtension?.length ?? 0;
  const out = allocRtcpPacket(rr.reports.length, RtcpPacketType.RR, 4 + rr.reports.length * 24 + ext);
  writeU32(out, 4, rr.ssrc);
  writeReportBlocks(out, 8, rr.reports);
  if (rr.profileExtension) out.set(rr.profileExtension, 8 + rr.reports.length * 24);
  return out;
}
