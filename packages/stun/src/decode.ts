import { isComprehensionRequired } from './attributes/codes.js';
import { decodeAttributeValue } from './attributes/decode-value.js';
import type { StunAttribute } from './attributes/types.js';
import { HEADER_LENGTH } from './constants.js';
import { StunError } from './errors.js';
import type { DecodedStunMessage } from './message.js';
import { messageClassOf, messageMethodOf } from './message-type.js';

/**
 * Decodes one STUN message that fills `bytes` exactly (a UDP datagram, or one frame cut from a stream
 * with stunFrameLength). Throws only StunError. Integrity and fingerprint are located, not checked:
 * call verifyIntegrity / verifyFingerprint.
 *
 * RFC 8489 §14.5-14.7: attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
 * FINGERPRINT (and after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT) are ignored: they are skipped
 * and not returned. An attribute after FINGERPRINT is an error.
 */
export function decodeMessage(bytes: Uint8Array): DecodedStunMessage {
  if (!(bytes instanceof Uint8Array)) throw new StunError('invalid-argument', 'expected a Uint8Array');
  const n = bytes.length;
  if (n < HEADER_LENGTH) throw new StunError('truncated', `${n} bytes is shorter than a STUN header`);
  const b0 = bytes[0]!;
  if (b0 & 0xc0) throw new StunError('not-stun', 'the two most significant bits are not zero');
  if (bytes[4] !== 0x21 || bytes[5] !== 0x12 || bytes[6] !== 0xa4 || bytes[7] !== 0x42) {
    throw new StunError('bad-cookie', 'magic cookie is not 0x2112A442');
  }
  const length = (bytes[2]! << 8) | bytes[3]!;
  if (length & 3) throw new StunError('bad-length', `length ${length} is not a multiple of 4`);
  const end = HEADER_LENGTH + length;
  if (end > n) throw new StunError('truncated', `header says ${end} bytes, got ${n}`);
  if (end < n) throw new StunError('bad-length', `${n - end} bytes after the message`);

  const type = (b0 << 8) | bytes[1]!;
  // A copy (Buffer#slice would return a view), so the id outlives a reused receive buffer.
  const transactionId = new Uint8Array(12);
  for (let i = 0; i < 12; i++) transactionId[i] = bytes[8 + i]!;
  const attributes: StunAttribute[] = [];
  let unknownRequired: number[] | undefined;
  let integrityOffset = -1;
  let integritySha256Offset = -1;
  let fingerprintOffset = -1;
  let p = HEADER_LENGTH;
  // p and end are multiples of 4, so an attribute header always fits.
  while (p < end) {
    if (fingerprintOffset >= 0) throw new StunError('fingerprint-not-last', 'attribute after FINGERPRINT');
    const code = (bytes[p]! << 8) | bytes[p + 1]!;
    const alen = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    const v = p + 4;
    if (v + alen > end)
      throw new StunError('attribute-overflow', `attribute 0x${code.toString(16)} runs past the end`);
    if (code === 0x0008) {
      if (integrityOffset >= 0)
        throw new StunError('duplicate-integrity', 'two MESSAGE-INTEGRITY attributes');
      // After MESSAGE-INTEGRITY-SHA256 only FINGERPRINT counts; a later MESSAGE-INTEGRITY is ignored.
      if (integritySha256Offset < 0) {
        if (alen !== 20) throw new StunError('invalid-attribute', 'MESSAGE-INTEGRITY must be 20 bytes');
        integrityOffset = p;
      }
    } else if (code === 0x001c) {
      if (integritySha256Offset >= 0) {
        throw new StunError('duplicate-integrity', 'two MESSAGE-INTEGRITY-SHA256 attributes');
      }
      // RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4 (truncated HMAC allowed).
      if (alen < 16 || alen > 32 || alen & 3) {
        throw new StunError(
          'invalid-attribute',
          'MESSAGE-INTEGRITY-SHA256 must be 16..32 bytes, multiple of 4',
        );
      }
      integritySha256Offset = p;
    } else if (code === 0x8028) {
      if (alen !== 4) throw new StunError('invalid-attribute', 'FINGERPRINT must be 4 bytes');
      fingerprintOffset = p;
    } else if (integrityOffset < 0 && integritySha256Offset < 0) {
      const attr = decodeAttributeValue(code, bytes, v, alen, transactionId);
      if (attr.type === 'RAW' && isComprehensionRequired(code)) (unknownRequired ??= []).push(code);
      attributes.push(attr);
    }
    p = v + ((alen + 3) & ~3);
  }
  return {
    class: messageClassOf(type),
    method: messageMethodOf(type),
    transactionId,
    attributes,
    raw: bytes,
    integrityOffset,
    integritySha256Offset,
    fingerprintOffset,
    unknownRequired: unknownRequired ?? EMPTY,
  };
}

const EMPTY: readonly number[] = Object.freeze([]);
