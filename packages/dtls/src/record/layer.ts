import { DtlsError } from '../errors.js';
import type { RecordProtection } from './protection.js';
import {
  ContentType,
  DTLS_1_2,
  type DtlsRecord,
  encodeRecord,
  MAX_PLAINTEXT,
  RECORD_HEADER_LENGTH,
} from './record.js';
import { ReplayWindow } from './replay-window.js';

/** Epochs are 0 (handshake in clear) and 1 (after ChangeCipherSpec); we do not renegotiate. */
const EPOCHS = 2;
/** RFC 6347 §4.1: sequence numbers are 48 bits and must not wrap. */
const MAX_SEQ = 2 ** 48 - 1;

export type OpenResult =
  | { readonly ok: true; readonly plaintext: Uint8Array }
  | {
      readonly ok: false;
      /**
       * `too-long`: an epoch-0 (unauthenticated) fragment over 2^14 bytes, dropped.
       * `overflow`: an authenticated record whose plaintext exceeds the read limit of its epoch
       * (2^14, or the record_size_limit we advertised, RFC 8449 §4): the caller fails the
       * connection with record_overflow (RFC 5246 §6.2.1, §7.2.2).
       */
      readonly reason: 'replay' | 'bad-mac' | 'no-keys' | 'bad-epoch' | 'too-long' | 'overflow';
    };

/**
 * Per-epoch record state (RFC 6347 §4.1): write sequence numbers, read/write protection and the
 * anti-replay windows of each read epoch. Old epochs stay readable so retransmitted flights are seen.
 */
export class RecordLayer {
  private readonly writeSeq = [0, 0];
  private readonly writers: (RecordProtection | undefined)[] = [undefined, undefined];
  private readonly readers: (RecordProtection | undefined)[] = [undefined, undefined];
  /**
   * RFC 6347 §4.1.2.6 anti-replay, per read epoch and per content class: handshake records in one
   * window, every other type in the other. The AEAD's additional data covers the content type (RFC
   * 5246 §6.2.3.3), so an application record at a sequence number the peer's Finished already used
   * is a second record the peer made, not a replay: werift 0.24, as a DTLS client, numbers its
   * Finished after its epoch-0 records and restarts its application records at 1. A single window
   * dropped one of its application records as a replay; when that record carried SCTP DATA, werift's
   * fast retransmit cut its congestion window to 4 MTUs, and echoing through it ran ~10x slower. A
   * replay of either record still has its own type and is dropped. (werift's AES-GCM nonce is its
   * epoch and sequence number, so those two records also share a nonce: werift's weakness, which
   * dropping one of them would not undo, since both were on the wire.)
   */
  private readonly windows = [new ReplayWindow(), new ReplayWindow()];
  private readonly handshakeWindows = [new ReplayWindow(), new ReplayWindow()];
  private readonly readLimits = [MAX_PLAINTEXT, MAX_PLAINTEXT];

  setWriteSeq(epoch: number, seq: number): void {
    this.writeSeq[epoch] = seq;
  }

  installWriter(epoch: number, p: RecordProtection): void {
    this.writers[epoch] = p;
  }

  /**
   * `maxPlaintext`: the largest plaintext a record of this epoch may carry (default 2^14); RFC 8449
   * §4: the record_size_limit we advertised, when negotiated in the handshake that made these keys.
   */
  installReader(epoch: number, p: RecordProtection, maxPlaintext = MAX_PLAINTEXT): void {
    this.readers[epoch] = p;
    this.windows[epoch] = new ReplayWindow();
    this.handshakeWindows[epoch] = new ReplayWindow();
    this.readLimits[epoch] = Math.min(maxPlaintext, MAX_PLAINTEXT);
  }

  canRead(epoch: number): boolean {
    return epoch === 0 || this.readers[epoch] !== undefined;
  }

  canWrite(epoch: number): boolean {
    return epoch === 0 || this.writers[epoch] !== undefined;
  }

  /** Bytes a record of this epoch adds around its plaintext. */
  overhead(epoch: number): number {
    return RECORD_HEADER_LENGTH + (this.writers[epoch]?.overhead ?? 0);
  }

  /** Frame (and, in epoch 1, encrypt) one record with the next sequence number of its epoch. */
  seal(type: number, epoch: number, plaintext: Uint8Array, version = DTLS_1_2): Uint8Array {
    const seq = this.writeSeq[epoch]!;
    if (seq > MAX_SEQ) throw new DtlsError('invalid-state', 'DTLS sequence number space exhausted');
    this.writeSeq[epoch] = seq + 1;
    const w = this.writers[epoch];
    return w ? w.seal(type, epoch, seq, plaintext) : encodeRecord(type, epoch, seq, plaintext, version);
  }

  /** RFC 6347 §4.1.2.6: replay check before, window update only after authentication. */
  open(rec: DtlsRecord): OpenResult {
    if (rec.epoch >= EPOCHS) return { ok: false, reason: 'bad-epoch' };
    // Epoch 0 is unauthenticated: letting it move a window would let anyone block the real peer's
    // records. Duplicates there are caught by handshake message_seq instead.
    if (rec.epoch === 0) {
      // RFC 6347 §4.1: DTLSPlaintext.length <= 2^14. Unauthenticated, so dropped, not fatal.
      if (rec.fragment.length > MAX_PLAINTEXT) return { ok: false, reason: 'too-long' };
      return { ok: true, plaintext: rec.fragment };
    }
    const window = (rec.type === ContentType.handshake ? this.handshakeWindows : this.windows)[rec.epoch]!;
    if (!window.check(rec.seq)) return { ok: false, reason: 'replay' };
    const r = this.readers[rec.epoch];
    if (!r) return { ok: false, reason: 'no-keys' };
    const plaintext = r.open(rec.type, rec.epoch, rec.seq, rec.fragment);
    if (!plaintext) return { ok: false, reason: 'bad-mac' };
    window.mark(rec.seq);
    // Checked after authentication: only the peer itself can make this record, so failing the
    // connection cannot be triggered by an off-path sender (RFC 6347 §4.1.2.7 drops forgeries).
    if (plaintext.length > this.readLimits[rec.epoch]!) return { ok: false, reason: 'overflow' };
    return { ok: true, plaintext };
  }
}
