import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, RtcpPacketType } from './common-header.js';
import { REPORT_BLOCK_SIZE, type ReportBlock, readReportBlocks, writeReportBlocks } from './report-block.js';

/** RFC 3550 §6.4.1 sender report. */
export interface SenderReport {
  type: 'sr';
  ssrc: number;
  /** 64-bit NTP timestamp (RFC 3550 §4). */
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
  /** Profile-specific extension after the report blocks, kept as bytes (empty if none). */
  profileExtension?: Uint8Array;
}

export function decodeSenderReport(count: number, body: Uint8Array): SenderReport {
  if (body.length < 24 + count * REPORT_BLOCK_SIZE) {
    throw new RtpError('bad-length', 'RTCP sender report length is invalid');
  }
  const sr: SenderReport = {
    type: 'sr',
    ssrc: readU32(body, 0),
    ntpTimestamp: (BigInt(readU32(body, 4)) << 32n) | BigInt(readU32(body, 8)),
    rtpTimestamp: readU32(body, 12),
    packetCount: readU32(body, 16),
    octetCount: readU32(body, 20),
    reports: readReportBlocks(body, 24, count),
  };
  const extStart = 24 + count * REPORT_BLOCK_SIZE;
  if (extStart < body.length) sr.profileExtension = body.subarray(extStart);
  return sr;
}

export function encodeSenderReport(sr: SenderReport): Uint8Array {
  const ext = sr.profileExtension?.length ?? 0;
  const out = allocRtcpPacket(sr.reports.length, RtcpPacketType.SR, 24 + sr.reports.length * 24 + ext);
  writeU32(out, 4, sr.ssrc);
  const ntp = BigInt.asUintN(64, sr.ntpTimestamp);
  writeU32(out, 8, Number(ntp >> 32n));
  writeU32(out, 12, Number(ntp & 0xffffffffn));
  writeU32(out, 16, sr.rtpTimestamp);
  writeU32(out, 20, sr.packetCount);
  writeU32(out, 24, sr.octetCount);
  writeReportBlocks(out, 28, sr.reports);
  if (sr.profileExtension) out.set(sr.profileExtension, 28 + sr.reports.length * 24);
  return out;
}
