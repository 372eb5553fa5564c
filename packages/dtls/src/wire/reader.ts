import { DtlsError } from '../errors.js';

/** Bounds-checked big-endian reader over a byte view; every overrun is a DtlsError('decode'). */
export class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly what = 'message',
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new DtlsError('decode', `${this.what}: truncated`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const b = this.buf;
    const v = (b[this.pos]! << 16) | (b[this.pos + 1]! << 8) | b[this.pos + 2]!;
    this.pos += 3;
    return v;
  }

  u48(): number {
    const hi = this.u16();
    const lo = this.u32();
    return hi * 0x1_0000_0000 + lo;
  }

  u32(): number {
    this.need(4);
    const b = this.buf;
    const v =
      b[this.pos]! * 0x1000000 + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return v;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A vector with a 1-, 2- or 3-byte length prefix (RFC 5246 §4.3). */
  vec(lenBytes: 1 | 2 | 3): Uint8Array {
    const n = lenBytes === 1 ? this.u8() : lenBytes === 2 ? this.u16() : this.u24();
    return this.bytes(n);
  }

  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  end(): void {
    if (this.remaining !== 0) throw new DtlsError('decode', `${this.what}: trailing bytes`);
  }
}
