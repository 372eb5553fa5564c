/**
 * The per-packet cryptographic transform of one session direction: pure functions of the packet
 * and its index, no replay or rollover state (that lives in src/context/). Callers have already
 * checked that the packet is long enough for its header, tag and SRTCP trailer.
 */
export interface PacketTransform {
  readonly rtpTagLength: number;
  readonly rtcpTagLength: number;
  /** Octets SRTCP adds after the RTCP packet: tag + 4-octet E|index word. */
  readonly rtcpOverhead: number;

  /** RTP packet -> SRTP packet (RFC 3711 §3.3 / RFC 7714 §8). */
  protectRtp(packet: Uint8Array, headerLength: number, ssrc: number, roc: number, seq: number): Uint8Array;
  /** SRTP packet -> RTP packet, or undefined if authentication fails. */
  unprotectRtp(
    packet: Uint8Array,
    headerLength: number,
    ssrc: number,
    roc: number,
    seq: number,
  ): Uint8Array | undefined;

  /** RTCP compound packet -> SRTCP packet with E=1 and the given index (RFC 3711 §3.4). */
  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array;
  /** Offset of the E|index word inside an SRTCP packet of this length (layout differs by cipher). */
  rtcpIndexOffset(packetLength: number): number;
  /** SRTCP packet -> RTCP packet, or undefined if authentication fails. */
  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined;
}

/** The SRTCP E flag (RFC 3711 §3.4): set when the payload is encrypted. */
export const SRTCP_E_FLAG = 0x80000000;
/** SRTCP index is 31 bits (RFC 3711 §3.4). */
export const SRTCP_INDEX_MASK = 0x7fffffff;
/** The RTCP header left in the clear: V/P/RC, PT, length and sender SSRC (RFC 3711 §3.4). */
export const RTCP_CLEAR_HEADER = 8;

export function writeUint32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = value >>> 24;
  buf[offset + 1] = (value >>> 16) & 0xff;
  buf[offset + 2] = (value >>> 8) & 0xff;
  buf[offset + 3] = value & 0xff;
}

export function readUint32(buf: Uint8Array, offset: number): number {
  return (
    (((buf[offset] as number) << 24) |
      ((buf[offset + 1] as number) << 16) |
      ((buf[offset + 2] as number) << 8) |
      (buf[offset + 3] as number)) >>>
    0
  );
}

/** XOR a 32-bit big-endian value into buf at offset. */
export function xorUint32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = (buf[offset] as number) ^ (value >>> 24);
  buf[offset + 1] = (buf[offset + 1] as number) ^ ((value >>> 16) & 0xff);
  buf[offset + 2] = (buf[offset + 2] as number) ^ ((value >>> 8) & 0xff);
  buf[offset + 3] = (buf[offset + 3] as number) ^ (value & 0xff);
}
