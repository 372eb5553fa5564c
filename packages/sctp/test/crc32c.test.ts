import { crc32cUpdate, crc32cUpdateJs, crc32cUsesWasm } from '../src/crc32c.js';
import { crc32cModuleBytes, WASM_WINDOW } from '../src/crc32c-wasm.js';
import { crc32c, decodeHeader, sctpChecksum } from '../src/index.js';
import { hex, vectors } from './helpers.js';

describe('CRC32C', () => {
  it('matches RFC 3720 B.4 examples', () => {
    const v = vectors('crc32c-rfc3720.json');
    for (const e of v.vectors) {
      expect(crc32c(hex(e.input_hex))).toBe(Number(e.crc_uint32));
      const b = Buffer.alloc(4);
      b.writeUInt32LE(crc32c(hex(e.input_hex)));
      expect(b.toString('hex')).toBe(e.crc_bytes_hex);
    }
  });

  it('matches the CRC RevEng check values', () => {
    const v = vectors('crc-check-values.json');
    for (const e of v.vectors.filter((x: { id: string }) => x.id.startsWith('crc32c'))) {
      expect(crc32c(new TextEncoder().encode(e.input_ascii))).toBe(Number(e.crc_uint32));
    }
  });

  it('agrees with a bitwise CRC on every length 0..100 (slicing tail handling)', () => {
    const bitwise = (d: Uint8Array) => {
      let c = 0xffffffff;
      for (const x of d) {
        c ^= x;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const d = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= 100; n++) expect(crc32c(d.subarray(0, n))).toBe(bitwise(d.subarray(0, n)));
  });

  it('computes the checksum of all 17 aiortc packets (little-endian in the header)', () => {
    const v = vectors('sctp-packets-aiortc.json');
    expect(v.vectors).toHaveLength(17);
    for (const e of v.vectors) {
      const p = hex(e.packet_hex);
      expect(sctpChecksum(p)).toBe(Number(e.common_header.crc32c_uint32));
      expect(decodeHeader(p).checksum).toBe(Number(e.common_header.crc32c_uint32));
    }
  });

  it('runs the WebAssembly loop on Node and it agrees with the JavaScript loop (lengths, offsets, windows)', () => {
    expect(crc32cUsesWasm).toBe(true);
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(crc32cModuleBytes())).toBe(true);
    const big = new Uint8Array(2 * WASM_WINDOW + 77);
    let x = 12345;
    for (let i = 0; i < big.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      big[i] = x >>> 24;
    }
    for (const [s, e] of [
      [0, 64],
      [1, 65],
      [3, 1052],
      [7, 1191],
      [5, 4099],
      [0, WASM_WINDOW],
      [9, WASM_WINDOW + 1],
      [0, big.length],
    ] as const)
      expect(crc32cUpdate(-1, big, s, e)).toBe(crc32cUpdateJs(-1, big, s, e));
    // sctpChecksum takes the field at 8..11 as zero on both paths, whatever it holds.
    const p = big.slice(0, 1052);
    const viaJs = (() => {
      let c = crc32cUpdateJs(-1, p, 0, 8);
      c = crc32cUpdateJs(c, new Uint8Array(4), 0, 4);
      return (crc32cUpdateJs(c, p, 12, p.length) ^ -1) >>> 0;
    })();
    expect(sctpChecksum(p)).toBe(viaJs);
    expect(sctpChecksum(p, 1000)).not.toBe(viaJs);
    expect(p[8]).toBe(big[8]); // the packet itself is untouched
  });
});
