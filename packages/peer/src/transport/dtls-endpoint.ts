// The DTLS endpoint of a connection's transport (RFC 8842 roles, RFC 8122 fingerprints) with the
// options WebRTC wants from it.
import {
  type Certificate,
  type CipherSuiteName,
  DtlsEndpoint,
  type Fingerprint,
  type SrtpProfile,
} from '@rtc/dtls';
import { recordAeadFactory } from '@rtc/srtp';

/**
 * DTLS record AEADs from @rtc/srtp: ChaCha20-Poly1305 in WebAssembly and AES-GCM as TableGcm
 * (each undefined where it cannot run: DTLS then uses its node:crypto backend).
 */
const recordAead = recordAeadFactory();

/**
 * ChaCha20-Poly1305 first (RFC 7905), then AES-GCM: our server picks the first suite of this list
 * that the client offers, and our client offers in this order. Per 1,191-byte data-channel record
 * (tools/bench dtls/record-aead, Node 20, 2-core EPYC shared with other work, medians of 7 rounds,
 * three runs) the WebAssembly ChaCha20-Poly1305 costs 3.2-3.9 us to seal and 3.9-4.1 us to open,
 * 0.37-0.48x and 0.48-0.51x of TableGcm's 8.1-8.7 / 7.8-8.5 us; node:crypto's cipher object per
 * record costs 10-13 us to seal and 12-15 us to open for either AEAD. ChaCha20 and Poly1305 are
 * constant-time in software (additions, XORs, rotations, multiplications; no table indexed by
 * secrets), where AES-GCM without carry-less multiply needs GHASH tables that touch key-dependent
 * offsets (srtp ghash.ts) and still runs slower. Chromium and libwebrtc negotiate ChaCha20 in
 * both DTLS roles (tools/interop); werift offers only AES-GCM and gets AES-128-GCM. The RSA suites
 * stay for a peer with an RSA certificate.
 */
const CIPHER_SUITES: readonly CipherSuiteName[] = [
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];

/** The first flight's timer before ICE has measured a round trip (RFC 6347 §4.2.4.1 allows < 1 s). */
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 100;
const MIN_HANDSHAKE_TIMEOUT_MS = 50;
const MAX_HANDSHAKE_TIMEOUT_MS = 3000;

/**
 * The DTLS handshake's initial retransmission timer for a path whose ICE check took `rttMs`: twice
 * the round trip, within 50 ms to 3 s (as libwebrtc configures it). A fixed timer either fires
 * before the answer on long paths (a spurious flight on each side) or waits longer than needed on
 * short ones, e.g. for a server that drops a ClientHello which arrived before its DTLS transport
 * had started (werift starts it only once its own ICE is done).
 */
export function dtlsHandshakeTimeout(rttMs: number | undefined): number {
  if (rttMs === undefined || !Number.isFinite(rttMs) || rttMs < 0) return DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return Math.min(MAX_HANDSHAKE_TIMEOUT_MS, Math.max(MIN_HANDSHAKE_TIMEOUT_MS, 2 * rttMs));
}

export interface DtlsEndpointOptions {
  certificate: Certificate;
  srtpProfiles?: readonly SrtpProfile[] | undefined;
}

export function createDtlsEndpoint(
  role: 'client' | 'server',
  fingerprints: Fingerprint[],
  options: DtlsEndpointOptions,
): DtlsEndpoint {
  return new DtlsEndpoint({
    role,
    certificate: options.certificate,
    expectedFingerprints: fingerprints,
    // use_srtp is offered even for data-only sessions: werift 0.24 fails its DTLS transport
    // ("need srtpProfile") without it, and browsers always negotiate it.
    // RFC 6347 §4.2.4.1 allows a shorter first timer; 1 s loses a whole second when a first
    // flight is lost on a path that was just selected. The transport sets it from the path's ICE
    // round trip once a pair is valid (dtlsHandshakeTimeout).
    initialRetransmitMs: DEFAULT_HANDSHAKE_TIMEOUT_MS,
    // RFC 6347 §4.2.1 lets a server skip HelloVerifyRequest where amplification is not a problem:
    // the ICE agent only delivers datagrams from pairs whose address passed a connectivity check
    // (RFC 8445 §7.3), so the cookie round trip would prove nothing new.
    cookieExchange: false,
    // RFC 7918 False Start (client): SCTP's INIT follows flight 5 instead of waiting for flight 6.
    falseStart: true,
    cipherSuites: CIPHER_SUITES,
    // Records without a cipher object each; AES-GCM uses the same 3-bit GHASH tables as SRTP's
    // default (srtp README: side channels).
    recordAead,
    ...(options.srtpProfiles ? { srtpProfiles: options.srtpProfiles } : {}),
  });
}
