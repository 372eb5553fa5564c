import { RtpError } from '../errors.js';
import { type ApplicationDefined, decodeApp, encodeApp } from './app.js';
import { decodeBye, encodeBye, type Goodbye } from './bye.js';
import { RtcpPacketType } from './common-header.js';
import { decodeXr, type ExtendedReport, encodeXr } from './extended-report.js';
import { decodeFir, encodeFir, FIR_FMT, type FullIntraRequest } from './fir.js';
import { decodeGenericFeedback, encodeGenericFeedback, type GenericFeedback } from './generic-feedback.js';
import { decodeNack, encodeNack, type GenericNack, NACK_FMT } from './nack.js';
import { decodePli, encodePli, type PictureLossIndication, PLI_FMT } from './pli.js';
import { decodeReceiverReport, encodeReceiverReport, type ReceiverReport } from './receiver-report.js';
import { AFB_FMT, decodeRemb, encodeRemb, isRembFci, type ReceiverEstimatedMaxBitrate } from './remb.js';
import { decodeSdes, encodeSdes, type SourceDescription } from './sdes.js';
import { decodeSenderReport, encodeSenderReport, type SenderReport } from './sender-report.js';
import { decodeTransportCc, encodeTransportCc, type TransportCcFeedback, TWCC_FMT } from './transport-cc.js';

/** An RTCP packet type this package does not know; body kept as bytes. */
export interface UnknownRtcpPacket {
  type: 'unknown';
  packetType: number;
  /** The 5-bit count/FMT field. */
  count: number;
  body: Uint8Array;
}

export type RtcpPacket =
  | SenderReport
  | ReceiverReport
  | SourceDescription
  | Goodbye
  | ApplicationDefined
  | GenericNack
  | TransportCcFeedback
  | PictureLossIndication
  | FullIntraRequest
  | ReceiverEstimatedMaxBitrate
  | GenericFeedback
  | ExtendedReport
  | UnknownRtcpPacket;

function decodeOne(count: number, packetType: number, body: Uint8Array): RtcpPacket {
  switch (packetType) {
    case RtcpPacketType.SR:
      return decodeSenderReport(count, body);
    case RtcpPacketType.RR:
      return decodeReceiverReport(count, body);
    case RtcpPacketType.SDES:
      return decodeSdes(count, body);
    case RtcpPacketType.BYE:
      return decodeBye(count, body);
    case RtcpPacketType.APP:
      return decodeApp(count, body);
    case RtcpPacketType.RTPFB:
      if (body.length < 8) throw new RtpError('bad-length', 'RTCP RTP feedback length is invalid');
      if (count === NACK_FMT) return decodeNack(body);
      if (count === TWCC_FMT) return decodeTransportCc(body);
      return decodeGenericFeedback('rtpfb', count, body);
    case RtcpPacketType.PSFB:
      if (body.length < 8)
        throw new RtpError('bad-length', 'RTCP payload-specific feedback length is invalid');
      if (count === PLI_FMT) return decodePli(body);
      if (count === FIR_FMT) return decodeFir(body);
      if (count === AFB_FMT && isRembFci(body)) return decodeRemb(body);
      return decodeGenericFeedback('psfb', count, body);
    case RtcpPacketType.XR:
      return decodeXr(body);
    default:
      return { type: 'unknown', packetType, count, body };
  }
}

/**
 * Decodes a compound RTCP packet (RFC 3550 §6.1) into its packets. Reduced-size RTCP (RFC 5506) is
 * accepted: no rule on which packet comes first is enforced. Padding (P bit) is stripped; a padding
 * count of zero or beyond the packet is rejected. Byte fields (FCI, APP data, ...) are views.
 */
export function decodeRtcp(bytes: Uint8Array): RtcpPacket[] {
  const packets: RtcpPacket[] = [];
  let o = 0;
  const len = bytes.length;
  if (len < 4) throw new RtpError('truncated', 'RTCP packet shorter than 4 bytes');
  while (o < len) {
    if (o + 4 > len) throw new RtpError('truncated', 'RTCP header truncated');
    const b0 = bytes[o]!;
    if (b0 >> 6 !== 2) throw new RtpError('bad-version', 'RTCP version is not 2');
    const size = (((bytes[o + 2]! << 8) | bytes[o + 3]!) + 1) * 4;
    if (o + size > len) throw new RtpError('truncated', 'RTCP length exceeds the datagram');
    let end = o + size;
    if (b0 & 0x20) {
      // RFC 3550 §6.4.1: the last octet of the padding counts the padding octets including itself.
      const pad = bytes[end - 1]!;
      if (pad === 0 || pad > size - 4) throw new RtpError('bad-padding', 'RTCP padding count invalid');
      end -= pad;
    }
    packets.push(decodeOne(b0 & 0x1f, bytes[o + 1]!, bytes.subarray(o + 4, end)));
    o += size;
  }
  return packets;
}

/** Serializes one RTCP packet. */
export function encodeRtcpPacket(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case 'sr':
      return encodeSenderReport(packet);
    case 'rr':
      return encodeReceiverReport(packet);
    case 'sdes':
      return encodeSdes(packet);
    case 'bye':
      return encodeBye(packet);
    case 'app':
      return encodeApp(packet);
    case 'nack':
      return encodeNack(packet);
    case 'twcc':
      return encodeTransportCc(packet);
    case 'pli':
      return encodePli(packet);
    case 'fir':
      return encodeFir(packet);
    case 'remb':
      return encodeRemb(packet);
    case 'rtpfb':
    case 'psfb':
      return encodeGenericFeedback(packet);
    case 'xr':
      return encodeXr(packet);
    case 'unknown': {
      if (packet.body.length % 4 !== 0) throw new RtpError('bad-value', 'RTCP body must be a multiple of 4');
      const out = new Uint8Array(4 + packet.body.length);
      out[0] = 0x80 | (packet.count & 0x1f);
      out[1] = packet.packetType;
      out[2] = (packet.body.length / 4) >> 8;
      out[3] = (packet.body.length / 4) & 0xff;
      out.set(packet.body, 4);
      return out;
    }
  }
}

/**
 * Serializes a compound packet. RFC 3550 §6.1 wants SR/RR first and an SDES CNAME; this is the
 * caller's choice (reduced-size RTCP, RFC 5506, sends feedback alone). Only the last packet may carry
 * padding (RFC 3550 §6.4.1): callers put transport-cc feedback (which pads itself) last.
 */
export function encodeRtcp(packets: readonly RtcpPacket[]): Uint8Array {
  const parts = packets.map(encodeRtcpPacket);
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
