// The DTLS endpoint of a connection's transport (RFC 8842 roles, RFC 8122 fingerprints) with the
// options WebRTC wants from it.
import { type Certificate, DtlsEndpoint, type Fingerprint, type SrtpProfile } from '@rtc/dtls';
import { tableGcmFactory } from '@rtc/srtp';

/** DTLS record AES-GCM from @rtc/srtp (undefined where it cannot run: DTLS then uses node:crypto). */
const recordGcm = tableGcmFactory();

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
    // flight is lost on a path that was just selected.
    initialRetransmitMs: 100,
    // RFC 6347 §4.2.1 lets a server skip HelloVerifyRequest where amplification is not a problem:
    // the ICE agent only delivers datagrams from pairs whose address passed a connectivity check
    // (RFC 8445 §7.3), so the cookie round trip would prove nothing new.
    cookieExchange: false,
    // AES-GCM records without a cipher object each (~1.2x the node:crypto path, tools/bench dtls);
    // the same 3-bit GHASH tables as SRTP's default (srtp README: side channels).
    recordAead: recordGcm,
    ...(options.srtpProfiles ? { srtpProfiles: options.srtpProfiles } : {}),
  });
}
