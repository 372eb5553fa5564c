import { RtpError } from '../errors.js';

// IVF container (libvpx ivfenc/ivfdec layout; no RFC): a 32-byte little-endian file header
// 'DKIF', version 0, header size 32, FourCC, width, height, timebase denominator/numerator,
// frame count, unused; then per frame a 12-byte header (size u32, timestamp u64) and the frame.

export interface IvfHeader {
  /** 'VP80', 'VP90' or 'AV01' (others are read as-is). */
  fourcc: string;
  width: number;
  height: number;
  /** Time base denominator (e.g. 30 for 1/30 s, or 90000). */
  timebaseDenominator: number;
  timebaseNumerator: number;
  frameCount: number;
}

export interface IvfFrame {
  /** Presentation timestamp in time-base units. */
  timestamp: number;
  data: Uint8Array;
}

const HEADER_SIZE = 32;
const FRAME_HEADER_SIZE = 12;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function put16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
}

function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

export function parseIvfHeader(bytes: Uint8Array): IvfHeader {
  if (bytes.length < HEADER_SIZE) throw new RtpError('truncated', 'IVF header shorter than 32 bytes');
  if (bytes[0] !== 0x44 || bytes[1] !== 0x4b || bytes[2] !== 0x49 || bytes[3] !== 0x46) {
    throw new RtpError('bad-format', 'not an IVF file (no DKIF signature)');
  }
  if (u16(bytes, 4) !== 0) throw new RtpError('bad-format', 'unsupported IVF version');
  if (u16(bytes, 6) < HEADER_SIZE) throw new RtpError('bad-format', 'IVF header size below 32');
  return {
    fourcc: String.fromCharCode(bytes[8]!, bytes[9]!, bytes[10]!, bytes[11]!),
    width: u16(bytes, 12),
    height: u16(bytes, 14),
    timebaseDenominator: u32(bytes, 16),
    timebaseNumerator: u32(bytes, 20),
    frameCount: u32(bytes, 24),
  };
}

/** Reads frames one at a time from an in-memory IVF file; frame data are views into the input. */
export class IvfReader {
  readonly header: IvfHeader;
  private offset: number;

  constructor(private readonly bytes: Uint8Array) {
    this.header = parseIvfHeader(bytes);
    this.offset = u16(bytes, 6);
    if (this.offset > bytes.length) throw new RtpError('truncated', 'IVF header size beyond the file');
  }

  /** The next frame, or undefined at the end of the file. A partial frame throws RtpError. */
  readFrame(): IvfFrame | undefined {
    const b = this.bytes;
    const o = this.offset;
    if (o === b.length) return undefined;
    if (o + FRAME_HEADER_SIZE > b.length) throw new RtpError('truncated', 'IVF frame header truncated');
    const size = u32(b, o);
    const hi = u32(b, o + 8);
    if (hi > 0x1fffff) throw new RtpError('bad-format', 'IVF timestamp beyond 2^53');
    const timestamp = hi * 2 ** 32 + u32(b, o + 4);
    const start = o + FRAME_HEADER_SIZE;
    if (size > b.length - start) throw new RtpError('truncated', 'IVF frame data truncated');
    this.offset = start + size;
    return { timestamp, data: b.subarray(start, start + size) };
  }
}

export function encodeIvfHeader(header: IvfHeader): Uint8Array {
  if (header.fourcc.length !== 4) throw new RtpError('bad-value', 'IVF FourCC must be 4 characters');
  const out = new Uint8Array(HEADER_SIZE);
  out.set([0x44, 0x4b, 0x49, 0x46]);
  put16(out, 4, 0);
  put16(out, 6, HEADER_SIZE);
  for (let i = 0; i < 4; i++) out[8 + i] = header.fourcc.charCodeAt(i) & 0xff;
  put16(out, 12, header.width);
  put16(out, 14, header.height);
  put32(out, 16, header.timebaseDenominator);
  put32(out, 20, header.timebaseNumerator);
  put32(out, 24, header.frameCount);
  return out;
}

export function encodeIvfFrame(frame: IvfFrame): Uint8Array {
  if (!Number.isSafeInteger(frame.timestamp) || frame.timestamp < 0) {
    throw new RtpError('bad-value', 'IVF timestamp must be a non-negative safe integer');
  }
  const out = new Uint8Array(FRAME_HEADER_SIZE + frame.data.length);
  put32(out, 0, frame.data.length);
  put32(out, 4, frame.timestamp % 2 ** 32);
  put32(out, 8, Math.floor(frame.timestamp / 2 ** 32));
  out.set(frame.data, FRAME_HEADER_SIZE);
  return out;
}

/** Builds an IVF file in memory; the header's frame count is filled in by `finish`. */
export class IvfWriter {
  private readonly chunks: Uint8Array[] = [];
  private count = 0;

  constructor(private readonly header: Omit<IvfHeader, 'frameCount'>) {
    encodeIvfHeader({ ...header, frameCount: 0 }); // validates early
  }

  addFrame(data: Uint8Array, timestamp: number): void {
    this.chunks.push(encodeIvfFrame({ data, timestamp }));
    this.count++;
  }

  finish(): Uint8Array {
    const head = encodeIvfHeader({ ...this.header, frameCount: this.count });
    let size = head.length;
    for (const c of this.chunks) size += c.length;
    const out = new Uint8Array(size);
    out.set(head, 0);
    let o = head.length;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
