import { readU32, writeU24, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';

/** RFC 3550 §6.4.1 reception report block (24 bytes). */
export interface ReportBlock {
  ssrc: number;
  /** Fraction lost, 8-bit fixed point (lost/expected * 256). */
  fractionLost: number;
  /** Cumulative number of packets lost, signed 24-bit. */
  packetsLost: number;
  /** Extended highest sequence number received. */
  highestSequence: number;
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received. */
  lsr: number;
  /** Delay since last SR in 1/65536 s. */
  dlsr: number;
}

export const REPORT_BLOCK_SIZE = 24;

export function readReportBlocks(body: Uint8Array, offset: number, count: number): ReportBlock[] {
  if (offset + count * REPORT_BLOCK_SIZE > body.length) {
    throw new RtpError('bad-length', 'RTCP report blocks exceed the packet length');
  }
  const blocks: ReportBlock[] = [];
  for (let i = 0, o = offset; i < count; i++, o += REPORT_BLOCK_SIZE) {
    const lost = (body[o + 5]! << 16) | (body[o + 6]! << 8) | body[o + 7]!;
    blocks.push({
      ssrc: readU32(body, o),
      fractionLost: body[o + 4]!,
      packetsLost: lost & 0x800000 ? lost - 0x1000000 : lost,
      highestSequence: readU32(body, o + 8),
      jitter: readU32(body, o + 12),
      lsr: readU32(body, o + 16),
      dlsr: readU32(body, o + 20),
    });
  }
  return blocks;
}

export function writeReportBlocks(out: Uint8Array, offset: number, blocks: readonly ReportBlock[]): void {
  if (blocks.length > 31) throw new RtpError('bad-value', 'at most 31 report blocks per packet');
  for (let i = 0, o = offset; i < blocks.length; i++, o += REPORT_BLOCK_SIZE) {
    const b = blocks[i]!;
    if (b.packetsLost < -0x800000 || b.packetsLost > 0x7fffff) {
      throw new RtpError('bad-value', 'packetsLost must fit a signed 24-bit field');
    }
    writeU32(out, o, b.ssrc);
    out[o + 4] = b.fractionLost & 0xff;
    writeU24(out, o + 5, b.packetsLost & 0xffffff);
    writeU32(out, o + 8, b.highestSequence);
    writeU32(out, o + 12, b.jitter);
    writeU32(out, o + 16, b.lsr);
    writeU32(out, o + 20, b.dlsr);
  }
}
