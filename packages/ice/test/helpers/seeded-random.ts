/** A deterministic random-bytes source (xorshift32) so netsim runs are reproducible. */
export function seededRandom(seed: number): (bytes: Uint8Array) => void {
  let s = seed >>> 0 || 1;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      bytes[i] = s & 0xff;
    }
  };
}
