import { readU32, writeU32 } from '../big-endian.js';
import { RtpError } from '../errors.js';
import { allocRtcpPacket, pad4, RtcpPacketType } from './common-header.js';

/** RFC 3550 §6.5 SDES item types. */
export const SdesItemType = {
  END: 0,
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;

export interface SdesItem {
  type: number;
  /** Item text (UTF-8, RFC 3550 §6.5). PRIV items keep their prefix-length octet and prefix inside. */
  value: string;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

/** RFC 3550 §6.5 source description. */
export interface SourceDescription {
  type: 'sdes';
  chunks: SdesChunk[];
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function decodeSdes(count: number, body: Uint8Array): SourceDescription {
  const chunks: SdesChunk[] = [];
  let o = 0;
  for (let c = 0; c < count; c++) {
    if (o + 4 > body.length) throw new RtpError('truncated', 'RTCP SDES source is truncated');
    const ssrc = readU32(body, o);
    o += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (o >= body.length) throw new RtpError('truncated', 'RTCP SDES chunk has no END item');
      const type = body[o]!;
      if (type === SdesItemType.END) {
        // RFC 3550 §6.5: the list ends with null octets up to the next 32-bit boundary.
        o = pad4(o + 1);
        break;
      }
      if (o + 2 > body.length) throw new RtpError('truncated', 'RTCP SDES item is truncated');
      const len = body[o + 1]!;
      if (o + 2 + len > body.length) throw new RtpError('truncated', 'RTCP SDES item is truncated');
      items.push({ type, value: decoder.decode(body.subarray(o + 2, o + 2 + len)) });
      o += 2 + len;
    }
    if (o > body.length) throw new RtpError('truncated', 'RTCP SDES chunk padding is truncated');
    chunks.push({ ssrc, items });
  }
  return { type: 'sdes', chunks };
}

export function encodeSdes(sdes: SourceDescription): Uint8Array {
  const encoded = sdes.chunks.map((c) => c.items.map((i) => encoder.encode(i.value)));
  let size = 0;
  for (let c = 0; c < sdes.chunks.length; c++) {
    let n = 4;
    for (const v of encoded[c]!) {
      if (v.length > 255) throw new RtpError('bad-value', 'SDES item longer than 255 bytes');
      n += 2 + v.length;
    }
    size += pad4(n + 1);
  }
  const out = allocRtcpPacket(sdes.chunks.length, RtcpPacketType.SDES, size);
  let o = 4;
  for (let c = 0; c < sdes.chunks.length; c++) {
    const chunk = sdes.chunks[c]!;
    const start = o;
    writeU32(out, o, chunk.ssrc);
    o += 4;
    for (let i = 0; i < chunk.items.length; i++) {
      const item = chunk.items[i]!;
      if (item.type < 1 || item.type > 255) throw new RtpError('bad-value', 'SDES item type 1-255');
      const v = encoded[c]![i]!;
      out[o] = item.type;
      out[o + 1] = v.length;
      out.set(v, o + 2);
      o += 2 + v.length;
    }
    o = start + pad4(o - start + 1); // END item plus zero padding (already zero)
  }
  return out;
}
