import { RtpError } from '../errors.js';
import type { RtpDepacketizer, RtpPacketizer } from './codec.js';

// RFC 7587 §4.2: one Opus packet per RTP payload, no payload header; RTP clock is always 48 kHz.

export const OPUS_CLOCK_RATE = 48_000;

/** Frame size in 48 kHz samples for the TOC config (RFC 6716 §3.1, Table 2). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config & 3]!; // SILK 10/20/40/60 ms
  if (config < 16) return [480, 960][config & 1]!; // Hybrid 10/20 ms
  return [120, 240, 480, 960][config & 3]!; // CELT 2.5/5/10/20 ms
}

/** RFC 6716 §3.1-3.2: number of 48 kHz samples in an Opus packet (its duration), from the TOC byte(s). */
export function opusPacketSamples(packet: Uint8Array): number {
  if (packet.length < 1) throw new RtpError('bad-format', 'Opus packet is empty');
  const toc = packet[0]!;
  const per = frameSamples(toc >> 3);
  let frames: number;
  switch (toc & 0x03) {
    case 0:
      frames = 1;
      break;
    case 1:
    case 2:
      frames = 2;
      break;
    default:
      if (packet.length < 2) throw new RtpError('bad-format', 'Opus code 3 packet without frame count');
      frames = packet[1]! & 0x3f;
      if (frames === 0) throw new RtpError('bad-format', 'Opus frame count of zero');
  }
  const total = per * frames;
  // RFC 6716 §3.2.5: at most 120 ms per packet.
  if (total > 5760) throw new RtpError('bad-format', 'Opus packet longer than 120 ms');
  return total;
}

export class OpusPacketizer implements RtpPacketizer {
  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    if (frame.length === 0) throw new RtpError('bad-value', 'empty Opus packet');
    if (frame.length > maxPayloadSize) throw new RtpError('bad-value', 'an Opus packet cannot be split');
    return [frame];
  }
}

export class OpusDepacketizer implements RtpDepacketizer {
  /** Audio: every packet is independently decodable for the jitter buffer's purposes. */
  isKeyframe(_payload: Uint8Array): boolean {
    return true;
  }

  isFrameStart(_payload: Uint8Array): boolean {
    return true;
  }

  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    if (payloads.length !== 1) throw new RtpError('bad-format', 'an Opus frame is exactly one payload');
    return payloads[0]!;
  }
}
