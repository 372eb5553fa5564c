import type { HandshakeFragment } from './header.js';

/** A complete handshake message, in message_seq order. */
export interface HandshakeMessage {
  readonly msgType: number;
  readonly messageSeq: number;
  readonly epoch: number;
  readonly body: Uint8Array;
}

export interface ReassemblyLimits {
  /** Largest handshake message accepted (bytes). */
  maxMessageLength: number;
  /** How far ahead of the next expected message_seq fragments are kept. */
  maxAhead: number;
  /** Total bytes buffered over all partial messages. */
  maxBufferedBytes: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxMessageLength: 32 * 1024,
  maxAhead: 8,
  maxBufferedBytes: 96 * 1024,
};

interface Partial {
  msgType: number;
  epoch: number;
  body: Uint8Array;
  /** One flag per byte: constant memory per message however the peer fragments it. */
  have: Uint8Array;
  received: number;
}

export type FragmentResult = 'accepted' | 'old' | 'dropped';

/**
 * RFC 6347 §4.2.3 reassembly: fragments may arrive out of order, duplicated, overlapping or cut
 * at different offsets by a retransmission. Bounded in message size, look-ahead and total bytes.
 */
export class Reassembler {
  private nextSeq: number;
  private readonly partial = new Map<number, Partial>();
  private buffered = 0;

  constructor(
    nextSeq = 0,
    private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS,
  ) {
    this.nextSeq = nextSeq;
  }

  get expectedSeq(): number {
    return this.nextSeq;
  }

  add(f: HandshakeFragment, epoch: number): FragmentResult {
    if (f.messageSeq < this.nextSeq) return 'old';
    if (f.messageSeq >= this.nextSeq + this.limits.maxAhead) return 'dropped';
    if (f.length > this.limits.maxMessageLength) return 'dropped';
    let p = this.partial.get(f.messageSeq);
    if (!p) {
      if (this.buffered + f.length > this.limits.maxBufferedBytes) return 'dropped';
      p = {
        msgType: f.msgType,
        epoch,
        body: new Uint8Array(f.length),
        have: new Uint8Array(f.length),
        received: 0,
      };
      this.partial.set(f.messageSeq, p);
      this.buffered += f.length;
    } else if (p.msgType !== f.msgType || p.body.length !== f.length || p.epoch !== epoch) {
      return 'dropped';
    }
    if (p.received === p.body.length) return 'accepted';
    p.body.set(f.body, f.fragmentOffset);
    const end = f.fragmentOffset + f.body.length;
    for (let i = f.fragmentOffset; i < end; i++) {
      if (p.have[i] === 0) {
        p.have[i] = 1;
        p.received++;
      }
    }
    return 'accepted';
  }

  /** The next complete in-order message, if any. */
  pop(): HandshakeMessage | undefined {
    const p = this.partial.get(this.nextSeq);
    if (!p || p.received !== p.body.length) return undefined;
    this.partial.delete(this.nextSeq);
    this.buffered -= p.body.length;
    const m = { msgType: p.msgType, messageSeq: this.nextSeq, epoch: p.epoch, body: p.body };
    this.nextSeq++;
    return m;
  }

  /** Skip ahead (after a stateless HelloVerifyRequest exchange the next seq is already known). */
  reset(nextSeq: number): void {
    this.partial.clear();
    this.buffered = 0;
    this.nextSeq = nextSeq;
  }
}
