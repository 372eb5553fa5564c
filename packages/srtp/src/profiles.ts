/**
 * SRTP protection profiles. Names are the DTLS-SRTP `use_srtp` names (RFC 5764 §4.1.2,
 * RFC 7714 §14.2) so that the DTLS glue can pass the negotiated profile straight through.
 */
export type SrtpProfileName =
  | 'SRTP_AES128_CM_HMAC_SHA1_80'
  | 'SRTP_AES128_CM_HMAC_SHA1_32'
  | 'SRTP_AEAD_AES_128_GCM'
  | 'SRTP_AEAD_AES_256_GCM'
  | 'SRTP_NULL_HMAC_SHA1_80'
  | 'SRTP_NULL_HMAC_SHA1_32'
  | 'SRTP_AES192_CM_HMAC_SHA1_80'
  | 'SRTP_AES256_CM_HMAC_SHA1_80';

export type SrtpCipher = 'aes-cm' | 'null' | 'aes-gcm';

export interface SrtpProfile {
  readonly name: SrtpProfileName;
  /** The DTLS-SRTP protection profile code point, or undefined if DTLS-SRTP defines none. */
  readonly id: number | undefined;
  readonly cipher: SrtpCipher;
  /** Master (and session) encryption key length in octets. */
  readonly keyLength: number;
  /** Master salt length in octets (14 for AES-CM, 12 for AEAD, RFC 7714 §12). */
  readonly saltLength: number;
  /** Session authentication key length (HMAC-SHA1: 20 octets, RFC 3711 §8.2); 0 for AEAD. */
  readonly authKeyLength: number;
  /** Authentication tag length of SRTP packets in octets. */
  readonly rtpTagLength: number;
  /** Authentication tag length of SRTCP packets in octets. */
  readonly rtcpTagLength: number;
}

function profile(
  name: SrtpProfileName,
  id: number | undefined,
  cipher: SrtpCipher,
  keyLength: number,
  rtpTagLength: number,
  rtcpTagLength: number,
): SrtpProfile {
  const aead = cipher === 'aes-gcm';
  return Object.freeze({
    name,
    id,
    cipher,
    keyLength,
    saltLength: aead ? 12 : 14,
    authKeyLength: aead ? 0 : 20,
    rtpTagLength,
    rtcpTagLength,
  });
}

// RFC 5764 §4.1.2: the _32 profiles shorten only the SRTP tag; SRTCP keeps the 80-bit tag.
export const SRTP_PROFILES: Readonly<Record<SrtpProfileName, SrtpProfile>> = Object.freeze({
  SRTP_AES128_CM_HMAC_SHA1_80: profile('SRTP_AES128_CM_HMAC_SHA1_80', 0x0001, 'aes-cm', 16, 10, 10),
  SRTP_AES128_CM_HMAC_SHA1_32: profile('SRTP_AES128_CM_HMAC_SHA1_32', 0x0002, 'aes-cm', 16, 4, 10),
  SRTP_NULL_HMAC_SHA1_80: profile('SRTP_NULL_HMAC_SHA1_80', 0x0005, 'null', 16, 10, 10),
  SRTP_NULL_HMAC_SHA1_32: profile('SRTP_NULL_HMAC_SHA1_32', 0x0006, 'null', 16, 4, 10),
  // RFC 7714 §14.2
  SRTP_AEAD_AES_128_GCM: profile('SRTP_AEAD_AES_128_GCM', 0x0007, 'aes-gcm', 16, 16, 16),
  SRTP_AEAD_AES_256_GCM: profile('SRTP_AEAD_AES_256_GCM', 0x0008, 'aes-gcm', 32, 16, 16),
  // RFC 6188: no DTLS-SRTP code point is registered for these; SDES/static keying only.
  SRTP_AES192_CM_HMAC_SHA1_80: profile('SRTP_AES192_CM_HMAC_SHA1_80', undefined, 'aes-cm', 24, 10, 10),
  SRTP_AES256_CM_HMAC_SHA1_80: profile('SRTP_AES256_CM_HMAC_SHA1_80', undefined, 'aes-cm', 32, 10, 10),
});

/** Profiles offered in DTLS use_srtp by default, most preferred first (no NULL cipher). */
export const DEFAULT_DTLS_SRTP_PROFILES: readonly SrtpProfileName[] = Object.freeze([
  'SRTP_AEAD_AES_128_GCM',
  'SRTP_AEAD_AES_256_GCM',
  'SRTP_AES128_CM_HMAC_SHA1_80',
  'SRTP_AES128_CM_HMAC_SHA1_32',
]);

/** The profile for a DTLS-SRTP code point, or undefined if unknown. */
export function profileById(id: number): SrtpProfile | undefined {
  for (const p of Object.values(SRTP_PROFILES)) {
    if (p.id === id) return p;
  }
  return undefined;
}

/** Resolve a profile given by name or object. */
export function resolveProfile(p: SrtpProfileName | SrtpProfile): SrtpProfile | undefined {
  const name = typeof p === 'string' ? p : p.name;
  return Object.hasOwn(SRTP_PROFILES, name) ? SRTP_PROFILES[name] : undefined;
}
