import type { RecordLayer } from '../record/layer.js';
import { ContentType, MAX_PLAINTEXT } from '../record/record.js';
import { encodeFragment, HANDSHAKE_HEADER_LENGTH } from './header.js';

export type FlightEntry =
  | {
      readonly kind: 'handshake';
      readonly msgType: number;
      readonly messageSeq: number;
      readonly body: Uint8Array;
      readonly epoch: number;
    }
  | { readonly kind: 'ccs' };

const CCS_BODY = new Uint8Array([1]);
/** Don't start a fragment in a datagram with less room than this; start a new datagram instead. */
const MIN_FRAGMENT = 32;

/**
 * Encode a flight into datagrams of at most `mtu` bytes (RFC 6347 §4.1.1.1, §4.2.3): handshake
 * messages are fragmented to fit and several records share a datagram when they fit. Called anew
 * for every (re)transmission, so every record gets a fresh sequence number.
 * No record carries more than 2^14 bytes of plaintext, nor a protected one (epoch >= 1) more than
 * `protectedLimit`, the peer's record_size_limit when negotiated (RFC 8449 §4; unprotected
 * messages are not subject to it).
 */
export function packFlight(
  entries: readonly FlightEntry[],
  mtu: number,
  records: RecordLayer,
  protectedLimit = MAX_PLAINTEXT,
): Uint8Array[] {
  const datagrams: Uint8Array[] = [];
  let current: Uint8Array[] = [];
  let used = 0;
  const flush = () => {
    if (current.length === 0) return;
    if (current.length === 1) datagrams.push(current[0]!);
    else {
      const d = new Uint8Array(used);
      let pos = 0;
      for (const r of current) {
        d.set(r, pos);
        pos += r.length;
      }
      datagrams.push(d);
    }
    current = [];
    used = 0;
  };
  const push = (rec: Uint8Array) => {
    if (used + rec.length > mtu) flush();
    current.push(rec);
    used += rec.length;
  };

  for (const e of entries) {
    if (e.kind === 'ccs') {
      push(records.seal(ContentType.changeCipherSpec, 0, CCS_BODY));
      continue;
    }
    const perRecord = records.overhead(e.epoch) + HANDSHAKE_HEADER_LENGTH;
    const maxFragment =
      Math.min(MAX_PLAINTEXT, e.epoch === 0 ? MAX_PLAINTEXT : protectedLimit) - HANDSHAKE_HEADER_LENGTH;
    let offset = 0;
    do {
      let room = mtu - used - perRecord;
      if (room < Math.min(MIN_FRAGMENT, e.body.length - offset)) {
        flush();
        room = mtu - perRecord;
      }
      // An MTU too small for any payload still makes progress one byte at a time.
      const n = Math.max(1, Math.min(room, maxFragment, e.body.length - offset));
      const frag = encodeFragment(
        e.msgType,
        e.body.length,
        e.messageSeq,
        offset,
        e.body.subarray(offset, offset + n),
      );
      push(records.seal(ContentType.handshake, e.epoch, frag));
      offset += n;
    } while (offset < e.body.length);
  }
  flush();
  return datagrams;
}
