// Serial number arithmetic (RFC 9260 §1.6, RFC 1982): 32-bit TSNs and 16-bit SSNs wrap around.

/** a - b as a signed 32-bit distance. */
export function tsnDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export function tsnLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

export function tsnLte(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

export function tsnAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** a - b as a signed 16-bit distance. */
export function ssnDiff(a: number, b: number): number {
  return ((a - b) << 16) >> 16;
}
