import type { PublicKeyInfo } from '../crypto/backend.js';
import { hash, type PrfHash } from '../crypto/prf.js';
import type { CipherSuite } from '../crypto/suites.js';
import type { SrtpProfile } from '../srtp-profiles.js';
import { HANDSHAKE_HEADER_LENGTH } from './header.js';

/** What a handshake negotiates, plus the transcript (RFC 5246 §7.4.9 handshake_messages). */
export class Session {
  clientRandom: Uint8Array = new Uint8Array(32);
  serverRandom: Uint8Array = new Uint8Array(32);
  suite: CipherSuite | undefined;
  extendedMasterSecret = false;
  srtpProfile: SrtpProfile | undefined;
  /**
   * RFC 8449 §4, set only when record_size_limit was negotiated (both hellos carried it): the
   * peer's limit clamped to 2^14 (the most plaintext a protected record we send may hold) and the
   * limit we advertised (the most a protected record we receive may hold).
   */
  peerRecordSizeLimit: number | undefined;
  ownRecordSizeLimit: number | undefined;
  masterSecret: Uint8Array | undefined;
  peerCertificate: Uint8Array | undefined;
  peerKey: PublicKeyInfo | undefined;
  /** message_seq of the next handshake message we send. */
  sendSeq = 0;
  /** The transcript so far: one append-only buffer, so reading it copies nothing. */
  private transcript = new Uint8Array(0);
  private transcriptLength = 0;

  /** Add a whole message (RFC 6347 §4.2.6: hashed as if unfragmented, with the DTLS header). */
  addToTranscript(msgType: number, messageSeq: number, body: Uint8Array): void {
    const n = HANDSHAKE_HEADER_LENGTH + body.length;
    let t = this.transcript;
    const at = this.transcriptLength;
    if (at + n > t.length) {
      const grown = new Uint8Array(Math.max(2 * t.length, at + n, 4096));
      grown.set(t.subarray(0, at));
      t = this.transcript = grown;
    }
    t[at] = msgType;
    t[at + 1] = body.length >>> 16;
    t[at + 2] = (body.length >>> 8) & 0xff;
    t[at + 3] = body.length & 0xff;
    t[at + 4] = messageSeq >>> 8;
    t[at + 5] = messageSeq & 0xff;
    t[at + 6] = 0; // fragment_offset 0, fragment_length = length
    t[at + 7] = 0;
    t[at + 8] = 0;
    t[at + 9] = t[at + 1]!;
    t[at + 10] = t[at + 2]!;
    t[at + 11] = t[at + 3]!;
    t.set(body, at + HANDSHAKE_HEADER_LENGTH);
    this.transcriptLength = at + n;
  }

  resetTranscript(): void {
    this.transcript = new Uint8Array(0);
    this.transcriptLength = 0;
  }

  /**
   * handshake_messages so far. A view: later messages are appended after it (or into a new
   * buffer), so what it shows never changes; do not write to it.
   */
  transcriptBytes(): Uint8Array {
    return this.transcript.subarray(0, this.transcriptLength);
  }

  transcriptHash(alg: PrfHash): Uint8Array {
    return hash(alg, this.transcriptBytes());
  }
}
