import type { StunClass } from './constants.js';
import { StunError } from './errors.js';

const CLASS_BITS: Record<StunClass, number> = {
  request: 0x000,
  indication: 0x010,
  success: 0x100,
  error: 0x110,
};
const CLASSES: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/** RFC 8489 §5: interleaves the 12 method bits M11..M0 with the class bits C1 (bit 8) and C0 (bit 4). */
export function encodeMessageType(cls: StunClass, method: number): number {
  if (!Number.isInteger(method) || method < 0 || method > 0xfff) {
    throw new StunError('invalid-argument', `method ${method} is not 0..0xfff`);
  }
  const c = CLASS_BITS[cls];
  if (c === undefined) throw new StunError('invalid-argument', `unknown class ${String(cls)}`);
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | c;
}

export function messageClassOf(type: number): StunClass {
  return CLASSES[((type >>> 7) & 0x2) | ((type >>> 4) & 0x1)]!;
}

export function messageMethodOf(type: number): number {
  return (type & 0x000f) | ((type >>> 1) & 0x0070) | ((type >>> 2) & 0x0f80);
}
