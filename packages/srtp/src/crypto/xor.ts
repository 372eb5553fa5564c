/** output = input XOR ks over n octets; by 32-bit words when output and ks are 4-aligned. */
export function xorInto(output: Uint8Array, input: Uint8Array, ks: Uint8Array, n: number): void {
  const words = n >>> 2;
  if (((output.byteOffset | ks.byteOffset) & 3) === 0) {
    // Copy first (memcpy), then XOR the aligned keystream over it word by word. Byte order does
    // not matter for XOR, so this is the same on any host.
    output.set(input.subarray(0, n));
    const o = new Uint32Array(output.buffer, output.byteOffset, words);
    const k = new Uint32Array(ks.buffer, ks.byteOffset, words);
    for (let i = 0; i < words; i++) o[i] = (o[i] as number) ^ (k[i] as number);
    for (let i = words << 2; i < n; i++) output[i] = (output[i] as number) ^ (ks[i] as number);
    return;
  }
  for (let i = 0; i < n; i++) output[i] = (input[i] as number) ^ (ks[i] as number);
}
