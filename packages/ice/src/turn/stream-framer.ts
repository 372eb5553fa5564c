import { streamFrameLength } from '@rtc/stun';

/** Largest frame accepted from a TURN stream (a STUN message or padded ChannelData). */
const MAX_FRAME = 0xffff + 20;

/**
 * RFC 8656 §12.5: over TCP/TLS, STUN messages and ChannelData are sent back to back; this splits the
 * byte stream back into frames. Returns undefined (and poisons itself) on bytes that start neither.
 */
export class StreamFramer {
  private buffer = new Uint8Array(0);
  private broken = false;

  push(bytes: Uint8Array): Uint8Array[] | undefined {
    if (this.broken) return undefined;
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer, 0);
    joined.set(bytes, this.buffer.length);
    const frames: Uint8Array[] = [];
    let off = 0;
    while (joined.length - off >= 4) {
      const len = streamFrameLength(joined.subarray(off));
      if (len === undefined || len > MAX_FRAME) {
        this.broken = true;
        this.buffer = new Uint8Array(0);
        return undefined;
      }
      if (joined.length - off < len) break;
      frames.push(joined.slice(off, off + len));
      off += len;
    }
    this.buffer = joined.slice(off);
    return frames;
  }
}
