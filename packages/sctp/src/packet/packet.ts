import { sctpChecksum } from '../crc32c.js';
import { SctpError } from '../errors.js';
import { pad4, read16, read32, write16, write32 } from './bytes.js';
import { type Chunk, chunkSize, decodeChunk, encodeChunk } from './chunk.js';

/** The SCTP common header (RFC 9260 §3.1). */
export interface CommonHeader {
  srcPort: number;
  dstPort: number;
  verificationTag: number;
  /** The checksum field as a little-endian uint32, the way CRC32C is stored (RFC 9260 Appendix A). */
  checksum: number;
}

export interface Packet extends CommonHeader {
  chunks: Chunk[];
}

export const COMMON_HEADER = 12;

export interface DecodeOptions {
  /** Verify the CRC32C (default true). */
  verifyChecksum?: boolean;
  /** Accept a zero checksum field without verifying (RFC 9653, once negotiated). Default false. */
  acceptZeroChecksum?: boolean;
}

export function readChecksumField(b: Uint8Array): number {
  return (b[8]! | (b[9]! << 8) | (b[10]! << 16) | (b[11]! << 24)) >>> 0;
}

/** Decode and validate the common header and checksum only. */
export function decodeHeader(b: Uint8Array, opts: DecodeOptions = {}): CommonHeader {
  if (b.length < COMMON_HEADER) throw new SctpError('truncated', `packet of ${b.length} bytes`);
  const checksum = readChecksumField(b);
  if (opts.verifyChecksum !== false && !(checksum === 0 && opts.acceptZeroChecksum)) {
    if (sctpChecksum(b) !== checksum) throw new SctpError('bad-checksum', 'CRC32C mismatch');
  }
  return { srcPort: read16(b, 0), dstPort: read16(b, 2), verificationTag: read32(b, 4), checksum };
}

/**
 * Decode a whole packet. Every chunk length is checked against the packet end (RFC 9260 §3.2: a chunk
 * length below 4 or past the end is malformed).
 */
export function decodePacket(b: Uint8Array, opts: DecodeOptions = {}): Packet {
  const header = decodeHeader(b, opts);
  const chunks: Chunk[] = [];
  let off = COMMON_HEADER;
  while (off < b.length) {
    if (off + 4 > b.length) throw new SctpError('truncated', 'chunk header past packet end');
    const len = read16(b, off + 2);
    if (len < 4) throw new SctpError('bad-length', `chunk length ${len}`);
    if (off + len > b.length) throw new SctpError('bad-length', `chunk length ${len} past packet end`);
    chunks.push(decodeChunk(b, off, len));
    off += pad4(len);
  }
  return { ...header, chunks };
}

/** Encoded size of a packet with these chunks. */
export function packetSize(chunks: readonly Chunk[]): number {
  let n = COMMON_HEADER;
  for (const c of chunks) n += pad4(chunkSize(c));
  return n;
}

/** Write the common header with a zero checksum field. */
export function writeHeader(out: Uint8Array, srcPort: number, dstPort: number, tag: number): void {
  write16(out, 0, srcPort);
  write16(out, 2, dstPort);
  write32(out, 4, tag);
  out[8] = out[9] = out[10] = out[11] = 0;
}

/** Compute and store the CRC32C (little-endian) of `out[0, length)`. */
export function sealPacket(out: Uint8Array, length: number): void {
  const c = sctpChecksum(out, length);
  out[8] = c;
  out[9] = c >>> 8;
  out[10] = c >>> 16;
  out[11] = c >>> 24;
}

export interface EncodeOptions {
  /** Leave the checksum field zero (RFC 9653). Default false. */
  zeroChecksum?: boolean;
}

/** Encode a packet. The last chunk's padding is included (RFC 9260 §3.2 requires it). */
export function encodePacket(
  header: { srcPort: number; dstPort: number; verificationTag: number },
  chunks: readonly Chunk[],
  opts: EncodeOptions = {},
): Uint8Array {
  const out = new Uint8Array(packetSize(chunks));
  writeHeader(out, header.srcPort, header.dstPort, header.verificationTag);
  let off = COMMON_HEADER;
  for (const c of chunks) off = encodeChunk(c, out, off);
  if (!opts.zeroChecksum) sealPacket(out, off);
  return out;
}
