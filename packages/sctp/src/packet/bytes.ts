// Big-endian field access on plain Uint8Arrays (network byte order, RFC 9260 §3). Kept tiny and
// monomorphic: these run once per chunk field on the hot path.

export function read16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function read32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function write16(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 8;
  b[o + 1] = v;
}

export function write32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}

/** Chunks and parameters are padded to a multiple of 4 bytes (RFC 9260 §3.2). */
export function pad4(n: number): number {
  return (n + 3) & ~3;
}
