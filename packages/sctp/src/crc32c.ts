// CRC32C (Castagnoli), the SCTP checksum (RFC 9260 §6.8 and Appendix A, RFC 3309). Slicing-by-8:
// eight 256-entry tables let the loop consume 8 bytes per iteration.

const POLY = 0x82f63b78; // reflected 0x1EDC6F41

const TABLE = /* @__PURE__ */ (() => {
  const t = new Uint32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    let c = t[i]!;
    for (let s = 1; s < 8; s++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[s * 256 + i] = c >>> 0;
    }
  }
  return t;
})();

/** Continue a CRC32C over `data[start, end)`. `crc` is the running register (start with 0xffffffff). */
export function crc32cUpdate(crc: number, data: Uint8Array, start: number, end: number): number {
  const t = TABLE;
  let c = crc;
  let i = start;
  const end8 = end - ((end - start) & 7);
  while (i < end8) {
    const lo = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    const hi = data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
    c =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + (hi & 0xff)]! ^
      t[512 + ((hi >>> 8) & 0xff)]! ^
      t[256 + ((hi >>> 16) & 0xff)]! ^
      t[hi >>> 24]!;
    i += 8;
  }
  while (i < end) c = t[(c ^ data[i++]!) & 0xff]! ^ (c >>> 8);
  return c;
}

/** CRC32C of a whole buffer, as the unsigned register value. */
export function crc32c(data: Uint8Array): number {
  return (crc32cUpdate(0xffffffff, data, 0, data.length) ^ 0xffffffff) >>> 0;
}

const ZERO4 = new Uint8Array(4);

/**
 * The SCTP packet checksum: CRC32C over the packet with the checksum field (bytes 8..11) taken as
 * zero (RFC 9260 §6.8), without modifying the packet.
 */
export function sctpChecksum(packet: Uint8Array, length: number = packet.length): number {
  let c = crc32cUpdate(0xffffffff, packet, 0, 8);
  c = crc32cUpdate(c, ZERO4, 0, 4);
  c = crc32cUpdate(c, packet, 12, length);
  return (c ^ 0xffffffff) >>> 0;
}
