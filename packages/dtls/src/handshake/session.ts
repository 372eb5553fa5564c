import type { PublicKeyInfo } from '../crypto/backend.js';
import { hash, type PrfHash } from '../crypto/prf.js';
import type { CipherSuite } from '../crypto/suites.js';
import type { SrtpProfile } from '../srtp-profiles.js';
import { encodeWholeMessage } from './header.js';

/** What a handshake negotiates, plus the transcript (RFC 5246 §7.4.9 handshake_messages). */
export class Session {
  clientRandom: Uint8Array = new Uint8Array(32);
  serverRandom: Uint8Array = new Uint8Array(32);
  suite: CipherSuite | undefined;
  extendedMasterSecret = false;
  srtpProfile: SrtpProfile | undefined;
  masterSecret: Uint8Array | undefined;
  peerCertificate: Uint8Array | undefined;
  peerKey: PublicKeyInfo | undefined;
  /** message_seq of the next handshake message we send. */
  sendSeq = 0;
  private messages: Uint8Array[] = [];

  /** Add a whole message (RFC 6347 §4.2.6: hashed as if unfragmented, with the DTLS header). */
  addToTranscript(msgType: number, messageSeq: number, body: Uint8Array): void {
    this.messages.push(encodeWholeMessage(msgType, messageSeq, body));
  }

  resetTranscript(): void {
    this.messages = [];
  }

  transcriptBytes(): Uint8Array {
    let n = 0;
    for (const m of this.messages) n += m.length;
    const out = new Uint8Array(n);
    let pos = 0;
    for (const m of this.messages) {
      out.set(m, pos);
      pos += m.length;
    }
    return out;
  }

  transcriptHash(alg: PrfHash): Uint8Array {
    return hash(alg, this.transcriptBytes());
  }
}
