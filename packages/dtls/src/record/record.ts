import { DtlsError } from '../errors.js';

/** RFC 5246 §6.2.1 content types. */
export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;

/** RFC 6347 §4.1: DTLS 1.2 is {254, 253}. */
export const DTLS_1_2 = 0xfefd;
/** RFC 6347 §4.2.1: DTLS 1.0, the record version allowed in a ClientHello/HelloVerifyRequest. */
export const DTLS_1_0 = 0xfeff;
export const RECORD_HEADER_LENGTH = 13;
/** RFC 6347 §4.1 / RFC 5246 §6.2.1: plaintext fragments are at most 2^14 bytes. */
export const MAX_PLAINTEXT = 16384;
/** RFC 6347 §4.1 / RFC 5246 §6.2.3: a ciphertext fragment never exceeds 2^14 + 2048. */
export const MAX_RECORD_FRAGMENT = MAX_PLAINTEXT + 2048;

export interface DtlsRecord {
  readonly type: number;
  readonly version: number;
  readonly epoch: number;
  /** 48-bit sequence number, exact as a JS number. */
  readonly seq: number;
  readonly fragment: Uint8Array;
}

/** Decode the record at `offset` (RFC 6347 §4.1 DTLSPlaintext / DTLSCiphertext framing). */
export function decodeRecord(buf: Uint8Array, offset = 0): DtlsRecord {
  if (buf.length - offset < RECORD_HEADER_LENGTH) throw new DtlsError('decode', 'record: truncated header');
  const b = buf;
  const o = offset;
  const type = b[o]!;
  if (type < 20 || type > 23) throw new DtlsError('decode', `record: unknown content type ${type}`);
  const version = (b[o + 1]! << 8) | b[o + 2]!;
  if (version !== DTLS_1_2 && version !== DTLS_1_0) throw new DtlsError('decode', 'record: bad version');
  const epoch = (b[o + 3]! << 8) | b[o + 4]!;
  const seq =
    ((b[o + 5]! << 8) | b[o + 6]!) * 0x1_0000_0000 +
    ((b[o + 7]! << 24) >>> 0) +
    ((b[o + 8]! << 16) | (b[o + 9]! << 8) | b[o + 10]!);
  const length = (b[o + 11]! << 8) | b[o + 12]!;
  if (length > MAX_RECORD_FRAGMENT) throw new DtlsError('decode', 'record: fragment too long');
  if (o + RECORD_HEADER_LENGTH + length > b.length)
    throw new DtlsError('decode', 'record: truncated fragment');
  const fragment = b.subarray(o + RECORD_HEADER_LENGTH, o + RECORD_HEADER_LENGTH + length);
  return { type, version, epoch, seq, fragment };
}

/** RFC 6347 §4.1: a datagram may carry several records. Framing errors end the datagram. */
export function decodeDatagram(datagram: Uint8Array): { records: DtlsRecord[]; malformed: boolean } {
  const records: DtlsRecord[] = [];
  let pos = 0;
  while (pos < datagram.length) {
    try {
      const r = decodeRecord(datagram, pos);
      records.push(r);
      pos += RECORD_HEADER_LENGTH + r.fragment.length;
    } catch {
      return { records, malformed: true };
    }
  }
  return { records, malformed: false };
}

export function writeRecordHeader(
  out: Uint8Array,
  offset: number,
  type: number,
  version: number,
  epoch: number,
  seq: number,
  length: number,
): void {
  out[offset] = type;
  out[offset + 1] = version >>> 8;
  out[offset + 2] = version & 0xff;
  out[offset + 3] = epoch >>> 8;
  out[offset + 4] = epoch & 0xff;
  writeSeq48(out, offset + 5, seq);
  out[offset + 11] = length >>> 8;
  out[offset + 12] = length & 0xff;
}

export function writeSeq48(out: Uint8Array, offset: number, seq: number): void {
  const hi = Math.floor(seq / 0x1_0000_0000);
  const lo = seq >>> 0;
  out[offset] = hi >>> 8;
  out[offset + 1] = hi & 0xff;
  out[offset + 2] = lo >>> 24;
  out[offset + 3] = (lo >>> 16) & 0xff;
  out[offset + 4] = (lo >>> 8) & 0xff;
  out[offset + 5] = lo & 0xff;
}

export function encodeRecord(
  type: number,
  epoch: number,
  seq: number,
  fragment: Uint8Array,
  version = DTLS_1_2,
): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_LENGTH + fragment.length);
  writeRecordHeader(out, 0, type, version, epoch, seq, fragment.length);
  out.set(fragment, RECORD_HEADER_LENGTH);
  return out;
}
