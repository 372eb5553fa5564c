import { DtlsError } from '../errors.js';
import type { RecordProtection } from './protection.js';
import { DTLS_1_2, type DtlsRecord, encodeRecord, RECORD_HEADER_LENGTH } from './record.js';
import { ReplayWindow } from './replay-window.js';

/** Epochs are 0 (handshake in clear) and 1 (after ChangeCipherSpec); we do not renegotiate. */
const EPOCHS = 2;
/** RFC 6347 §4.1: sequence numbers are 48 bits and must not wrap. */
const MAX_SEQ = 2 ** 48 - 1;

export type OpenResult =
  | { readonly ok: true; readonly plaintext: Uint8Array }
  | { readonly ok: false; readonly reason: 'replay' | 'bad-mac' | 'no-keys' | 'bad-epoch' | 'exhausted' };

/**
 * Per-epoch record state (RFC 6347 §4.1): write sequence numbers, read/write protection and one
 * anti-replay window per read epoch. Old epochs stay readable so retransmitted flights are seen.
 */
export class RecordLayer {
  private readonly writeSeq = [0, 0];
  private readonly writers: (RecordProtection | undefined)[] = [undefined, undefined];
  private readonly readers: (RecordProtection | undefined)[] = [undefined, undefined];
  private readonly windows = [new ReplayWindow(), new ReplayWindow()];

  setWriteSeq(epoch: number, seq: number): void {
    this.writeSeq[epoch] = seq;
  }

  installWriter(epoch: number, p: RecordProtection): void {
    this.writers[epoch] = p;
  }

  installReader(epoch: number, p: RecordProtection): void {
    this.readers[epoch] = p;
    this.windows[epoch] = new ReplayWindow();
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
    if (rec.epoch === 0) return { ok: true, plaintext: rec.fragment };
    const window = this.windows[rec.epoch]!;
    if (!window.check(rec.seq)) return { ok: false, reason: 'replay' };
    const r = this.readers[rec.epoch];
    if (!r) return { ok: false, reason: 'no-keys' };
    const plaintext = r.open(rec.type, rec.epoch, rec.seq, rec.fragment);
    if (!plaintext) return { ok: false, reason: 'bad-mac' };
    window.mark(rec.seq);
    return { ok: true, plaintext };
  }
}
