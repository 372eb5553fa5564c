import type { CryptoBackend, PublicKeyInfo, SigningKey } from '../crypto/backend.js';
import { nodeCrypto } from '../crypto/node-backend.js';
import { randomBytes } from '../crypto/random.js';
import { DtlsError } from '../errors.js';
import { computeFingerprint, type Fingerprint, type FingerprintAlgorithm } from './fingerprint.js';
import { encodeCertificate, encodeTbs, readPublicKeyInfo } from './x509.js';

export interface CertificateOptions {
  /** Wall-clock time (ms since 1970) for notBefore; default 2025-01-01 (no clock is read here). */
  notBefore?: number;
  /** Validity in days (default 3650). Browsers do not check it for DTLS; OpenSSL only reports it. */
  validityDays?: number;
  commonName?: string;
  /** Key generation and signing (default node:crypto; `nobleCrypto` is the portable path). */
  crypto?: CryptoBackend;
}

const DEFAULT_NOT_BEFORE = Date.UTC(2025, 0, 1);

/** A self-signed ECDSA P-256 certificate with its private key (a fresh key pair per certificate). */
export class Certificate {
  /** DER encoding as sent in the Certificate message. */
  readonly der: Uint8Array;
  readonly key: SigningKey;
  private readonly fingerprints = new Map<FingerprintAlgorithm, string>();

  private constructor(der: Uint8Array, key: SigningKey) {
    this.der = der;
    this.key = key;
  }

  static generate(options: CertificateOptions = {}): Certificate {
    const backend = options.crypto ?? nodeCrypto;
    const key = backend.generateSigningKey();
    const notBefore = options.notBefore ?? DEFAULT_NOT_BEFORE;
    const serial = randomBytes(8);
    serial[0]! &= 0x7f;
    const tbs = encodeTbs({
      serial,
      commonName: options.commonName ?? 'WebRTC',
      notBefore,
      notAfter: notBefore + (options.validityDays ?? 3650) * 86_400_000,
      publicKey: key.publicKey,
    });
    const signature = backend.sign(key, tbs);
    return new Certificate(encodeCertificate(tbs, signature), key);
  }

  /** Reuse a stored certificate: DER plus its P-256 private key scalar (32 bytes). */
  static fromKey(der: Uint8Array, privateKey: Uint8Array): Certificate {
    const info = readPublicKeyInfo(der);
    if (info.kind !== 'ec' || info.curve !== 'P-256')
      throw new DtlsError('invalid-argument', 'only ECDSA P-256 certificates can be used locally');
    return new Certificate(new Uint8Array(der), {
      privateKey: new Uint8Array(privateKey),
      publicKey: info.point,
    });
  }

  /** The fingerprint in SDP format ("AB:CD:..."), for `a=fingerprint:sha-256 <value>`. */
  fingerprint(algorithm: FingerprintAlgorithm = 'sha-256'): string {
    let fp = this.fingerprints.get(algorithm);
    if (!fp) {
      fp = computeFingerprint(algorithm, this.der);
      this.fingerprints.set(algorithm, fp);
    }
    return fp;
  }

  sdpFingerprint(algorithm: FingerprintAlgorithm = 'sha-256'): Fingerprint {
    return { algorithm, value: this.fingerprint(algorithm) };
  }

  get publicKeyInfo(): PublicKeyInfo {
    return readPublicKeyInfo(this.der);
  }
}
