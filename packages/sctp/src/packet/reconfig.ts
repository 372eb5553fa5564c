import { SctpError } from '../errors.js';
import { pad4, read16, read32, write16, write32 } from './bytes.js';
import { ChunkType } from './chunk-type.js';

/** RE-CONFIG parameter types (RFC 6525 §4). */
export const ReconfigParamType = {
  OUTGOING_RESET: 13,
  INCOMING_RESET: 14,
  SSN_TSN_RESET: 15,
  RESPONSE: 16,
  ADD_OUTGOING_STREAMS: 17,
  ADD_INCOMING_STREAMS: 18,
} as const;

/** Re-configuration Response results (RFC 6525 §4.4). */
export const ReconfigResult = {
  SUCCESS_NOTHING: 0,
  SUCCESS_PERFORMED: 1,
  DENIED: 2,
  ERROR_WRONG_SSN: 3,
  ERROR_REQUEST_IN_PROGRESS: 4,
  ERROR_BAD_SEQUENCE: 5,
  IN_PROGRESS: 6,
} as const;

export type ReconfigParam =
  | { type: 13; requestSeq: number; responseSeq: number; lastTsn: number; streams: number[] }
  | { type: 14; requestSeq: number; streams: number[] }
  | { type: 15; requestSeq: number }
  | { type: 16; responseSeq: number; result: number; senderNextTsn?: number; receiverNextTsn?: number }
  | { type: 17 | 18; requestSeq: number; newStreams: number }
  | { type: -1; paramType: number; unknown: Uint8Array };

/** RE-CONFIG chunk (RFC 6525 §3.1): one or two reconfiguration parameters. */
export interface ReconfigChunk {
  type: typeof ChunkType.RE_CONFIG;
  flags: number;
  params: ReconfigParam[];
}

function streamsOf(b: Uint8Array, from: number, end: number): number[] {
  if ((end - from) & 1) throw new SctpError('bad-length', 'odd stream list');
  const out: number[] = [];
  for (let p = from; p < end; p += 2) out.push(read16(b, p));
  return out;
}

function decodeParam(type: number, b: Uint8Array, o: number, len: number): ReconfigParam {
  const end = o + len;
  const need = (n: number) => {
    if (len < n) throw new SctpError('bad-length', `RE-CONFIG parameter ${type} length ${len} < ${n}`);
  };
  switch (type) {
    case 13:
      need(16);
      return {
        type,
        requestSeq: read32(b, o + 4),
        responseSeq: read32(b, o + 8),
        lastTsn: read32(b, o + 12),
        streams: streamsOf(b, o + 16, end),
      };
    case 14:
      need(8);
      return { type, requestSeq: read32(b, o + 4), streams: streamsOf(b, o + 8, end) };
    case 15:
      need(8);
      return { type, requestSeq: read32(b, o + 4) };
    case 16: {
      need(12);
      const r: ReconfigParam = { type, responseSeq: read32(b, o + 4), result: read32(b, o + 8) };
      if (len >= 20) {
        r.senderNextTsn = read32(b, o + 12);
        r.receiverNextTsn = read32(b, o + 16);
      }
      return r;
    }
    case 17:
    case 18:
      need(12);
      return { type, requestSeq: read32(b, o + 4), newStreams: read16(b, o + 8) };
    default:
      return { type: -1, paramType: type, unknown: b.subarray(o + 4, end) };
  }
}

export function decodeReconfig(b: Uint8Array, off: number, len: number, flags: number): ReconfigChunk {
  const params: ReconfigParam[] = [];
  let o = off + 4;
  const end = off + len;
  while (o + 4 <= end) {
    const type = read16(b, o);
    const plen = read16(b, o + 2);
    if (plen < 4 || o + plen > end) throw new SctpError('bad-length', `RE-CONFIG parameter length ${plen}`);
    params.push(decodeParam(type, b, o, plen));
    o += pad4(plen);
  }
  if (params.length === 0) throw new SctpError('invalid-chunk', 'RE-CONFIG without parameters');
  return { type: ChunkType.RE_CONFIG, flags, params };
}

function paramLength(p: ReconfigParam): number {
  if (p.type === -1) return 4 + p.unknown.length;
  switch (p.type) {
    case 13:
      return 16 + 2 * p.streams.length;
    case 14:
      return 8 + 2 * p.streams.length;
    case 15:
      return 8;
    case 16:
      return p.senderNextTsn !== undefined ? 20 : 12;
    default:
      return 12;
  }
}

export function reconfigSize(c: ReconfigChunk): number {
  // The last parameter's padding is the chunk's own padding (RFC 9260 §3.2).
  let n = 0;
  for (const p of c.params) n = pad4(n) + paramLength(p);
  return n;
}

export function encodeReconfig(c: ReconfigChunk, out: Uint8Array, off: number): number {
  let o = off + 4;
  for (const p of c.params) {
    const len = paramLength(p);
    write16(out, o, p.type === -1 ? p.paramType : p.type);
    write16(out, o + 2, len);
    if (p.type === -1) out.set(p.unknown, o + 4);
    else if (p.type === 13) {
      write32(out, o + 4, p.requestSeq);
      write32(out, o + 8, p.responseSeq);
      write32(out, o + 12, p.lastTsn);
      for (let i = 0; i < p.streams.length; i++) write16(out, o + 16 + 2 * i, p.streams[i]!);
    } else if (p.type === 14) {
      write32(out, o + 4, p.requestSeq);
      for (let i = 0; i < p.streams.length; i++) write16(out, o + 8 + 2 * i, p.streams[i]!);
    } else if (p.type === 15) write32(out, o + 4, p.requestSeq);
    else if (p.type === 16) {
      write32(out, o + 4, p.responseSeq);
      write32(out, o + 8, p.result);
      if (p.senderNextTsn !== undefined) {
        write32(out, o + 12, p.senderNextTsn);
        write32(out, o + 16, p.receiverNextTsn ?? 0);
      }
    } else {
      write32(out, o + 4, p.requestSeq);
      write16(out, o + 8, p.newStreams);
      write16(out, o + 10, 0);
    }
    const end = o + pad4(len);
    out.fill(0, o + len, end);
    o = end;
  }
  return o;
}
