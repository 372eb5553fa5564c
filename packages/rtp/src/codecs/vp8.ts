import { RtpError } from '../errors.js';
import { concatBytes, type RtpDepacketizer, type RtpPacketizer } from './codec.js';

/** RFC 7741 §4.2 VP8 payload descriptor. */
export interface Vp8Descriptor {
  /** N: non-reference frame. */
  nonReference: boolean;
  /** S: start of a VP8 partition. */
  start: boolean;
  /** PID: partition index. */
  partitionId: number;
  pictureId?: number;
  tl0PicIdx?: number;
  tid?: number;
  layerSync?: boolean;
  keyIdx?: number;
  /** Length of the descriptor: the VP8 payload starts here. */
  size: number;
}

export function parseVp8Descriptor(payload: Uint8Array): Vp8Descriptor {
  const len = payload.length;
  if (len < 1) throw new RtpError('bad-format', 'VP8 payload is empty');
  const b0 = payload[0]!;
  const d: Vp8Descriptor = {
    nonReference: (b0 & 0x20) !== 0,
    start: (b0 & 0x10) !== 0,
    partitionId: b0 & 0x07,
    size: 1,
  };
  let o = 1;
  if (b0 & 0x80) {
    if (o >= len) throw new RtpError('bad-format', 'VP8 descriptor truncated');
    const x = payload[o++]!;
    if (x & 0x80) {
      // I: picture ID, M bit selects 15 bits
      if (o >= len) throw new RtpError('bad-format', 'VP8 picture ID truncated');
      if (payload[o]! & 0x80) {
        if (o + 2 > len) throw new RtpError('bad-format', 'VP8 picture ID truncated');
        d.pictureId = ((payload[o]! & 0x7f) << 8) | payload[o + 1]!;
        o += 2;
      } else d.pictureId = payload[o++]!;
    }
    if (x & 0x40) {
      if (o >= len) throw new RtpError('bad-format', 'VP8 TL0PICIDX truncated');
      d.tl0PicIdx = payload[o++]!;
    }
    if (x & 0x30) {
      if (o >= len) throw new RtpError('bad-format', 'VP8 TID/KEYIDX truncated');
      const t = payload[o++]!;
      if (x & 0x20) {
        d.tid = t >> 6;
        d.layerSync = (t & 0x20) !== 0;
      }
      if (x & 0x10) d.keyIdx = t & 0x1f;
    }
  }
  d.size = o;
  return d;
}

/** RFC 7741 packetizer: extended descriptor with a 15-bit picture ID that increments per frame. */
export class Vp8Packetizer implements RtpPacketizer {
  private pictureId: number;

  constructor(initialPictureId = 0) {
    this.pictureId = initialPictureId & 0x7fff;
  }

  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    const headerSize = 4;
    const chunk = maxPayloadSize - headerSize;
    if (chunk < 1) throw new RtpError('bad-value', 'maxPayloadSize too small for VP8');
    if (frame.length === 0) throw new RtpError('bad-value', 'empty VP8 frame');
    const out: Uint8Array[] = [];
    const pid = this.pictureId;
    for (let o = 0; o < frame.length; o += chunk) {
      const n = Math.min(chunk, frame.length - o);
      const p = new Uint8Array(headerSize + n);
      p[0] = 0x80 | (o === 0 ? 0x10 : 0); // X, S on the first packet, PID 0
      p[1] = 0x80; // I
      p[2] = 0x80 | (pid >> 8); // M: 15-bit picture ID
      p[3] = pid & 0xff;
      p.set(frame.subarray(o, o + n), headerSize);
      out.push(p);
    }
    this.pictureId = (pid + 1) & 0x7fff;
    return out;
  }
}

export class Vp8Depacketizer implements RtpDepacketizer {
  /** RFC 7741 §4.3: the P bit of the VP8 payload header (first packet of a frame) is 0 for key frames. */
  isKeyframe(payload: Uint8Array): boolean {
    const d = parseVp8Descriptor(payload);
    return d.start && d.partitionId === 0 && payload.length > d.size && (payload[d.size]! & 0x01) === 0;
  }

  isFrameStart(payload: Uint8Array): boolean {
    const d = parseVp8Descriptor(payload);
    return d.start && d.partitionId === 0;
  }

  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    return concatBytes(payloads.map((p) => p.subarray(parseVp8Descriptor(p).size)));
  }
}
