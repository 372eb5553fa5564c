/**
 * Compare `a[0..n)` with `b[0..n)` in time independent of where they differ, so that a forger
 * learns nothing from how fast a wrong tag is rejected (RFC 3711 §9.5 assumes a sound MAC check).
 * Both arrays must have at least `n` octets; the caller checks lengths (which are public).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array, n: number): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
