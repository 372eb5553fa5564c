import { deriveTrafficKeys } from '../../src/crypto/key-schedule.js';
import { nodeCrypto } from '../../src/crypto/node-backend.js';
import { decodeFragments, encodeFragment } from '../../src/handshake/header.js';
import type { Session } from '../../src/handshake/session.js';
import type { DtlsEndpoint } from '../../src/index.js';
import { RecordProtection } from '../../src/record/protection.js';
import { ContentType, decodeDatagram, encodeRecord } from '../../src/record/record.js';

/** Rewrite every epoch-0 handshake fragment of `msgType` in a datagram with `edit` (same length). */
export function tamperHandshake(
  datagram: Uint8Array,
  msgType: number,
  edit: (body: Uint8Array, fragOffset: number, length: number) => void,
): Uint8Array {
  const { records } = decodeDatagram(datagram);
  const out: Uint8Array[] = [];
  for (const r of records) {
    if (r.type !== ContentType.handshake || r.epoch !== 0) {
      out.push(encodeRecord(r.type, r.epoch, r.seq, r.fragment, r.version));
      continue;
    }
    const frags = decodeFragments(r.fragment).map((f) => {
      const body = new Uint8Array(f.body);
      if (f.msgType === msgType) edit(body, f.fragmentOffset, f.length);
      return encodeFragment(f.msgType, f.length, f.messageSeq, f.fragmentOffset, body);
    });
    out.push(encodeRecord(r.type, r.epoch, r.seq, Buffer.concat(frags), r.version));
  }
  return Buffer.concat(out);
}

/** Flip the last byte of a message (its signature or verify_data) when the fragment holds it. */
export const flipLastByte = (body: Uint8Array, off: number, length: number): void => {
  if (off + body.length === length && body.length > 0) body[body.length - 1]! ^= 0x01;
};

export function sessionOf(ep: DtlsEndpoint): Session {
  return (ep as unknown as { session: Session }).session;
}

/**
 * Re-seal epoch-1 handshake records sent by `sender` after editing their plaintext: simulates a peer
 * that holds the right keys but computes a wrong Finished (MAC valid, verify_data wrong).
 */
export function tamperEncryptedHandshake(
  datagram: Uint8Array,
  sender: DtlsEndpoint,
  edit: (plaintext: Uint8Array) => void,
): Uint8Array {
  const s = sessionOf(sender);
  if (!s.masterSecret || !s.suite) return datagram;
  const k = deriveTrafficKeys(s.suite, s.masterSecret, s.clientRandom, s.serverRandom);
  const isClient = sender.role === 'client';
  const prot = new RecordProtection(
    nodeCrypto,
    s.suite,
    isClient ? k.clientKey : k.serverKey,
    isClient ? k.clientIv : k.serverIv,
  );
  const { records } = decodeDatagram(datagram);
  const out = records.map((r) => {
    if (r.epoch !== 1 || r.type !== ContentType.handshake)
      return encodeRecord(r.type, r.epoch, r.seq, r.fragment, r.version);
    const plain = prot.open(r.type, r.epoch, r.seq, r.fragment)!;
    const copy = new Uint8Array(plain);
    edit(copy);
    return prot.seal(r.type, r.epoch, r.seq, copy);
  });
  return Buffer.concat(out);
}
