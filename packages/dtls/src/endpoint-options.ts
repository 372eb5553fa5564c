// The options of a DtlsEndpoint (endpoint.ts).
import type { Certificate } from './certificate/certificate.js';
import type { Fingerprint } from './certificate/fingerprint.js';
import type { CryptoBackend, RecordAeadFactory } from './crypto/backend.js';
import type { NamedGroup } from './crypto/groups.js';
import type { CipherSuiteName } from './crypto/suites.js';
import { DtlsError } from './errors.js';
import { MIN_RECORD_SIZE_LIMIT } from './handshake/extensions.js';
import type { ReassemblyLimits } from './handshake/reassembler.js';
import { MAX_PLAINTEXT } from './record/record.js';
import type { SrtpProfile } from './srtp-profiles.js';

export interface DtlsEndpointOptions {
  role: 'client' | 'server';
  certificate: Certificate;
  /** Peer certificate fingerprints (SDP a=fingerprint). May be set later with setRemoteFingerprints. */
  expectedFingerprints?: readonly Fingerprint[] | undefined;
  /** use_srtp profiles in preference order; [] disables use_srtp. */
  srtpProfiles?: readonly SrtpProfile[];
  /** Cipher suites in preference order. */
  cipherSuites?: readonly CipherSuiteName[];
  groups?: readonly NamedGroup[];
  /** Largest datagram sent (default 1200). */
  mtu?: number;
  /** RFC 6347 §4.2.4.1 initial retransmission timer (default 1000 ms), doubling up to 60 s. */
  initialRetransmitMs?: number;
  /** Retransmissions of one flight before the handshake fails (default 10). */
  maxRetransmits?: number;
  /**
   * Server: answer a ClientHello without a cookie with a HelloVerifyRequest first (default true).
   * RFC 6347 §4.2.1 lets a server skip the exchange where amplification is not a problem: under
   * ICE (RFC 8445) the peer's address has passed connectivity checks before any DTLS reaches us,
   * so WebRTC transports can save the round trip.
   */
  cookieExchange?: boolean;
  /** Crypto primitives (default node:crypto; `nobleCrypto` is the portable path). */
  crypto?: CryptoBackend;
  /**
   * Record AEADs to use instead of `crypto`'s for the algorithms this returns one for (see
   * RecordAeadFactory). Default: none, every record goes through `crypto` (node:crypto).
   */
  recordAead?: RecordAeadFactory;
  reassemblyLimits?: Partial<ReassemblyLimits>;
  /**
   * RFC 8449 record_size_limit: the largest plaintext (bytes) we accept in a protected record,
   * an integer 64..16384 (default 16384 = 2^14, DTLS 1.2's maximum, so nothing is restricted: the
   * extension only announces that we take full-size records). Sent in our hello; it applies when
   * the peer sends the extension too (see DtlsEndpoint.peerRecordSizeLimit). `false`: do not send
   * it (nor answer it as a server).
   */
  recordSizeLimit?: number | false;
  /**
   * Client: TLS False Start (RFC 7918). Once the client has sent its Finished, `send()` accepts
   * application data before the server's Finished arrives, saving the server's half round trip,
   * and a `false-start` event says so. Only after the server's certificate matched a fingerprint
   * and its ServerKeyExchange signature verified; every cipher suite here is ECDHE with an AEAD
   * (§3.1's condition). Incoming application data is still held until the server's Finished is
   * verified. Default false (a server ignores it).
   */
  falseStart?: boolean;
}

/** The record_size_limit to advertise, or undefined for none; throws on a value RFC 8449 §4 forbids. */
export function recordSizeLimitOption(value: number | false | undefined): number | undefined {
  if (value === false) return undefined;
  if (value === undefined) return MAX_PLAINTEXT;
  // §4: never below 64; never above the protocol maximum, 2^14 for (D)TLS 1.2.
  if (!Number.isInteger(value) || value < MIN_RECORD_SIZE_LIMIT || value > MAX_PLAINTEXT) {
    throw new DtlsError(
      'invalid-argument',
      `recordSizeLimit must be an integer from ${MIN_RECORD_SIZE_LIMIT} to ${MAX_PLAINTEXT} or false`,
    );
  }
  return value;
}
