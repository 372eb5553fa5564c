// A DTLS server must answer a ClientHello statelessly (RFC 6347 §4.2.1), and @rtc/dtls's listener
// only reads a ClientHello that fits one fragment. Chromium's ClientHello is larger than its MTU
// (1413 bytes seen) and arrives in two fragments, so until the listener reassembles by itself the
// peer joins the epoch-0 ClientHello fragments (RFC 6347 §4.2.3) into one record before DTLS sees
// them. Everything else passes through untouched. Bounded: a few messages of at most 16 KiB each.

const RECORD_HEADER = 13;
const HANDSHAKE_HEADER = 12;
const CONTENT_HANDSHAKE = 22;
const CLIENT_HELLO = 1;
const MAX_MESSAGE = 16384;
const MAX_PENDING = 4;

interface Pending {
  length: number;
  body: Uint8Array;
  /** Byte ranges received, as a bitmap of bytes (small: at most 16 KiB). */
  have: Uint8Array;
  missing: number;
}

const u24 = (b: Uint8Array, o: number) => (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;

export class ClientHelloDefragmenter {
  readonly #pending = new Map<number, Pending>();

  /** Returns the datagram to give DTLS: the input, or one with a reassembled ClientHello record. */
  process(datagram: Uint8Array): Uint8Array | undefined {
    const out: Uint8Array[] = [];
    let changed = false;
    let off = 0;
    while (off + RECORD_HEADER <= datagram.length) {
      const len = (datagram[off + 11]! << 8) | datagram[off + 12]!;
      const end = off + RECORD_HEADER + len;
      if (end > datagram.length) break;
      const record = datagram.subarray(off, end);
      off = end;
      const epoch = (record[3]! << 8) | record[4]!;
      const frag = record.subarray(RECORD_HEADER);
      if (
        record[0] !== CONTENT_HANDSHAKE ||
        epoch !== 0 ||
        frag.length < HANDSHAKE_HEADER ||
        frag[0] !== CLIENT_HELLO
      ) {
        out.push(record);
        continue;
      }
      const length = u24(frag, 1);
      const offset = u24(frag, 6);
      const fragLength = u24(frag, 9);
      if (offset === 0 && fragLength === length) {
        out.push(record);
        continue;
      }
      changed = true;
      const whole = this.#add(record, frag, length, offset, fragLength);
      if (whole) out.push(whole);
    }
    if (!changed) return datagram;
    if (out.length === 0) return undefined;
    return Buffer.concat(out);
  }

  #add(
    record: Uint8Array,
    frag: Uint8Array,
    length: number,
    offset: number,
    fragLength: number,
  ): Uint8Array | undefined {
    const messageSeq = (frag[4]! << 8) | frag[5]!;
    if (length > MAX_MESSAGE || offset + fragLength > length || HANDSHAKE_HEADER + fragLength > frag.length)
      return undefined;
    let p = this.#pending.get(messageSeq);
    if (p && p.length !== length) p = undefined;
    if (!p) {
      if (this.#pending.size >= MAX_PENDING) this.#pending.clear();
      p = { length, body: new Uint8Array(length), have: new Uint8Array(length), missing: length };
      this.#pending.set(messageSeq, p);
    }
    p.body.set(frag.subarray(HANDSHAKE_HEADER, HANDSHAKE_HEADER + fragLength), offset);
    for (let i = offset; i < offset + fragLength; i++) {
      if (p.have[i] === 0) {
        p.have[i] = 1;
        p.missing--;
      }
    }
    if (p.missing > 0) return undefined;
    this.#pending.delete(messageSeq);
    // One record: the last fragment's record header (its sequence number is what a
    // HelloVerifyRequest echoes), a handshake header with offset 0 and the whole body.
    const total = HANDSHAKE_HEADER + length;
    const out = new Uint8Array(RECORD_HEADER + total);
    out.set(record.subarray(0, 11), 0);
    out[11] = total >> 8;
    out[12] = total & 0xff;
    const h = RECORD_HEADER;
    out[h] = CLIENT_HELLO;
    out[h + 1] = length >> 16;
    out[h + 2] = (length >> 8) & 0xff;
    out[h + 3] = length & 0xff;
    out[h + 4] = frag[4]!;
    out[h + 5] = frag[5]!;
    out[h + 9] = length >> 16;
    out[h + 10] = (length >> 8) & 0xff;
    out[h + 11] = length & 0xff;
    out.set(p.body, h + HANDSHAKE_HEADER);
    return out;
  }
}
