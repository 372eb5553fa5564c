import { opusPacketSamples } from '../codecs/opus.js';
import { RtpError } from '../errors.js';

// Ogg encapsulation (RFC 3533) of Opus (RFC 7845). Pages: 'OggS', version 0, header type flags,
// granule position (i64 LE), serial, page sequence, CRC-32 (poly 0x04c11db7, init 0, no reflection,
// computed with the CRC field zeroed), segment count, lacing values, data.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** RFC 3533 §6 page checksum. */
export function oggCrc32(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++)
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc;
}

export const OggHeaderType = { CONTINUED: 1, BOS: 2, EOS: 4 } as const;

export interface OggPage {
  headerType: number;
  granulePosition: bigint;
  serial: number;
  sequence: number;
  /** Lacing values (segment sizes). */
  segments: Uint8Array;
  data: Uint8Array;
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function put32le(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/** Parses the page at `offset`; checks the CRC. Returns the page and its total size. */
export function parseOggPage(bytes: Uint8Array, offset: number): { page: OggPage; size: number } {
  const o = offset;
  if (o + 27 > bytes.length) throw new RtpError('truncated', 'Ogg page header truncated');
  if (bytes[o] !== 0x4f || bytes[o + 1] !== 0x67 || bytes[o + 2] !== 0x67 || bytes[o + 3] !== 0x53) {
    throw new RtpError('bad-format', 'no OggS capture pattern');
  }
  if (bytes[o + 4] !== 0) throw new RtpError('bad-format', 'unsupported Ogg version');
  const nseg = bytes[o + 26]!;
  if (o + 27 + nseg > bytes.length) throw new RtpError('truncated', 'Ogg segment table truncated');
  const segments = bytes.subarray(o + 27, o + 27 + nseg);
  let dataLen = 0;
  for (let i = 0; i < nseg; i++) dataLen += segments[i]!;
  const size = 27 + nseg + dataLen;
  if (o + size > bytes.length) throw new RtpError('truncated', 'Ogg page data truncated');
  const stored = u32le(bytes, o + 22);
  const copy = bytes.slice(o, o + size);
  copy[22] = copy[23] = copy[24] = copy[25] = 0;
  if (oggCrc32(copy) !== stored) throw new RtpError('bad-crc', 'Ogg page CRC mismatch');
  const lo = BigInt(u32le(bytes, o + 6));
  const hi = BigInt(u32le(bytes, o + 10));
  return {
    page: {
      headerType: bytes[o + 5]!,
      granulePosition: BigInt.asIntN(64, (hi << 32n) | lo),
      serial: u32le(bytes, o + 14),
      sequence: u32le(bytes, o + 18),
      segments,
      data: bytes.subarray(o + 27 + nseg, o + size),
    },
    size,
  };
}

export function encodeOggPage(page: OggPage): Uint8Array {
  if (page.segments.length > 255) throw new RtpError('bad-value', 'at most 255 segments per Ogg page');
  const out = new Uint8Array(27 + page.segments.length + page.data.length);
  out.set([0x4f, 0x67, 0x67, 0x53, 0, page.headerType]);
  const g = BigInt.asUintN(64, page.granulePosition);
  put32le(out, 6, Number(g & 0xffffffffn));
  put32le(out, 10, Number(g >> 32n));
  put32le(out, 14, page.serial);
  put32le(out, 18, page.sequence);
  out[26] = page.segments.length;
  out.set(page.segments, 27);
  out.set(page.data, 27 + page.segments.length);
  put32le(out, 22, oggCrc32(out));
  return out;
}

/** RFC 7845 §5.1 identification header. */
export interface OpusHead {
  version: number;
  channelCount: number;
  preSkip: number;
  inputSampleRate: number;
  /** Q7.8 dB. */
  outputGain: number;
  mappingFamily: number;
  /** Present when mappingFamily != 0. */
  streamCount?: number;
  coupledCount?: number;
  channelMapping?: Uint8Array;
}

/** RFC 7845 §5.2 comment header. */
export interface OpusTags {
  vendor: string;
  comments: string[];
}

const OPUS_HEAD = [0x4f, 0x70, 0x75, 0x73, 0x48, 0x65, 0x61, 0x64];
const OPUS_TAGS = [0x4f, 0x70, 0x75, 0x73, 0x54, 0x61, 0x67, 0x73];
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function hasMagic(b: Uint8Array, magic: number[]): boolean {
  return b.length >= 8 && magic.every((m, i) => b[i] === m);
}

export function parseOpusHead(p: Uint8Array): OpusHead {
  if (!hasMagic(p, OPUS_HEAD)) throw new RtpError('bad-format', 'missing OpusHead');
  if (p.length < 19) throw new RtpError('truncated', 'OpusHead shorter than 19 bytes');
  const version = p[8]!;
  if (version >> 4 !== 0) throw new RtpError('bad-format', 'unsupported OpusHead major version');
  const head: OpusHead = {
    version,
    channelCount: p[9]!,
    preSkip: p[10]! | (p[11]! << 8),
    inputSampleRate: u32le(p, 12),
    outputGain: ((p[16]! | (p[17]! << 8)) << 16) >> 16,
    mappingFamily: p[18]!,
  };
  if (head.channelCount === 0) throw new RtpError('bad-format', 'OpusHead channel count 0');
  if (head.mappingFamily === 0) {
    if (head.channelCount > 2) throw new RtpError('bad-format', 'mapping family 0 allows 1 or 2 channels');
  } else {
    if (p.length < 21 + head.channelCount)
      throw new RtpError('truncated', 'OpusHead channel mapping truncated');
    head.streamCount = p[19]!;
    head.coupledCount = p[20]!;
    head.channelMapping = p.subarray(21, 21 + head.channelCount);
  }
  return head;
}

export function encodeOpusHead(head: OpusHead): Uint8Array {
  const extra = head.mappingFamily === 0 ? 0 : 2 + head.channelCount;
  const out = new Uint8Array(19 + extra);
  out.set(OPUS_HEAD);
  out[8] = head.version;
  out[9] = head.channelCount;
  out[10] = head.preSkip & 0xff;
  out[11] = head.preSkip >> 8;
  put32le(out, 12, head.inputSampleRate);
  out[16] = head.outputGain & 0xff;
  out[17] = (head.outputGain >> 8) & 0xff;
  out[18] = head.mappingFamily;
  if (extra) {
    if (!head.channelMapping || head.channelMapping.length !== head.channelCount) {
      throw new RtpError('bad-value', 'channel mapping must list every channel');
    }
    out[19] = head.streamCount ?? 0;
    out[20] = head.coupledCount ?? 0;
    out.set(head.channelMapping, 21);
  }
  return out;
}

export function parseOpusTags(p: Uint8Array): OpusTags {
  if (!hasMagic(p, OPUS_TAGS)) throw new RtpError('bad-format', 'missing OpusTags');
  let o = 8;
  const str = (): string => {
    if (o + 4 > p.length) throw new RtpError('truncated', 'OpusTags length truncated');
    const n = u32le(p, o);
    o += 4;
    if (n > p.length - o) throw new RtpError('truncated', 'OpusTags string truncated');
    const s = decoder.decode(p.subarray(o, o + n));
    o += n;
    return s;
  };
  const vendor = str();
  if (o + 4 > p.length) throw new RtpError('truncated', 'OpusTags comment count truncated');
  const count = u32le(p, o);
  o += 4;
  // Each comment needs at least its 4-byte length: bounds the loop on hostile counts.
  if (count > (p.length - o) / 4) throw new RtpError('truncated', 'OpusTags comment count beyond the data');
  const comments: string[] = [];
  for (let i = 0; i < count; i++) comments.push(str());
  return { vendor, comments };
}

export function encodeOpusTags(tags: OpusTags): Uint8Array {
  const strings = [tags.vendor, ...tags.comments].map((s) => encoder.encode(s));
  let size = 8 + 4 + 4;
  for (const s of strings) size += 4 + s.length;
  const out = new Uint8Array(size);
  out.set(OPUS_TAGS);
  let o = 8;
  const put = (s: Uint8Array): void => {
    put32le(out, o, s.length);
    out.set(s, o + 4);
    o += 4 + s.length;
  };
  put(strings[0]!);
  put32le(out, o, tags.comments.length);
  o += 4;
  for (const s of strings.slice(1)) put(s);
  return out;
}

export interface OggOpusPacket {
  data: Uint8Array;
  /** Granule position of the page on which this packet ended (RFC 7845 §4). */
  granulePosition: bigint;
}

export interface OggOpusFile {
  head: OpusHead;
  tags: OpusTags;
  serial: number;
  packets: OggOpusPacket[];
}

/** Largest packet the reader will reassemble across pages (bounds memory on hostile input). */
const MAX_PACKET = 1 << 20;

/** Reads an Ogg Opus file (first logical stream): checks every page CRC, rebuilds packets from lacing. */
export function readOggOpus(bytes: Uint8Array): OggOpusFile {
  const packets: { data: Uint8Array; granulePosition: bigint }[] = [];
  let serial: number | undefined;
  let partial: Uint8Array[] = [];
  let partialSize = 0;
  let offset = 0;
  let expectedSeq = 0;
  while (offset < bytes.length) {
    const { page, size } = parseOggPage(bytes, offset);
    offset += size;
    if (serial === undefined) {
      if (!(page.headerType & OggHeaderType.BOS))
        throw new RtpError('bad-format', 'first Ogg page lacks BOS');
      serial = page.serial;
    } else if (page.serial !== serial) continue; // other multiplexed streams are ignored
    if (page.sequence !== expectedSeq) throw new RtpError('bad-format', 'Ogg page sequence gap');
    expectedSeq++;
    if (!(page.headerType & OggHeaderType.CONTINUED) && partial.length > 0) {
      throw new RtpError('bad-format', 'Ogg packet continuation missing');
    }
    let pos = 0;
    for (let i = 0; i < page.segments.length; i++) {
      const n = page.segments[i]!;
      partial.push(page.data.subarray(pos, pos + n));
      partialSize += n;
      pos += n;
      if (partialSize > MAX_PACKET) throw new RtpError('bad-format', 'Ogg packet too large');
      if (n < 255) {
        const data = partial.length === 1 ? partial[0]! : joinParts(partial, partialSize);
        packets.push({ data, granulePosition: page.granulePosition });
        partial = [];
        partialSize = 0;
      }
    }
    if (page.headerType & OggHeaderType.EOS) break;
  }
  if (packets.length < 2) throw new RtpError('truncated', 'Ogg Opus file lacks OpusHead/OpusTags');
  const head = parseOpusHead(packets[0]!.data);
  const tags = parseOpusTags(packets[1]!.data);
  return { head, tags, serial: serial!, packets: packets.slice(2) };
}

function joinParts(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface OggOpusWriterOptions {
  channelCount: number;
  /** Default 3840 (80 ms, RFC 7845 §4.2 recommendation for encoder delay plus convergence). */
  preSkip?: number;
  inputSampleRate?: number;
  serial: number;
  vendor?: string;
  comments?: string[];
}

/**
 * Writes Ogg Opus: OpusHead on its own BOS page, OpusTags on the next, then audio packets packed
 * into pages with granule position = samples (48 kHz) of all packets completed so far.
 * `addPacket` and `finish` return the bytes of the pages completed by the call.
 */
export class OggOpusWriter {
  private readonly serial: number;
  private sequence = 0;
  private granule = 0n;
  private segments: number[] = [];
  private parts: Uint8Array[] = [];
  private pageBytes = 0;
  private pending: Uint8Array[] = [];
  private closed = false;

  constructor(options: OggOpusWriterOptions) {
    if (options.channelCount < 1 || options.channelCount > 2) {
      throw new RtpError('bad-value', 'this writer supports mapping family 0 (1 or 2 channels)');
    }
    this.serial = options.serial >>> 0;
    const head = encodeOpusHead({
      version: 1,
      channelCount: options.channelCount,
      preSkip: options.preSkip ?? 3840,
      inputSampleRate: options.inputSampleRate ?? 48_000,
      outputGain: 0,
      mappingFamily: 0,
    });
    const tags = encodeOpusTags({ vendor: options.vendor ?? '@rtc/rtp', comments: options.comments ?? [] });
    this.pushPacket(head);
    this.flush(OggHeaderType.BOS);
    this.pushPacket(tags);
    this.flush(0);
  }

  addPacket(packet: Uint8Array): Uint8Array {
    if (this.closed) throw new RtpError('bad-value', 'writer already finished');
    const samples = opusPacketSamples(packet);
    // Opus packets are far below 255 * 254 bytes, so a packet never has to span pages here.
    if (packet.length > 255 * 254) throw new RtpError('bad-value', 'packet too large for one Ogg page');
    const lacing = Math.floor(packet.length / 255) + 1;
    if (this.segments.length + lacing > 255 || this.pageBytes + packet.length > 4096) this.flush(0);
    this.pushPacket(packet);
    this.granule += BigInt(samples);
    return this.take();
  }

  finish(): Uint8Array {
    if (!this.closed) {
      this.flush(OggHeaderType.EOS, true);
      this.closed = true;
    }
    return this.take();
  }

  private pushPacket(packet: Uint8Array): void {
    // RFC 3533 §5: lacing values of 255 continue the packet; a value < 255 (possibly 0) ends it.
    let rest = packet.length;
    for (;;) {
      const n = Math.min(255, rest);
      this.segments.push(n);
      rest -= n;
      if (n < 255) break;
    }
    this.parts.push(packet);
    this.pageBytes += packet.length;
  }

  private flush(type: number, force = false): void {
    if (this.segments.length === 0 && !force) return;
    this.pending.push(
      encodeOggPage({
        headerType: type,
        granulePosition: this.granule,
        serial: this.serial,
        sequence: this.sequence++,
        segments: Uint8Array.from(this.segments),
        data: joinParts(this.parts, this.pageBytes),
      }),
    );
    this.segments = [];
    this.parts = [];
    this.pageBytes = 0;
  }

  private take(): Uint8Array {
    const out = joinParts(
      this.pending,
      this.pending.reduce((n, p) => n + p.length, 0),
    );
    this.pending = [];
    return out;
  }
}
