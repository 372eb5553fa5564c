/** Growable big-endian writer; vector length prefixes are patched in when the vector closes. */
export class Writer {
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u24(v: number): this {
    this.ensure(3);
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u48(v: number): this {
    this.u16(Math.floor(v / 0x1_0000_0000));
    return this.u32(v >>> 0);
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf[this.pos++] = (v >>> 24) & 0xff;
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Write `body` behind a 1/2/3-byte length prefix. */
  vec(lenBytes: 1 | 2 | 3, body: Uint8Array): this {
    if (lenBytes === 1) this.u8(body.length);
    else if (lenBytes === 2) this.u16(body.length);
    else this.u24(body.length);
    return this.bytes(body);
  }

  /** Write a length-prefixed vector whose content is produced by `fill`. */
  nested(lenBytes: 1 | 2 | 3, fill: (w: Writer) => void): this {
    const start = this.pos;
    this.ensure(lenBytes);
    this.pos += lenBytes;
    fill(this);
    const n = this.pos - start - lenBytes;
    for (let i = 0; i < lenBytes; i++) this.buf[start + i] = (n >>> (8 * (lenBytes - 1 - i))) & 0xff;
    return this;
  }

  get length(): number {
    return this.pos;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
