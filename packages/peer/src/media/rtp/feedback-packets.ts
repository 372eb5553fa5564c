// RTCP feedback messages the session sends on request or on a NACK timer: PLI (RFC 4585 §6.3.1),
// FIR (RFC 5104 §4.3.1), generic NACK (RFC 4585 §6.2.1) and REMB (draft-alvestrand-rmcat-remb).
import type { RtcpPacket } from '@rtc/rtp';
import type { ReceiveStream } from './receive-stream.js';

/**
 * A key frame request for the sender of `stream` (SSRC `mediaSsrc`), counted on the stream; a FIR
 * advances the stream's FIR command sequence number (RFC 5104 §4.3.1.1).
 */
export function keyframeRequest(
  stream: ReceiveStream,
  mediaSsrc: number,
  senderSsrc: number,
  method: 'pli' | 'fir',
): RtcpPacket {
  if (method === 'pli') {
    stream.counters.pliCount++;
    return { type: 'pli', senderSsrc, mediaSsrc };
  }
  stream.counters.firCount++;
  stream.firSequenceNumber = (stream.firSequenceNumber + 1) & 0xff;
  return {
    type: 'fir',
    senderSsrc,
    mediaSsrc: 0,
    entries: [{ ssrc: mediaSsrc, sequenceNumber: stream.firSequenceNumber }],
  };
}

/** A generic NACK for the `lost` sequence numbers of `mediaSsrc`. */
export function nackPacket(senderSsrc: number, mediaSsrc: number, lost: number[]): RtcpPacket {
  return { type: 'nack', senderSsrc, mediaSsrc, lost };
}

/** REMB with our estimate (bit/s) for `ssrcs`. */
export function rembPacket(senderSsrc: number, bitrate: number, ssrcs: number[]): RtcpPacket {
  return { type: 'remb', senderSsrc, mediaSsrc: 0, bitrate, ssrcs };
}
