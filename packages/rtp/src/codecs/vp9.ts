import { RtpError } from '../errors.js';
import { concatBytes, type RtpDepacketizer, type RtpPacketizer } from './codec.js';

/** RFC 9628 §4.2 VP9 payload descriptor (flexible and non-flexible modes). */
export interface Vp9Descriptor {
  /** P: inter-picture predicted (false on key frames of the base spatial layer). */
  interPredicted: boolean;
  /** F: flexible mode. */
  flexible: boolean;
  /** B: start of a frame. */
  beginningOfFrame: boolean;
  /** E: end of a frame. */
  endOfFrame: boolean;
  /** Z: not used as reference by upper spatial layers. */
  notReferenceForUpper: boolean;
  pictureId?: number;
  tid?: number;
  switchingUp?: boolean;
  sid?: number;
  interLayerDependency?: boolean;
  tl0PicIdx?: number;
  /** Flexible mode reference differences. */
  pDiffs?: number[];
  /** Scalability structure (V bit): resolutions per spatial layer when present. */
  scalability?: { spatialLayers: number; resolutions?: { width: number; height: number }[] };
  /** Length of the descriptor: the VP9 data starts here. */
  size: number;
}

function need(payload: Uint8Array, o: number, n: number): void {
  if (o + n > payload.length) throw new RtpError('bad-format', 'VP9 descriptor truncated');
}

export function parseVp9Descriptor(payload: Uint8Array): Vp9Descriptor {
  need(payload, 0, 1);
  const b0 = payload[0]!;
  const d: Vp9Descriptor = {
    interPredicted: (b0 & 0x40) !== 0,
    flexible: (b0 & 0x10) !== 0,
    beginningOfFrame: (b0 & 0x08) !== 0,
    endOfFrame: (b0 & 0x04) !== 0,
    notReferenceForUpper: (b0 & 0x01) !== 0,
    size: 0,
  };
  let o = 1;
  if (b0 & 0x80) {
    need(payload, o, 1);
    if (payload[o]! & 0x80) {
      need(payload, o, 2);
      d.pictureId = ((payload[o]! & 0x7f) << 8) | payload[o + 1]!;
      o += 2;
    } else d.pictureId = payload[o++]!;
  }
  if (b0 & 0x20) {
    // L: layer indices; TL0PICIDX follows only in non-flexible mode
    need(payload, o, 1);
    const l = payload[o++]!;
    d.tid = l >> 5;
    d.switchingUp = (l & 0x10) !== 0;
    d.sid = (l >> 1) & 0x07;
    d.interLayerDependency = (l & 0x01) !== 0;
    if (!d.flexible) {
      need(payload, o, 1);
      d.tl0PicIdx = payload[o++]!;
    }
  }
  if (d.flexible && d.interPredicted) {
    // RFC 9628 §4.2: up to 3 P_DIFF octets, N bit says another follows
    const pDiffs: number[] = [];
    for (;;) {
      need(payload, o, 1);
      const p = payload[o++]!;
      pDiffs.push(p >> 1);
      if ((p & 0x01) === 0) break;
      if (pDiffs.length === 3) throw new RtpError('bad-format', 'VP9 more than 3 P_DIFF');
    }
    d.pDiffs = pDiffs;
  }
  if (b0 & 0x02) {
    // V: scalability structure, RFC 9628 §4.2.1
    need(payload, o, 1);
    const s = payload[o++]!;
    const spatialLayers = (s >> 5) + 1;
    const ss: NonNullable<Vp9Descriptor['scalability']> = { spatialLayers };
    if (s & 0x10) {
      need(payload, o, 4 * spatialLayers);
      ss.resolutions = [];
      for (let i = 0; i < spatialLayers; i++, o += 4) {
        ss.resolutions.push({
          width: (payload[o]! << 8) | payload[o + 1]!,
          height: (payload[o + 2]! << 8) | payload[o + 3]!,
        });
      }
    }
    if (s & 0x08) {
      need(payload, o, 1);
      const groups = payload[o++]!;
      for (let g = 0; g < groups; g++) {
        need(payload, o, 1);
        const r = (payload[o++]! >> 2) & 0x03;
        need(payload, o, r);
        o += r;
      }
    }
    d.scalability = ss;
  }
  d.size = o;
  return d;
}

/**
 * VP9 uncompressed header (VP9 bitstream spec §6.2): frame_marker, profile, show_existing_frame,
 * frame_type. True for a key frame.
 */
export function isVp9KeyframeBitstream(frame: Uint8Array): boolean {
  if (frame.length < 1) return false;
  const b = frame[0]!;
  if (b >> 6 !== 2) return false; // frame_marker
  const profile = ((b >> 5) & 1) | (((b >> 4) & 1) << 1);
  let bit = 4; // bits consumed from the first byte (MSB first)
  if (profile === 3) bit++; // reserved_zero
  const read = (): number => {
    const byte = frame[bit >> 3];
    if (byte === undefined) return 1;
    const v = (byte >> (7 - (bit & 7))) & 1;
    bit++;
    return v;
  };
  if (read() === 1) return false; // show_existing_frame
  return read() === 0; // frame_type 0 = KEY_FRAME
}

/**
 * RFC 9628 non-flexible packetizer: I (15-bit picture ID, +1 per frame), P from the bitstream's
 * frame type, B on the first and E on the last packet, no layer indices, no scalability structure.
 */
export class Vp9Packetizer implements RtpPacketizer {
  private pictureId: number;

  constructor(initialPictureId = 0) {
    this.pictureId = initialPictureId & 0x7fff;
  }

  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    const headerSize = 3;
    const chunk = maxPayloadSize - headerSize;
    if (chunk < 1) throw new RtpError('bad-value', 'maxPayloadSize too small for VP9');
    if (frame.length === 0) throw new RtpError('bad-value', 'empty VP9 frame');
    const inter = !isVp9KeyframeBitstream(frame);
    const pid = this.pictureId;
    const out: Uint8Array[] = [];
    for (let o = 0; o < frame.length; o += chunk) {
      const n = Math.min(chunk, frame.length - o);
      const p = new Uint8Array(headerSize + n);
      p[0] = 0x80 | (inter ? 0x40 : 0) | (o === 0 ? 0x08 : 0) | (o + n === frame.length ? 0x04 : 0);
      p[1] = 0x80 | (pid >> 8);
      p[2] = pid & 0xff;
      p.set(frame.subarray(o, o + n), headerSize);
      out.push(p);
    }
    this.pictureId = (pid + 1) & 0x7fff;
    return out;
  }
}

export class Vp9Depacketizer implements RtpDepacketizer {
  /** Key frame: start of a frame that is not inter-predicted, in the base spatial layer. */
  isKeyframe(payload: Uint8Array): boolean {
    const d = parseVp9Descriptor(payload);
    return d.beginningOfFrame && !d.interPredicted && (d.sid ?? 0) === 0;
  }

  isFrameStart(payload: Uint8Array): boolean {
    return parseVp9Descriptor(payload).beginningOfFrame;
  }

  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    return concatBytes(payloads.map((p) => p.subarray(parseVp9Descriptor(p).size)));
  }
}
