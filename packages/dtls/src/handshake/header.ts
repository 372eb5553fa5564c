import { DtlsError } from '../errors.js';

/** RFC 5246 §7.4 / RFC 6347 §4.3.2 handshake types. */
export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  helloVerifyRequest: 3,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
} as const;

export const HANDSHAKE_HEADER_LENGTH = 12;

/** RFC 6347 §4.2.2: one handshake message fragment. */
export interface HandshakeFragment {
  readonly msgType: number;
  readonly length: number;
  readonly messageSeq: number;
  readonly fragmentOffset: number;
  readonly body: Uint8Array;
}

export function decodeFragment(buf: Uint8Array, offset: number): HandshakeFragment {
  if (buf.length - offset < HANDSHAKE_HEADER_LENGTH)
    throw new DtlsError('decode', 'handshake: truncated header');
  const b = buf;
  const o = offset;
  const msgType = b[o]!;
  const length = (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  const messageSeq = (b[o + 4]! << 8) | b[o + 5]!;
  const fragmentOffset = (b[o + 6]! << 16) | (b[o + 7]! << 8) | b[o + 8]!;
  const fragmentLength = (b[o + 9]! << 16) | (b[o + 10]! << 8) | b[o + 11]!;
  if (fragmentOffset + fragmentLength > length)
    throw new DtlsError('decode', 'handshake: fragment beyond message');
  if (o + HANDSHAKE_HEADER_LENGTH + fragmentLength > b.length)
    throw new DtlsError('decode', 'handshake: truncated fragment');
  const body = b.subarray(o + HANDSHAKE_HEADER_LENGTH, o + HANDSHAKE_HEADER_LENGTH + fragmentLength);
  return { msgType, length, messageSeq, fragmentOffset, body };
}

/** All fragments in one handshake record (a record may carry several, RFC 6347 §4.2.3). */
export function decodeFragments(fragment: Uint8Array): HandshakeFragment[] {
  const out: HandshakeFragment[] = [];
  let pos = 0;
  while (pos < fragment.length) {
    const f = decodeFragment(fragment, pos);
    out.push(f);
    pos += HANDSHAKE_HEADER_LENGTH + f.body.length;
  }
  return out;
}

/** Encode a fragment header + body. An unfragmented message has offset 0 and full length. */
export function encodeFragment(
  msgType: number,
  length: number,
  messageSeq: number,
  fragmentOffset: number,
  body: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(HANDSHAKE_HEADER_LENGTH + body.length);
  out[0] = msgType;
  out[1] = length >>> 16;
  out[2] = (length >>> 8) & 0xff;
  out[3] = length & 0xff;
  out[4] = messageSeq >>> 8;
  out[5] = messageSeq & 0xff;
  out[6] = fragmentOffset >>> 16;
  out[7] = (fragmentOffset >>> 8) & 0xff;
  out[8] = fragmentOffset & 0xff;
  out[9] = body.length >>> 16;
  out[10] = (body.length >>> 8) & 0xff;
  out[11] = body.length & 0xff;
  out.set(body, HANDSHAKE_HEADER_LENGTH);
  return out;
}

/** The transcript form of a whole message (RFC 6347 §4.2.6: as if sent in one fragment). */
export function encodeWholeMessage(msgType: number, messageSeq: number, body: Uint8Array): Uint8Array {
  return encodeFragment(msgType, body.length, messageSeq, 0, body);
}
