// RFC 8843 §9.2: routing an incoming RTP packet in a BUNDLE group. First the SSRC table; then the
// mid header extension (with rid/repaired-rid to pick a simulcast layer, RFC 8852); then a payload
// type that belongs to exactly one m= section. What matches binds the SSRC for later packets.
import { decodeMid, decodeRid, findHeaderExtension, type RtpPacket } from '@rtc/rtp';
import type { ReceiveStream } from './receive-stream.js';

export interface DemuxIds {
  mid?: number;
  rid?: number;
  repairedRid?: number;
}

export interface Route {
  stream: ReceiveStream;
  /** True when the packet is on the stream's RTX SSRC (RFC 4588) and must be unwrapped. */
  rtx: boolean;
}

export class RtpDemuxer {
  private readonly bySsrc = new Map<number, Route>();
  readonly streams: ReceiveStream[] = [];
  /** Bound on learned SSRCs (a peer cannot grow the table without limit). */
  private readonly maxSsrcs: number;

  constructor(
    private readonly ids: DemuxIds,
    maxSsrcs = 1024,
  ) {
    this.maxSsrcs = maxSsrcs;
  }

  add(stream: ReceiveStream): void {
    this.streams.push(stream);
    if (stream.ssrc !== undefined) this.bySsrc.set(stream.ssrc, { stream, rtx: false });
    if (stream.rtxSsrc !== undefined) this.bySsrc.set(stream.rtxSsrc, { stream, rtx: true });
  }

  remove(stream: ReceiveStream): void {
    const i = this.streams.indexOf(stream);
    if (i >= 0) this.streams.splice(i, 1);
    for (const [ssrc, r] of this.bySsrc) if (r.stream === stream) this.bySsrc.delete(ssrc);
  }

  /** The ssrc's route, learning it from mid/rid or a unique payload type; undefined = unknown. */
  route(packet: RtpPacket): Route | undefined {
    const known = this.bySsrc.get(packet.ssrc);
    if (known) return known;
    const mid = this.readString(packet, this.ids.mid, decodeMid);
    let route: Route | undefined;
    if (mid !== undefined) route = this.byMid(packet, mid);
    else route = this.byPayloadType(packet.payloadType);
    if (!route || this.bySsrc.size >= this.maxSsrcs) return undefined;
    // Bind the SSRC (RFC 8843 §9.2: later packets without the extension route by SSRC).
    if (route.rtx) route.stream.rtxSsrc ??= packet.ssrc;
    else route.stream.ssrc ??= packet.ssrc;
    this.bySsrc.set(packet.ssrc, route);
    return route;
  }

  /** The mid header extension value, if the extension is negotiated and present. */
  mid(packet: RtpPacket): string | undefined {
    return this.readString(packet, this.ids.mid, decodeMid);
  }

  private byMid(packet: RtpPacket, mid: string): Route | undefined {
    const candidates = this.streams.filter((s) => s.mid === mid);
    if (candidates.length === 0) return undefined;
    const rid = this.readString(packet, this.ids.rid, decodeRid);
    const repaired = this.readString(packet, this.ids.repairedRid, decodeRid);
    const wanted = rid ?? repaired;
    const stream =
      wanted !== undefined
        ? candidates.find((s) => s.rid === wanted)
        : candidates.find((s) => s.rid === undefined);
    const chosen = stream ?? (candidates.length === 1 && wanted === undefined ? candidates[0] : undefined);
    if (!chosen) return undefined;
    const rtx = repaired !== undefined || chosen.rtxApt.has(packet.payloadType);
    return { stream: chosen, rtx };
  }

  private byPayloadType(payloadType: number): Route | undefined {
    let found: ReceiveStream | undefined;
    for (const s of this.streams) {
      if (!s.hasPayloadType(payloadType)) continue;
      // RFC 8843 §9.2: only a payload type unique to one m= section identifies it; and a stream that
      // already has an SSRC (signalled or learned) does not take another unsignalled one.
      if (found) return undefined;
      found = s;
    }
    if (!found) return undefined;
    const rtx = found.rtxApt.has(payloadType);
    if (rtx ? found.rtxSsrc !== undefined : found.ssrc !== undefined) return undefined;
    return { stream: found, rtx };
  }

  private readString(
    packet: RtpPacket,
    id: number | undefined,
    decode: (b: Uint8Array) => string,
  ): string | undefined {
    if (id === undefined || !packet.extension) return undefined;
    try {
      const data = findHeaderExtension(packet.extension, id);
      return data ? decode(data) : undefined;
    } catch {
      return undefined; // a malformed extension block routes like a packet without one
    }
  }
}
