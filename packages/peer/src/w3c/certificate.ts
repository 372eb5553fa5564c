// webrtc-pc §4.9: RTCCertificate, a wrapper over the DTLS certificate (ECDSA P-256 only, as browsers
// default to). generateCertificate() accepts the keygen algorithms browsers accept for ECDSA.
import { Certificate } from '@rtc/dtls';
import { domError } from './errors.js';

export interface RTCDtlsFingerprint {
  algorithm: string;
  value: string;
}

const THIRTY_DAYS = 30 * 86_400_000;

export class RTCCertificate {
  readonly expires: number;
  /** @internal the DTLS certificate and key */
  readonly certificate: Certificate;

  /** @internal use RTCPeerConnection.generateCertificate */
  constructor(certificate: Certificate, expires: number) {
    this.certificate = certificate;
    this.expires = expires;
  }

  #sha256: string | undefined;

  /** @internal the SHA-256 fingerprint (RFC 8122 §5), hashed once: every offer and answer carries it. */
  get sha256Fingerprint(): string {
    this.#sha256 ??= this.certificate.fingerprint('sha-256');
    return this.#sha256;
  }

  getFingerprints(): RTCDtlsFingerprint[] {
    return [{ algorithm: 'sha-256', value: this.sha256Fingerprint }];
  }
}

export type AlgorithmIdentifier = string | { name: string; namedCurve?: string; expires?: number };

export async function generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
  const algo = typeof keygenAlgorithm === 'string' ? { name: keygenAlgorithm } : keygenAlgorithm;
  if (!algo || typeof algo.name !== 'string') throw domError('TypeError', 'keygenAlgorithm needs a name');
  if (algo.name.toUpperCase() !== 'ECDSA' || (algo.namedCurve !== undefined && algo.namedCurve !== 'P-256')) {
    throw domError('NotSupportedError', `Unsupported certificate algorithm ${algo.name}; use ECDSA P-256`);
  }
  const expiresIn = algo.expires ?? THIRTY_DAYS;
  // The certificate's own validity is what DTLS carries; `expires` is the W3C attribute (wall clock).
  const notBefore = Date.now() - 86_400_000;
  return new RTCCertificate(
    Certificate.generate({ notBefore, validityDays: Math.max(1, Math.ceil(expiresIn / 86_400_000) + 1) }),
    Date.now() + expiresIn,
  );
}
