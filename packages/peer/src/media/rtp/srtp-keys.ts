// RFC 5764 §4.2: the DTLS exporter ('EXTRACTOR-dtls_srtp') yields client key, server key, client
// salt, server salt; the DTLS client protects with the client half. @rtc/srtp splits the bytes.
import {
  DTLS_SRTP_EXPORTER_LABEL,
  exporterLength,
  type SrtpProfileName,
  SrtpSession,
  type SrtpSessionOptions,
  srtpKeysFromExporter,
} from '@rtc/srtp';

export { DTLS_SRTP_EXPORTER_LABEL };

/** The exporter length to ask DTLS for, for the negotiated use_srtp profile. */
export function srtpExporterLength(profile: SrtpProfileName): number {
  return exporterLength(profile);
}

/**
 * An SRTP session keyed from the DTLS exporter output for the negotiated profile; `role` is our
 * DTLS role ('client' when we sent ClientHello).
 */
export function srtpSessionFromExporter(
  material: Uint8Array,
  profile: SrtpProfileName,
  role: 'client' | 'server',
  options: Omit<SrtpSessionOptions, 'profile' | 'keys'> = {},
): SrtpSession {
  return new SrtpSession({ ...options, profile, keys: srtpKeysFromExporter(material, profile, role) });
}
