import type { Aead, CryptoBackend, RecordAeadFactory } from '../crypto/backend.js';
import type { CipherSuite } from '../crypto/suites.js';
import { allocate } from './allocate.js';
import { DTLS_1_2, RECORD_HEADER_LENGTH, writeRecordHeader, writeSeq48 } from './record.js';

const TAG_LENGTH = 16;
/**
 * AES-GCM records of one direction sealed or opened with the backend's AEAD before an injected one
 * is made: @rtc/srtp's table GCM costs ~80 us to key (GHASH tables) and saves ~2 us a record, so
 * handshakes and light connections never pay for it, bulk directions switch early. An injected
 * ChaCha20-Poly1305 is made at the first record: it has no key schedule to amortize, and each
 * record on the backend would cost a node:crypto cipher object (~12 us).
 */
export const RECORD_AEAD_AFTER = 64;

/**
 * AEAD protection of one direction of one epoch.
 * AES-GCM (RFC 5288 §3): nonce = salt(4) || explicit(8), the explicit part is epoch||seq and is sent
 * in front of the ciphertext (never random, DESIGN.md). ChaCha20-Poly1305 (RFC 7905 §2): nonce =
 * IV(12) XOR (0^32 || epoch||seq), nothing explicit on the wire.
 * AAD (RFC 5246 §6.2.3.3, RFC 6347 §4.1.2.1): epoch||seq(8) || type || version || plaintext length.
 */
export class RecordProtection {
  private aead: Aead;
  private injected: (() => Aead | undefined) | undefined;
  private records = 0;
  private readonly injectAfter: number;
  private readonly iv: Uint8Array;
  private readonly explicit: number;
  private readonly nonce = new Uint8Array(12);
  private readonly aad = new Uint8Array(13);

  /**
   * `recordAead`, when given and when it returns an AEAD for this suite's algorithm, replaces the
   * backend's after RECORD_AEAD_AFTER records for AES-GCM, from the first record for
   * ChaCha20-Poly1305 (DtlsEndpointOptions.recordAead); both compute the
   * same AEAD, so the switch is invisible on the wire. Nonces and AAD are made here either way.
   */
  constructor(
    backend: CryptoBackend,
    suite: CipherSuite,
    key: Uint8Array,
    iv: Uint8Array,
    recordAead?: RecordAeadFactory,
  ) {
    this.aead = backend.createAead(suite.aead, key);
    if (recordAead) this.injected = () => recordAead(suite.aead, key);
    this.injectAfter = suite.aead === 'chacha20-poly1305' ? 0 : RECORD_AEAD_AFTER;
    this.iv = iv;
    this.explicit = suite.explicitNonceLength;
  }

  /** Bytes added to a plaintext fragment. */
  get overhead(): number {
    return this.explicit + TAG_LENGTH;
  }

  private current(): Aead {
    if (this.injected !== undefined && ++this.records > this.injectAfter) {
      const make = this.injected;
      this.injected = undefined;
      this.aead = make() ?? this.aead;
    }
    return this.aead;
  }

  private setNonce(epoch: number, seq: number): void {
    const n = this.nonce;
    if (this.explicit) {
      n.set(this.iv.subarray(0, 4), 0);
      n[4] = epoch >>> 8;
      n[5] = epoch & 0xff;
      writeSeq48(n, 6, seq);
    } else {
      n.set(this.iv);
      n[4]! ^= epoch >>> 8;
      n[5]! ^= epoch & 0xff;
      const hi = Math.floor(seq / 0x1_0000_0000);
      const lo = seq >>> 0;
      n[6]! ^= hi >>> 8;
      n[7]! ^= hi & 0xff;
      n[8]! ^= lo >>> 24;
      n[9]! ^= (lo >>> 16) & 0xff;
      n[10]! ^= (lo >>> 8) & 0xff;
      n[11]! ^= lo & 0xff;
    }
  }

  private setAad(type: number, epoch: number, seq: number, length: number): void {
    const a = this.aad;
    a[0] = epoch >>> 8;
    a[1] = epoch & 0xff;
    writeSeq48(a, 2, seq);
    a[8] = type;
    a[9] = DTLS_1_2 >>> 8;
    a[10] = DTLS_1_2 & 0xff;
    a[11] = length >>> 8;
    a[12] = length & 0xff;
  }

  /** Encrypt and frame a whole record (header included). */
  seal(type: number, epoch: number, seq: number, plaintext: Uint8Array): Uint8Array {
    this.setNonce(epoch, seq);
    this.setAad(type, epoch, seq, plaintext.length);
    const len = this.explicit + plaintext.length + TAG_LENGTH;
    const out = allocate(RECORD_HEADER_LENGTH + len);
    writeRecordHeader(out, 0, type, DTLS_1_2, epoch, seq, len);
    if (this.explicit) out.set(this.nonce.subarray(4), RECORD_HEADER_LENGTH);
    this.current().sealInto(out, RECORD_HEADER_LENGTH + this.explicit, this.nonce, this.aad, plaintext);
    return out;
  }

  /** Decrypt a record fragment; undefined when too short or the tag fails (bad_record_mac). */
  open(type: number, epoch: number, seq: number, fragment: Uint8Array): Uint8Array | undefined {
    if (fragment.length < this.explicit + TAG_LENGTH) return undefined;
    if (this.explicit) {
      this.nonce.set(this.iv.subarray(0, 4), 0);
      this.nonce.set(fragment.subarray(0, 8), 4);
    } else {
      this.setNonce(epoch, seq);
    }
    const sealed = fragment.subarray(this.explicit);
    this.setAad(type, epoch, seq, sealed.length - TAG_LENGTH);
    return this.current().open(this.nonce, this.aad, sealed);
  }
}
