import { RtpError } from '../errors.js';
import { concatBytes, type RtpDepacketizer, type RtpPacketizer } from './codec.js';
import { leb128Size, readLeb128, writeLeb128 } from './leb128.js';

// AV1 RTP payload format (AOMedia, "RTP Payload Format For AV1" v1.0) §4.4 aggregation header:
// Z(1) Y(1) W(2) N(1) reserved(3). OBU elements carry OBUs without obu_size (§5); temporal
// delimiter and tile list OBUs are not sent.

export const Av1ObuType = {
  SEQUENCE_HEADER: 1,
  TEMPORAL_DELIMITER: 2,
  FRAME_HEADER: 3,
  TILE_GROUP: 4,
  METADATA: 5,
  FRAME: 6,
  REDUNDANT_FRAME_HEADER: 7,
  TILE_LIST: 8,
  PADDING: 15,
} as const;

export interface Av1AggregationHeader {
  /** Z: the first element continues an OBU fragment from the previous packet. */
  continuation: boolean;
  /** Y: the last element continues in the next packet. */
  willContinue: boolean;
  /** W: element count (0 = every element has a length field). */
  elementCount: number;
  /** N: first packet of a coded video sequence. */
  newSequence: boolean;
}

export function parseAv1AggregationHeader(payload: Uint8Array): Av1AggregationHeader {
  if (payload.length < 1) throw new RtpError('bad-format', 'AV1 payload is empty');
  const b = payload[0]!;
  return {
    continuation: (b & 0x80) !== 0,
    willContinue: (b & 0x40) !== 0,
    elementCount: (b >> 4) & 0x03,
    newSequence: (b & 0x08) !== 0,
  };
}

/** The OBU elements of one payload (views), per the W field. */
export function parseAv1Elements(payload: Uint8Array): Uint8Array[] {
  const { elementCount } = parseAv1AggregationHeader(payload);
  const out: Uint8Array[] = [];
  let o = 1;
  while (o < payload.length) {
    if (elementCount !== 0 && out.length === elementCount - 1) {
      out.push(payload.subarray(o)); // §4.4: the last of W elements has no length field
      return out;
    }
    const { value, size } = readLeb128(payload, o);
    o += size;
    if (o + value > payload.length) throw new RtpError('bad-format', 'AV1 OBU element overruns payload');
    out.push(payload.subarray(o, o + value));
    o += value;
  }
  if (elementCount !== 0 && out.length !== elementCount) {
    throw new RtpError('bad-format', 'AV1 payload has fewer OBU elements than W says');
  }
  return out;
}

interface Obu {
  type: number;
  /** OBU header (1 or 2 bytes) with obu_has_size_field cleared, then the OBU payload. */
  element: Uint8Array;
}

/** Splits a temporal unit in low-overhead bitstream format (AV1 spec §5.2) into OBUs without size fields. */
export function splitAv1Obus(tu: Uint8Array): Obu[] {
  const obus: Obu[] = [];
  let o = 0;
  while (o < tu.length) {
    const h = tu[o]!;
    if (h & 0x80) throw new RtpError('bad-format', 'AV1 OBU forbidden bit set');
    const type = (h >> 3) & 0x0f;
    const headerSize = h & 0x04 ? 2 : 1;
    if (o + headerSize > tu.length) throw new RtpError('bad-format', 'AV1 OBU header truncated');
    let payloadStart = o + headerSize;
    let payloadEnd = tu.length;
    if (h & 0x02) {
      const { value, size } = readLeb128(tu, payloadStart);
      payloadStart += size;
      payloadEnd = payloadStart + value;
      if (payloadEnd > tu.length) throw new RtpError('bad-format', 'AV1 OBU size overruns the temporal unit');
    }
    const element = new Uint8Array(headerSize + payloadEnd - payloadStart);
    element[0] = h & ~0x02;
    if (headerSize === 2) element[1] = tu[o + 1]!;
    element.set(tu.subarray(payloadStart, payloadEnd), headerSize);
    obus.push({ type, element });
    o = payloadEnd;
  }
  return obus;
}

/** Packetizer: every element carries a LEB128 length (W=0); OBUs that do not fit are fragmented (Y/Z). */
export class Av1Packetizer implements RtpPacketizer {
  /** `frame` is one temporal unit in low-overhead format (OBUs with obu_size, as in IVF). */
  packetize(frame: Uint8Array, maxPayloadSize: number): Uint8Array[] {
    if (maxPayloadSize < 4) throw new RtpError('bad-value', 'maxPayloadSize too small for AV1');
    const obus = splitAv1Obus(frame).filter(
      (x) => x.type !== Av1ObuType.TEMPORAL_DELIMITER && x.type !== Av1ObuType.TILE_LIST,
    );
    const newSequence = obus.some((x) => x.type === Av1ObuType.SEQUENCE_HEADER);
    const out: Uint8Array[] = [];
    let parts: Uint8Array[] = [];
    let used = 1;
    let continuation = false;
    const flush = (willContinue: boolean): void => {
      const p = concatBytes([new Uint8Array(1), ...parts], used);
      p[0] =
        (continuation ? 0x80 : 0) | (willContinue ? 0x40 : 0) | (newSequence && out.length === 0 ? 0x08 : 0);
      out.push(p);
      parts = [];
      used = 1;
      continuation = willContinue;
    };
    for (const { element } of obus) {
      let o = 0;
      while (o < element.length) {
        const rest = element.length - o;
        const space = maxPayloadSize - used;
        let n = rest;
        if (leb128Size(n) + n > space) {
          n = space - leb128Size(space);
          if (n < 1) {
            flush(false);
            continue;
          }
        }
        const len = new Uint8Array(leb128Size(n));
        writeLeb128(len, 0, n);
        parts.push(len, element.subarray(o, o + n));
        used += len.length + n;
        o += n;
        if (o < element.length) flush(true);
      }
    }
    if (parts.length > 0) flush(false);
    return out;
  }
}

export class Av1Depacketizer implements RtpDepacketizer {
  /** N bit: first packet of a coded video sequence (a key frame with a sequence header). */
  isKeyframe(payload: Uint8Array): boolean {
    return parseAv1AggregationHeader(payload).newSequence;
  }

  /** Only the N bit marks a start; otherwise frames are delimited by timestamp and marker. */
  isFrameStart(payload: Uint8Array): boolean | undefined {
    const h = parseAv1AggregationHeader(payload);
    if (h.newSequence) return true;
    return h.continuation ? false : undefined;
  }

  /**
   * Rebuilds a temporal unit in low-overhead format: a temporal delimiter, then each OBU with
   * obu_has_size_field set and its LEB128 size (the form IVF files and decoders take).
   */
  assemble(payloads: readonly Uint8Array[]): Uint8Array {
    const obus: Uint8Array[] = [];
    let pending: Uint8Array[] | undefined;
    for (const payload of payloads) {
      const h = parseAv1AggregationHeader(payload);
      const elements = parseAv1Elements(payload);
      for (let i = 0; i < elements.length; i++) {
        let el = elements[i]!;
        if (i === 0 && h.continuation) {
          if (!pending) throw new RtpError('bad-format', 'AV1 continuation without a previous fragment');
          pending.push(el);
          el = concatBytes(pending);
          pending = undefined;
        } else if (i === 0 && pending) {
          throw new RtpError('bad-format', 'AV1 fragment not continued');
        }
        if (i === elements.length - 1 && h.willContinue) pending = [el];
        else if (el.length > 0) obus.push(el);
      }
    }
    if (pending) throw new RtpError('bad-format', 'AV1 OBU fragment without an end');
    const parts: Uint8Array[] = [new Uint8Array([0x12, 0x00])];
    for (const el of obus) {
      const h = el[0]!;
      if (h & 0x02) {
        parts.push(el); // already carries obu_size
        continue;
      }
      const headerSize = h & 0x04 ? 2 : 1;
      if (el.length < headerSize) throw new RtpError('bad-format', 'AV1 OBU header truncated');
      const size = el.length - headerSize;
      const head = new Uint8Array(headerSize + leb128Size(size));
      head[0] = h | 0x02;
      if (headerSize === 2) head[1] = el[1]!;
      writeLeb128(head, headerSize, size);
      parts.push(head, el.subarray(headerSize));
    }
    return concatBytes(parts);
  }
}
