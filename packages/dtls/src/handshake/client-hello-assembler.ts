import { type HandshakeFragment, HandshakeType } from './header.js';

/** Largest fragmented ClientHello reassembled before the cookie exchange (bytes of body). */
export const MAX_FRAGMENTED_CLIENT_HELLO = 8192;
/** RFC 6347 §4.2.2: the first ClientHello has message_seq 0, the one that carries the cookie 1. */
const MAX_CLIENT_HELLO_SEQ = 1;

/**
 * RFC 6347 §4.2.3 for the stateless listener (§4.2.1): a ClientHello larger than the client's MTU
 * (Chromium's is ~1.4 KB) arrives in several fragments, which the server must join before it can
 * compute or verify a cookie. To keep the pre-cookie state fixed and small, one endpoint holds at
 * most one in-progress ClientHello of at most 8 KiB; a fragment of another message_seq or length
 * replaces it. Nothing a sender does can make this state grow.
 */
export class ClientHelloAssembler {
  private messageSeq = -1;
  private body: Uint8Array | undefined;
  /** One flag per byte, so overlapping and re-cut retransmissions are counted once. */
  private have: Uint8Array | undefined;
  private received = 0;

  /** Bytes currently held (for tests and stats: at most 2 x 8 KiB). */
  get bufferedBytes(): number {
    return (this.body?.length ?? 0) + (this.have?.length ?? 0);
  }

  /**
   * Add one ClientHello fragment (not a whole message). Returns the complete body once every byte
   * has arrived, `'partial'` while bytes are missing, `'dropped'` for a fragment not accepted.
   */
  add(f: HandshakeFragment): Uint8Array | 'partial' | 'dropped' {
    if (
      f.msgType !== HandshakeType.clientHello ||
      f.messageSeq > MAX_CLIENT_HELLO_SEQ ||
      f.length === 0 ||
      f.length > MAX_FRAGMENTED_CLIENT_HELLO ||
      f.fragmentOffset + f.body.length > f.length
    ) {
      return 'dropped';
    }
    if (!this.body || !this.have || this.messageSeq !== f.messageSeq || this.body.length !== f.length) {
      this.messageSeq = f.messageSeq;
      this.body = new Uint8Array(f.length);
      this.have = new Uint8Array(f.length);
      this.received = 0;
    }
    const body = this.body;
    const have = this.have;
    body.set(f.body, f.fragmentOffset);
    const end = f.fragmentOffset + f.body.length;
    for (let i = f.fragmentOffset; i < end; i++) {
      if (have[i] === 0) {
        have[i] = 1;
        this.received++;
      }
    }
    if (this.received < body.length) return 'partial';
    this.clear();
    return body;
  }

  clear(): void {
    this.messageSeq = -1;
    this.body = undefined;
    this.have = undefined;
    this.received = 0;
  }
}
