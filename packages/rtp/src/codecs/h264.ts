import { RtpError } from '../errors.js';
import { concatBytes, type RtpDepacketizer, type RtpPacketizer } from './codec.js';

// RFC 6184, packetization-mode 1 (non-interleaved): single NAL unit packets (types 1-23), STAP-A (24)
// and FU-A (28). STAP-B, MTAP and FU-B belong to the interleaved mode and are rejected.

export const H264NalType = { IDR: 5, SEI: 6, SPS: 7, PPS: 8, AUD: 9, STAP_A: 24, FU_A: 28 } as const;

const START_CODE = new Uint8Array([0, 0, 0, 1]);

/** Splits an Annex B byte stream (00 00 01 / 00 00 00 01 start codes) into NAL units (views). */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = [];
  const len = stream.length;
  let start = -1;
  let i = 0;
  while (i + 2 < len) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) {
        let end = i;
        while (end > start && stream[end - 1] === 0) end--; // trailing zero of a 4-byte start code
        if (end > start) nals.push(stream.subarray(start, end));
      }
      i += 3;
      start = i;
    } else i++;
  }
  if (start < 0) {
    if (len > 0) nals.push(stream); // no start code: a single bare NAL unit
  } else if (start < len) nals.push(stream.subarray(start));
  return nals;
}

/** RFC 6184 §5.6-5.8 packetizer: STAP-A for runs of small NAL units, FU-A for large ones. */
export class H264Packetizer implements RtpPacketizer {
  /** `frame` is an access unit in Annex B format. */
  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    if (maxPayloadSize < 3) throw new RtpError('bad-value', 'maxPayloadSize too small for H.264');
    const nals = splitAnnexB(frame).filter((n) => (n[0]! & 0x1f) !== H264NalType.AUD);
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < nals.length) {
      const nal = nals[i]!;
      if (nal.length > maxPayloadSize) {
        this.fragment(nal, maxPayloadSize, out);
        i++;
        continue;
      }
      // RFC 6184 §5.7.1: aggregate following NAL units while the STAP-A fits.
      let size = 1 + 2 + nal.length;
      let j = i + 1;
      let nri = nal[0]! & 0x60;
      while (j < nals.length && size + 2 + nals[j]!.length <= maxPayloadSize) {
        size += 2 + nals[j]!.length;
        nri = Math.max(nri, nals[j]![0]! & 0x60);
        j++;
      }
      if (j - i < 2) {
        out.push(nal);
        i++;
        continue;
      }
      const stap = new Uint8Array(size);
      // F is 0 unless a member has F set; NRI is the maximum of the members (§5.7.1).
      let f = 0;
      for (let k = i; k < j; k++) f |= nals[k]![0]! & 0x80;
      stap[0] = f | nri | H264NalType.STAP_A;
      let o = 1;
      for (let k = i; k < j; k++) {
        const n = nals[k]!;
        stap[o] = n.length >> 8;
        stap[o + 1] = n.length & 0xff;
        stap.set(n, o + 2);
        o += 2 + n.length;
      }
      out.push(stap);
      i = j;
    }
    return out;
  }

  private fragment(nal: Uint8Array, maxPayloadSize: number, out: Uint8Array[]): void {
    // RFC 6184 §5.8: FU indicator (F, NRI, 28) + FU header (S, E, R, type); the NAL header byte is not sent.
    const header = nal[0]!;
    const chunk = maxPayloadSize - 2;
    for (let o = 1; o < nal.length; o += chunk) {
      const n = Math.min(chunk, nal.length - o);
      const p = new Uint8Array(2 + n);
      p[0] = (header & 0xe0) | H264NalType.FU_A;
      p[1] = (o === 1 ? 0x80 : 0) | (o + n === nal.length ? 0x40 : 0) | (header & 0x1f);
      p.set(nal.subarray(o, o + n), 2);
      out.push(p);
    }
  }
}

/** The NAL types in one payload (an FU-A contributes its type only on the start fragment). */
function nalTypes(payload: Uint8Array): number[] {
  if (payload.length < 1) throw new RtpError('bad-format', 'H.264 payload is empty');
  const type = payload[0]! & 0x1f;
  if (type >= 1 && type <= 23) return [type];
  if (type === H264NalType.STAP_A) {
    const types: number[] = [];
    let o = 1;
    while (o < payload.length) {
      if (o + 2 > payload.length) throw new RtpError('bad-format', 'STAP-A size truncated');
      const n = (payload[o]! << 8) | payload[o + 1]!;
      if (n === 0 || o + 2 + n > payload.length)
        throw new RtpError('bad-format', 'STAP-A NAL unit truncated');
      types.push(payload[o + 2]! & 0x1f);
      o += 2 + n;
    }
    return types;
  }
  if (type === H264NalType.FU_A) {
    if (payload.length < 2) throw new RtpError('bad-format', 'FU-A header truncated');
    return payload[1]! & 0x80 ? [payload[1]! & 0x1f] : [];
  }
  throw new RtpError('bad-format', `H.264 NAL type ${type} not supported in packetization-mode 1`);
}

export class H264Depacketizer implements RtpDepacketizer {
  /** A payload carrying (the start of) an IDR slice or an SPS (sent right before the IDR). */
  isKeyframe(payload: Uint8Array): boolean {
    for (const t of nalTypes(payload)) if (t === H264NalType.IDR || t === H264NalType.SPS) return true;
    return false;
  }

  /**
   * H.264 payloads carry no frame-start flag. An access unit delimiter or SPS can only open an access
   * unit (H.264 §7.4.1.2.3), so those say true; otherwise frames are delimited by timestamp and marker.
   */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    for (const t of nalTypes(payload)) if (t === H264NalType.AUD || t === H264NalType.SPS) return true;
    return undefined;
  }

  /** Rebuilds an Annex B access unit (4-byte start codes) from single NAL, STAP-A and FU-A payloads. */
  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    const parts: Uint8Array[] = [];
    let inFu = false;
    for (const payload of payloads) {
      if (payload.length < 1) throw new RtpError('bad-format', 'H.264 payload is empty');
      const type = payload[0]! & 0x1f;
      if (type >= 1 && type <= 23) {
        parts.push(START_CODE, payload);
        inFu = false;
      } else if (type === H264NalType.STAP_A) {
        let o = 1;
        while (o < payload.length) {
          if (o + 2 > payload.length) throw new RtpError('bad-format', 'STAP-A size truncated');
          const n = (payload[o]! << 8) | payload[o + 1]!;
          if (n === 0 || o + 2 + n > payload.length)
            throw new RtpError('bad-format', 'STAP-A NAL unit truncated');
          parts.push(START_CODE, payload.subarray(o + 2, o + 2 + n));
          o += 2 + n;
        }
        inFu = false;
      } else if (type === H264NalType.FU_A) {
        if (payload.length < 2) throw new RtpError('bad-format', 'FU-A header truncated');
        const fu = payload[1]!;
        if (fu & 0x80) {
          parts.push(START_CODE, new Uint8Array([(payload[0]! & 0xe0) | (fu & 0x1f)]));
          inFu = true;
        } else if (!inFu) throw new RtpError('bad-format', 'FU-A continuation without a start');
        parts.push(payload.subarray(2));
        if (fu & 0x40) inFu = false;
      } else throw new RtpError('bad-format', `H.264 NAL type ${type} not supported in packetization-mode 1`);
    }
    if (inFu) throw new RtpError('bad-format', 'FU-A fragment without an end');
    return concatBytes(parts);
  }
}
