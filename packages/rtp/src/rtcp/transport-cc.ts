import { readU16, readU24, readU32, writeU16, writeU24, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { RtcpPacketType } from './common-header.js';

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide congestion control feedback,
// RTPFB FMT 15. FCI: base sequence number(16) packet status count(16) reference time(24, 64 ms units)
// fb pkt count(8), packet chunks(16 each), receive deltas (1 or 2 bytes), zero padding.

/** §3.1.1 packet status symbols. */
export const TwccStatus = {
  NotReceived: 0,
  /** Received, delta fits one unsigned byte (0..63.75 ms in 250 us ticks). */
  SmallDelta: 1,
  /** Received, large or negative delta (signed 16 bit). */
  LargeDelta: 2,
  /** Reserved by the draft; decoded as "received, no delta" for robustness. */
  Reserved: 3,
} as const;

export type TwccChunk =
  | { kind: 'run-length'; symbol: number; runLength: number }
  | { kind: 'status-vector'; symbolSize: 1 | 2; symbols: number[] };

export interface TransportCcFeedback {
  type: 'twcc';
  senderSsrc: number;
  mediaSsrc: number;
  baseSequenceNumber: number;
  packetStatusCount: number;
  /** 24-bit reference time in multiples of 64 ms. */
  referenceTime: number;
  fbPktCount: number;
  chunks: TwccChunk[];
  /** Receive deltas in 250 us ticks, one per packet with a small or large delta symbol, in order. */
  recvDeltas: number[];
}

export const TWCC_FMT = 15;
const TICK_US = 250;
const REFERENCE_US = 64_000;

export function decodeTransportCc(body: Uint8Array): TransportCcFeedback {
  if (body.length < 16) throw new RtpError('bad-length', 'RTCP transport-cc feedback is truncated');
  const packetStatusCount = readU16(body, 10);
  const chunks: TwccChunk[] = [];
  const statuses: number[] = [];
  let o = 16;
  while (statuses.length < packetStatusCount) {
    if (o + 2 > body.length) throw new RtpError('truncated', 'RTCP transport-cc packet chunks truncated');
    const c = readU16(body, o);
    o += 2;
    if ((c & 0x8000) === 0) {
      // §3.1.3 run length chunk: T=0, S(2), run length(13)
      const symbol = (c >> 13) & 0x03;
      const runLength = c & 0x1fff;
      if (runLength === 0) throw new RtpError('bad-format', 'transport-cc run length of zero');
      chunks.push({ kind: 'run-length', symbol, runLength });
      for (let i = 0; i < runLength && statuses.length < packetStatusCount; i++) statuses.push(symbol);
    } else if ((c & 0x4000) === 0) {
      // §3.1.4 status vector chunk, 14 one-bit symbols
      const symbols: number[] = [];
      for (let i = 13; i >= 0; i--) symbols.push((c >> i) & 1);
      chunks.push({ kind: 'status-vector', symbolSize: 1, symbols });
      for (let i = 0; i < 14 && statuses.length < packetStatusCount; i++) statuses.push(symbols[i]!);
    } else {
      // §3.1.4 status vector chunk, 7 two-bit symbols
      const symbols: number[] = [];
      for (let i = 12; i >= 0; i -= 2) symbols.push((c >> i) & 3);
      chunks.push({ kind: 'status-vector', symbolSize: 2, symbols });
      for (let i = 0; i < 7 && statuses.length < packetStatusCount; i++) statuses.push(symbols[i]!);
    }
  }
  const recvDeltas: number[] = [];
  for (const s of statuses) {
    if (s === TwccStatus.SmallDelta) {
      if (o + 1 > body.length) throw new RtpError('truncated', 'RTCP transport-cc receive deltas truncated');
      recvDeltas.push(body[o]!);
      o += 1;
    } else if (s === TwccStatus.LargeDelta) {
      if (o + 2 > body.length) throw new RtpError('truncated', 'RTCP transport-cc receive deltas truncated');
      const v = readU16(body, o);
      recvDeltas.push(v & 0x8000 ? v - 0x10000 : v);
      o += 2;
    }
  }
  return {
    type: 'twcc',
    senderSsrc: readU32(body, 0),
    mediaSsrc: readU32(body, 4),
    baseSequenceNumber: readU16(body, 8),
    packetStatusCount,
    referenceTime: readU24(body, 12),
    fbPktCount: body[15]!,
    chunks,
    recvDeltas,
  };
}

/**
 * Serializes the feedback as given (chunks and deltas are not re-derived). Pads with zeros to a
 * 32-bit boundary and, like libwebrtc, sets the P bit with the count in the last octet.
 */
export function encodeTransportCc(fb: TransportCcFeedback): Uint8Array {
  let deltaBytes = 0;
  for (const d of fb.recvDeltas) deltaBytes += d >= 0 && d <= 255 ? 1 : 2;
  const unpadded = 4 + 16 + fb.chunks.length * 2 + deltaBytes;
  const total = (unpadded + 3) & ~3;
  const padding = total - unpadded;
  const words = total / 4 - 1;
  if (words > 0xffff) throw new RtpError('bad-value', 'transport-cc feedback too long');
  const out = new Uint8Array(total);
  out[0] = 0x80 | (padding ? 0x20 : 0) | TWCC_FMT;
  out[1] = RtcpPacketType.RTPFB;
  writeU16(out, 2, words);
  writeU32(out, 4, fb.senderSsrc);
  writeU32(out, 8, fb.mediaSsrc);
  writeU16(out, 12, fb.baseSequenceNumber);
  writeU16(out, 14, fb.packetStatusCount);
  writeU24(out, 16, fb.referenceTime);
  out[19] = fb.fbPktCount & 0xff;
  let o = 20;
  for (const c of fb.chunks) {
    let v: number;
    if (c.kind === 'run-length') {
      if (c.runLength < 1 || c.runLength > 0x1fff) throw new RtpError('bad-value', 'run length 1-8191');
      v = ((c.symbol & 3) << 13) | c.runLength;
    } else if (c.symbolSize === 1) {
      v = 0x8000;
      for (let i = 0; i < 14; i++) v |= ((c.symbols[i] ?? 0) & 1) << (13 - i);
    } else {
      v = 0xc000;
      for (let i = 0; i < 7; i++) v |= ((c.symbols[i] ?? 0) & 3) << (12 - 2 * i);
    }
    writeU16(out, o, v);
    o += 2;
  }
  for (const d of fb.recvDeltas) {
    if (d >= 0 && d <= 255) out[o++] = d;
    else {
      if (d < -0x8000 || d > 0x7fff) throw new RtpError('bad-value', 'receive delta out of range');
      writeU16(out, o, d & 0xffff);
      o += 2;
    }
  }
  if (padding) out[total - 1] = padding;
  return out;
}

/** One packet's outcome from a feedback. */
export interface TwccPacketResult {
  sequenceNumber: number;
  received: boolean;
  /** Arrival time in microseconds on the feedback sender's clock (reference time base); if received with a delta. */
  arrivalTimeUs?: number;
}

/** Expands a feedback into per-packet results (arrival = reference time + cumulative deltas). */
export function transportCcResults(fb: TransportCcFeedback): TwccPacketResult[] {
  const statuses: number[] = [];
  for (const c of fb.chunks) {
    if (c.kind === 'run-length') for (let i = 0; i < c.runLength; i++) statuses.push(c.symbol);
    else for (const s of c.symbols) statuses.push(s);
    if (statuses.length >= fb.packetStatusCount) break;
  }
  const out: TwccPacketResult[] = [];
  let t = fb.referenceTime * REFERENCE_US;
  let d = 0;
  for (let i = 0; i < fb.packetStatusCount; i++) {
    const s = statuses[i] ?? 0;
    const sequenceNumber = (fb.baseSequenceNumber + i) & 0xffff;
    if (s === TwccStatus.SmallDelta || s === TwccStatus.LargeDelta) {
      t += (fb.recvDeltas[d++] ?? 0) * TICK_US;
      out.push({ sequenceNumber, received: true, arrivalTimeUs: t });
    } else out.push({ sequenceNumber, received: s === TwccStatus.Reserved });
  }
  return out;
}

export interface TransportCcBuildOptions {
  senderSsrc: number;
  mediaSsrc: number;
  fbPktCount: number;
  baseSequenceNumber: number;
  /**
   * Arrival time in microseconds (caller's clock) for each sequence number from the base, in order;
   * undefined = not received. The first entry must be received.
   */
  arrivals: readonly (number | undefined)[];
}

/**
 * Builds a feedback: reference time from the first arrival, deltas rounded to 250 us without drift,
 * run-length chunks for runs of 7 or more equal symbols, otherwise 1-bit (when no large delta) or
 * 2-bit status vectors. Throws RtpError if a delta exceeds the signed 16-bit range (split feedback).
 */
export function buildTransportCc(opts: TransportCcBuildOptions): TransportCcFeedback {
  const { arrivals } = opts;
  if (arrivals.length === 0 || arrivals.length > 0xffff) throw new RtpError('bad-value', 'arrivals 1-65535');
  const first = arrivals[0];
  if (first === undefined) throw new RtpError('bad-value', 'the first packet must be received');
  const referenceTime = Math.floor(first / REFERENCE_US);
  const statuses: number[] = new Array(arrivals.length);
  const recvDeltas: number[] = [];
  let prevTicks = Math.floor((referenceTime * REFERENCE_US) / TICK_US);
  for (let i = 0; i < arrivals.length; i++) {
    const a = arrivals[i];
    if (a === undefined) {
      statuses[i] = TwccStatus.NotReceived;
      continue;
    }
    const ticks = Math.round(a / TICK_US);
    const delta = ticks - prevTicks;
    prevTicks = ticks;
    if (delta >= 0 && delta <= 255) statuses[i] = TwccStatus.SmallDelta;
    else if (delta >= -0x8000 && delta <= 0x7fff) statuses[i] = TwccStatus.LargeDelta;
    else throw new RtpError('bad-value', 'receive delta exceeds 16 bits; split the feedback');
    recvDeltas.push(delta);
  }
  const chunks: TwccChunk[] = [];
  let i = 0;
  const n = statuses.length;
  while (i < n) {
    const s = statuses[i]!;
    let run = 1;
    while (i + run < n && statuses[i + run] === s && run < 0x1fff) run++;
    if (run >= 7) {
      chunks.push({ kind: 'run-length', symbol: s, runLength: run });
      i += run;
      continue;
    }
    let oneBit = true;
    for (let k = i; k < Math.min(i + 14, n); k++) if (statuses[k]! > 1) oneBit = false;
    const width = oneBit ? 14 : 7;
    const take = Math.min(width, n - i);
    const symbols = statuses.slice(i, i + take);
    while (symbols.length < width) symbols.push(0);
    chunks.push({ kind: 'status-vector', symbolSize: oneBit ? 1 : 2, symbols });
    i += take;
  }
  return {
    type: 'twcc',
    senderSsrc: opts.senderSsrc,
    mediaSsrc: opts.mediaSsrc,
    baseSequenceNumber: opts.baseSequenceNumber & 0xffff,
    packetStatusCount: n,
    referenceTime: referenceTime & 0xffffff,
    fbPktCount: opts.fbPktCount & 0xff,
    chunks,
    recvDeltas,
  };
}
