import { RtpError } from '../errors.js';
import { concatBytes, type RtpDepacketizer, type RtpPacketizer } from './codec.js';

// RFC 3551 §4.5.14: PCMU (PT 0) and PCMA (PT 8), 8 kHz, one octet per sample; any number of samples
// per packet. ITU-T G.711 companding below.

export const G711_CLOCK_RATE = 8000;

/** Splits a run of G.711 samples into payloads of whole `samplesPerPacket` chunks (20 ms = 160 by default). */
export class G711Packetizer implements RtpPacketizer {
  constructor(private readonly samplesPerPacket = 160) {}

  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    const n = Math.min(this.samplesPerPacket, maxPayloadSize);
    if (n < 1) throw new RtpError('bad-value', 'maxPayloadSize too small');
    const out: Uint8Array[] = [];
    for (let o = 0; o < frame.length; o += n) out.push(frame.subarray(o, Math.min(o + n, frame.length)));
    return out;
  }
}

export class G711Depacketizer implements RtpDepacketizer {
  isKeyframe(_payload: Uint8Array): boolean {
    return true;
  }

  isFrameStart(_payload: Uint8Array): boolean {
    return true;
  }

  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    return payloads.length === 1 ? payloads[0]! : concatBytes(payloads);
  }
}

const BIAS = 0x84;
const CLIP = 32635;

/** 16-bit linear PCM to mu-law (G.711 §3.2). */
export function encodeMuLaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    let s = pcm[i]!;
    const sign = s < 0 ? 0x80 : 0;
    if (s < 0) s = -s;
    if (s > CLIP) s = CLIP;
    s += BIAS;
    let exp = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
    const mantissa = (s >> (exp + 3)) & 0x0f;
    out[i] = ~(sign | (exp << 4) | mantissa) & 0xff;
  }
  return out;
}

export function decodeMuLaw(data: Uint8Array): Int16Array {
  const out = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const u = ~data[i]! & 0xff;
    const exp = (u >> 4) & 0x07;
    const s = (((u & 0x0f) << 3) + BIAS) << exp;
    out[i] = u & 0x80 ? BIAS - s : s - BIAS;
  }
  return out;
}

/** 16-bit linear PCM to A-law (G.711 §3.1), even bits inverted (XOR 0x55). */
export function encodeALaw(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) {
    let s = pcm[i]!;
    const sign = s >= 0 ? 0x80 : 0;
    if (s < 0) s = -s - 1;
    if (s > 0x7fff) s = 0x7fff;
    let code: number;
    if (s < 256) code = s >> 4;
    else {
      let exp = 7;
      for (let mask = 0x4000; (s & mask) === 0 && exp > 1; mask >>= 1) exp--;
      code = (exp << 4) | ((s >> (exp + 3)) & 0x0f);
    }
    out[i] = (sign | code) ^ 0x55;
  }
  return out;
}

export function decodeALaw(data: Uint8Array): Int16Array {
  const out = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const a = data[i]! ^ 0x55;
    const exp = (a >> 4) & 0x07;
    let s = ((a & 0x0f) << 4) + 8;
    if (exp > 0) s = (s + 0x100) << (exp - 1);
    out[i] = a & 0x80 ? s : -s;
  }
  return out;
}
