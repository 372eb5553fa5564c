import { type Address, ipBytes, ipFamily } from './address.js';
import type { DropReason, TraceEvent } from './types.js';

/** One datagram seen at a capture point, with its own copy of the bytes. */
export interface CapturedDatagram {
  readonly time: number;
  readonly id: number;
  /** 'send': as the socket sent it (private addresses); 'deliver': as the receiver got it. */
  readonly point: 'send' | 'deliver' | 'drop';
  readonly src: Address;
  readonly dst: Address;
  readonly data: Uint8Array;
  readonly reason?: DropReason;
}

/** The capture-point choices of {@link Capture.toPcap}. */
export type CapturePoint = CapturedDatagram['point'];

/**
 * Records datagrams from a network's trace for debugging: inspect `datagrams` in a test, or
 * write `toPcap()` to a file and open it in Wireshark (decode UDP ports as STUN/DTLS/RTP...).
 * A capture holds at most `limit` datagrams (the oldest are kept).
 */
export class Capture {
  readonly datagrams: CapturedDatagram[] = [];
  private stopped = false;

  constructor(
    private readonly unsubscribe: () => void,
    private readonly limit: number,
  ) {}

  /** @internal fed by the network's trace. */
  record(e: TraceEvent): void {
    if (this.stopped || this.datagrams.length >= this.limit) return;
    if (e.type !== 'send' && e.type !== 'deliver' && e.type !== 'drop') return;
    this.datagrams.push({
      time: e.time,
      id: e.id,
      point: e.type,
      src: e.src,
      dst: e.dst,
      data: e.data.slice(),
      ...(e.type === 'drop' ? { reason: e.reason } : {}),
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }

  /**
   * A classic pcap file (LINKTYPE_RAW: IPv4/IPv6 + UDP headers made up around each payload)
   * of the datagrams captured at `point` (default: as delivered). Timestamps are virtual time.
   */
  toPcap(point: CapturePoint = 'deliver'): Uint8Array {
    const records = this.datagrams.filter((d) => d.point === point).map(encodeRecord);
    const out = new Uint8Array(24 + records.reduce((n, r) => n + r.length, 0));
    const v = new DataView(out.buffer);
    v.setUint32(0, 0xa1b2c3d4, true); // magic, microsecond timestamps
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 65535, true); // snaplen
    v.setUint32(20, 101, true); // LINKTYPE_RAW
    let off = 24;
    for (const r of records) {
      out.set(r, off);
      off += r.length;
    }
    return out;
  }
}

function encodeRecord(d: CapturedDatagram): Uint8Array {
  const packet = ipUdpPacket(d.src, d.dst, d.data);
  const rec = new Uint8Array(16 + packet.length);
  const v = new DataView(rec.buffer);
  const micros = Math.round(d.time * 1000);
  v.setUint32(0, Math.floor(micros / 1_000_000), true);
  v.setUint32(4, micros % 1_000_000, true);
  v.setUint32(8, packet.length, true);
  v.setUint32(12, packet.length, true);
  rec.set(packet, 16);
  return rec;
}

function ipUdpPacket(src: Address, dst: Address, payload: Uint8Array): Uint8Array {
  const v6 = ipFamily(src.ip) === 6;
  const ipLen = v6 ? 40 : 20;
  const udpLen = 8 + payload.length;
  const out = new Uint8Array(ipLen + udpLen);
  const v = new DataView(out.buffer);
  const s = ipBytes(src.ip);
  const t = ipBytes(dst.ip);
  if (v6) {
    v.setUint32(0, 0x60000000);
    v.setUint16(4, udpLen);
    out[6] = 17; // next header: UDP
    out[7] = 64; // hop limit
    out.set(s, 8);
    out.set(t, 24);
  } else {
    out[0] = 0x45;
    v.setUint16(2, ipLen + udpLen);
    out[8] = 64; // TTL
    out[9] = 17; // protocol: UDP
    out.set(s, 12);
    out.set(t, 16);
    v.setUint16(10, onesComplement(out.subarray(0, 20), 0));
  }
  v.setUint16(ipLen, src.port);
  v.setUint16(ipLen + 2, dst.port);
  v.setUint16(ipLen + 4, udpLen);
  out.set(payload, ipLen + 8);
  // The UDP checksum over the pseudo-header (mandatory with IPv6, RFC 8200 §8.1).
  let pseudo = 17 + udpLen;
  for (const b of [s, t]) for (let i = 0; i < b.length; i += 2) pseudo += (b[i]! << 8) | b[i + 1]!;
  const sum = onesComplement(out.subarray(ipLen), pseudo);
  v.setUint16(ipLen + 6, sum === 0 ? 0xffff : sum);
  return out;
}

/** RFC 1071 Internet checksum of `bytes`, starting from a partial sum. */
function onesComplement(bytes: Uint8Array, initial: number): number {
  let sum = initial;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
