// Picks the @rtc/rtp packetizer/depacketizer for a negotiated codec (by the name after the slash of
// its mimeType), so sources and sinks need only the codec the SDP negotiated.
import {
  Av1Depacketizer,
  Av1Packetizer,
  G711Depacketizer,
  G711Packetizer,
  H264Depacketizer,
  H264Packetizer,
  OpusDepacketizer,
  OpusPacketizer,
  type RtpDepacketizer,
  type RtpPacketizer,
  Vp8Depacketizer,
  Vp8Packetizer,
  Vp9Depacketizer,
  Vp9Packetizer,
} from '@rtc/rtp';
import { codecName } from '../codecs/capabilities.js';

export type PayloadFormatName = 'vp8' | 'vp9' | 'h264' | 'av1' | 'opus' | 'pcmu' | 'pcma';

function nameOf(codec: string): PayloadFormatName {
  const n = codecName(codec.includes('/') ? codec : `x/${codec}`);
  if (
    n === 'vp8' ||
    n === 'vp9' ||
    n === 'h264' ||
    n === 'av1' ||
    n === 'opus' ||
    n === 'pcmu' ||
    n === 'pcma'
  )
    return n;
  throw new TypeError(`no payload format for codec '${codec}'`);
}

/** A packetizer for 'video/VP8', 'vp8', 'audio/opus' ... (TypeError for codecs without one). */
export function packetizerFor(codec: string): RtpPacketizer {
  switch (nameOf(codec)) {
    case 'vp8':
      return new Vp8Packetizer();
    case 'vp9':
      return new Vp9Packetizer();
    case 'h264':
      return new H264Packetizer();
    case 'av1':
      return new Av1Packetizer();
    case 'opus':
      return new OpusPacketizer();
    default:
      return new G711Packetizer();
  }
}

export function depacketizerFor(codec: string): RtpDepacketizer {
  switch (nameOf(codec)) {
    case 'vp8':
      return new Vp8Depacketizer();
    case 'vp9':
      return new Vp9Depacketizer();
    case 'h264':
      return new H264Depacketizer();
    case 'av1':
      return new Av1Depacketizer();
    case 'opus':
      return new OpusDepacketizer();
    default:
      return new G711Depacketizer();
  }
}

export function isAudioFormat(codec: string): boolean {
  const n = nameOf(codec);
  return n === 'opus' || n === 'pcmu' || n === 'pcma';
}
