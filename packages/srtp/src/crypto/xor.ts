/**
 * output = input XOR ks over n octets; by 32-bit words when output and ks are 4-aligned (byte
 * order does not matter for XOR). output may be input itself.
 */
export function xorInto(output: Uint8Array, input: Uint8Array, ks: Uint8Array, n: number): void {
  const words = n >>> 2;
  if (((output.byteOffset | ks.byteOffset) & 3) === 0) {
    if ((input.byteOffset & 3) === 0) {
      const o = new Int32Array(output.buffer, output.byteOffset, words);
      const x = new Int32Array(input.buffer, input.byteOffset, words);
      const k = new Int32Array(ks.buffer, ks.byteOffset, words);
      for (let i = 0; i < words; i++) o[i] = (x[i] as number) ^ (k[i] as number);
      for (let i = words << 2; i < n; i++) output[i] = (input[i] as number) ^ (ks[i] as number);
      return;
    }
    // Unaligned input: copy it first (memcpy), then XOR the keystream over it word by word.
    output.set(input.length === n ? input : input.subarray(0, n));
    const o = new Int32Array(output.buffer, output.byteOffset, words);
    const k = new Int32Array(ks.buffer, ks.byteOffset, words);
    for (let i = 0; i < words; i++) o[i] = (o[i] as number) ^ (k[i] as number);
    for (let i = words << 2; i < n; i++) output[i] = (output[i] as number) ^ (ks[i] as number);
    return;
  }
  for (let i = 0; i < n; i++) output[i] = (input[i] as number) ^ (ks[i] as number);
}
