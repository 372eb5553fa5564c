import { writeAttribute } from './attributes/encode-value.js';
import { HEADER_LENGTH } from './constants.js';
import { hashBackend } from './crypto/select.js';
import { StunError } from './errors.js';
import { fingerprintValue } from './fingerprint.js';
import type { StunMessage } from './message.js';
import { encodeMessageType } from './message-type.js';

export interface EncodeOptions {
  /** Key for MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5): shortTermKey() or longTermKey(). */
  integrity?: Uint8Array | undefined;
  /** Key for MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, RFC 8489 §14.6), added after MESSAGE-INTEGRITY. */
  integritySha256?: Uint8Array | undefined;
  /** Append FINGERPRINT (RFC 8489 §14.7) as the last attribute. */
  fingerprint?: boolean | undefined;
}

// RFC 8489 §5: the length field is 16 bits and a multiple of 4.
const MAX_BODY = 0xfffc;
// The encoder writes into one reusable buffer (plus slack for the last fixed-size attribute) and copies
// the finished message out once: no per-attribute allocations.
let scratch: Uint8Array | undefined;

/**
 * Encodes a message. Integrity and fingerprint attributes are appended in the order RFC 8489 requires
 * (MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, FINGERPRINT) when their options are given.
 * Throws StunError('invalid-attribute' | 'invalid-argument' | 'too-large') on values it cannot encode.
 */
export function encodeMessage(msg: StunMessage, options?: EncodeOptions): Uint8Array {
  const out = (scratch ??= new Uint8Array(HEADER_LENGTH + MAX_BODY + 1024));
  const tid = msg.transactionId;
  if (!(tid instanceof Uint8Array) || tid.length !== 12) {
    throw new StunError('invalid-argument', 'transactionId must be 12 bytes');
  }
  const type = encodeMessageType(msg.class, msg.method);
  out[0] = type >>> 8;
  out[1] = type & 0xff;
  out[4] = 0x21;
  out[5] = 0x12;
  out[6] = 0xa4;
  out[7] = 0x42;
  out.set(tid, 8);
  let p = HEADER_LENGTH;
  const attrs = msg.attributes;
  for (let i = 0; i < attrs.length; i++) {
    if (p > HEADER_LENGTH + MAX_BODY) break;
    p = writeAttribute(attrs[i]!, out, p, tid);
  }
  const extra =
    (options?.integrity ? 24 : 0) + (options?.integritySha256 ? 36 : 0) + (options?.fingerprint ? 8 : 0);
  if (p - HEADER_LENGTH + extra > MAX_BODY) throw new StunError('too-large', 'message exceeds 65532 bytes');
  if (options?.integrity) {
    // RFC 8489 §14.5: HMAC over the message up to the attribute, length field covering it.
    // The length field is set first so that backends can hash `out` without patching a copy.
    setLength(out, p - HEADER_LENGTH + 24);
    const mac = hashBackend().hmacSha1(options.integrity, out, p, p - HEADER_LENGTH + 24);
    writeHeader(out, p, 0x0008, 20);
    out.set(mac, p + 4);
    p += 24;
  }
  if (options?.integritySha256) {
    // RFC 8489 §14.6: same rule with HMAC-SHA256 (we always send the full 32 bytes).
    setLength(out, p - HEADER_LENGTH + 36);
    const mac = hashBackend().hmacSha256(options.integritySha256, out, p, p - HEADER_LENGTH + 36);
    writeHeader(out, p, 0x001c, 32);
    out.set(mac, p + 4);
    p += 36;
  }
  if (options?.fingerprint) {
    // RFC 8489 §14.7: CRC-32 over the message up to the attribute, length covering it, XOR 0x5354554e.
    setLength(out, p - HEADER_LENGTH + 8);
    const fp = fingerprintValue(out, p);
    writeHeader(out, p, 0x8028, 4);
    out[p + 4] = fp >>> 24;
    out[p + 5] = (fp >>> 16) & 0xff;
    out[p + 6] = (fp >>> 8) & 0xff;
    out[p + 7] = fp & 0xff;
    p += 8;
  }
  setLength(out, p - HEADER_LENGTH);
  return out.slice(0, p);
}

function setLength(out: Uint8Array, length: number): void {
  out[2] = length >>> 8;
  out[3] = length & 0xff;
}

function writeHeader(out: Uint8Array, at: number, code: number, length: number): void {
  out[at] = code >>> 8;
  out[at + 1] = code & 0xff;
  out[at + 2] = length >>> 8;
  out[at + 3] = length & 0xff;
}
